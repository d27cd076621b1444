package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * A form that declares no charset is decoded as {@code request.encoding} says, whatever the container's default (the
 * Tomcat tests show the ISO-8859-1 it would take otherwise).
 */
class RequestEncodingFilterTest {

    private static final String TEXT = "Grüße, ça va? 日本";
    private static final String FORM = "message=" + URLEncoder.encode(TEXT, StandardCharsets.UTF_8);

    @Nested
    class ByDefault {

        @Test
        void givesARequestWithoutCharsetUtf8() throws Exception {
            try (TestSite site = TestSite.start(Map.of())) {
                Map<String, String> seen = TestSite.parse(
                        site.post("/", "application/x-www-form-urlencoded", FORM).body());
                assertThat(seen).containsEntry("characterEncoding", "UTF-8");
                assertThat(TestSite.parse(site.post("/forms/contact", "application/x-www-form-urlencoded", FORM)
                        .body())).containsEntry("field.message", TEXT);
            }
        }

        @Test
        void keepsTheCharsetARequestDeclares() throws Exception {
            try (TestSite site = TestSite.start(Map.of())) {
                Map<String, String> seen = TestSite.parse(site.post("/",
                        "application/x-www-form-urlencoded; charset=ISO-8859-1", "message=caf%E9").body());
                assertThat(seen).containsEntry("characterEncoding", "ISO-8859-1");
            }
        }
    }

    @Test
    void leavesTheContainerAloneWhenEmpty() throws Exception {
        try (TestSite site = TestSite.start(Map.of("request.encoding", ""))) {
            Map<String, String> seen = TestSite.parse(site.post("/", "application/x-www-form-urlencoded", FORM).body());
            assertThat(seen).containsEntry("characterEncoding", "null");
        }
    }
}
