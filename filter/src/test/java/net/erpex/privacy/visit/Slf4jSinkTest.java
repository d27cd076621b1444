package net.erpex.privacy.visit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class Slf4jSinkTest {

    private final List<String> lines = new ArrayList<>();
    private final Slf4jSink sink = new Slf4jSink((stream, json) -> lines.add(stream + " " + json));

    @Test
    void logsOneJsonLinePerRecordUnderItsStream() throws IOException {
        sink.write(List.of(TestRecords.record("a", TestRecords.NOON), TestRecords.record("b", TestRecords.NOON)));

        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).startsWith("visits {\"id\":\"a\",").doesNotContain("\n");
        assertThat(new ObjectMapper().readTree(lines.get(1).substring("visits ".length())).get("id").asText())
                .isEqualTo("b");
    }

    @Test
    void logsNothingOfABatchThatCannotBeSerialised() {
        LogRecord broken = new LogRecord() {
            @Override
            public String stream() {
                return "visits";
            }

            @Override
            public Instant time() {
                return TestRecords.NOON;
            }

            @Override
            public String id() {
                return "broken";
            }

            @Override
            public void writeJson(JsonWriter w) {
                w.startObject();
            }
        };

        assertThatThrownBy(() -> sink.write(List.of(TestRecords.record("a", TestRecords.NOON), broken)))
                .isInstanceOf(IOException.class).hasMessageContaining("broken");
        assertThat(lines).isEmpty();
    }

    @Test
    void logsVisitsOnTheDedicatedLogger() throws IOException {
        try (Slf4jSink real = new Slf4jSink()) {
            real.write(List.of(TestRecords.record("a", TestRecords.NOON)));
        }

        assertThat(Slf4jSink.loggerFor(VisitRecord.STREAM).getName()).isEqualTo("net.erpex.privacy.visits");
    }
}
