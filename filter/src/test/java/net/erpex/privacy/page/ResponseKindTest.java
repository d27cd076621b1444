package net.erpex.privacy.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What a response is, from what the browser said it will do with it, else from its media type. */
class ResponseKindTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            document         | NAVIGATION
            iframe           | NAVIGATION
            frame            | NAVIGATION
            fencedframe      | NAVIGATION
            embed            | EMBEDDED
            object           | EMBEDDED
            worker           | WORKER
            sharedworker     | WORKER
            serviceworker    | WORKER
            style            | SUBRESOURCE
            script           | SUBRESOURCE
            image            | SUBRESOURCE
            empty            | SUBRESOURCE
            font             | SUBRESOURCE
            audioworklet     | SUBRESOURCE
            paintworklet     | SUBRESOURCE
            Document         | UNKNOWN
            ' document'      | UNKNOWN
            nonsense         | UNKNOWN
            ''               | UNKNOWN
            """)
    void theDestinationIsWhatTheFetchStandardNames(String header, Destination expected) {
        assertThat(Destination.of(header)).isEqualTo(expected);
    }

    @Test
    void aBrowserThatSaysNothingIsTakenAtTheResponsesWord() {
        assertThat(Destination.of(null)).isEqualTo(Destination.UNKNOWN);
        assertThat(ResponseKind.of(Destination.UNKNOWN, "text/html; charset=utf-8")).isEqualTo(ResponseKind.DOCUMENT);
        assertThat(ResponseKind.of(Destination.UNKNOWN, "text/css")).isEqualTo(ResponseKind.OTHER);
        assertThat(ResponseKind.of(Destination.UNKNOWN, null)).isEqualTo(ResponseKind.OTHER);
    }

    @Test
    void aBrowserThatSaysItIsBelievedWhateverTheMediaType() {
        assertThat(ResponseKind.of(Destination.NAVIGATION, "application/json")).isEqualTo(ResponseKind.DOCUMENT);
        assertThat(ResponseKind.of(Destination.EMBEDDED, null)).isEqualTo(ResponseKind.DOCUMENT);
        assertThat(ResponseKind.of(Destination.WORKER, "text/javascript")).isEqualTo(ResponseKind.WORKER);
        assertThat(ResponseKind.of(Destination.SUBRESOURCE, "text/html")).isEqualTo(ResponseKind.OTHER);
    }

    @Test
    void onlyADocumentStartsASessionAndOnlyADocumentOrAWorkerCarriesThePolicy() {
        assertThat(ResponseKind.DOCUMENT.carriesPolicy()).isTrue();
        assertThat(ResponseKind.WORKER.carriesPolicy()).isTrue();
        assertThat(ResponseKind.OTHER.carriesPolicy()).isFalse();
        assertThat(ResponseKind.DOCUMENT.mayStartSession()).isTrue();
        assertThat(ResponseKind.WORKER.mayStartSession()).isFalse();
        assertThat(ResponseKind.OTHER.mayStartSession()).isFalse();
    }
}
