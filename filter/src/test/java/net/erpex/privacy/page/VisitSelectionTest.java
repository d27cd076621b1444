package net.erpex.privacy.page;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code visits.record} and {@code visits.exclude}: which requests make a visit record. */
class VisitSelectionTest {

    private static final VisitSelection PAGES = VisitSelection.DEFAULT;
    private static final VisitSelection ALL = new VisitSelection(VisitSelection.Mode.ALL,
            PathPatterns.of(List.of("/health", "/static/*")));

    @ParameterizedTest(name = "{0}, {1}, form post {2}, decisive {3} -> {4}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            NAVIGATION  | application/json | false | false | true
            UNKNOWN     | text/html        | false | false | true
            UNKNOWN     | text/css         | false | false | false
            UNKNOWN     | null             | false | false | false
            EMBEDDED    | text/html        | false | false | false
            WORKER      | text/javascript  | false | false | false
            SUBRESOURCE | text/html        | false | false | false
            SUBRESOURCE | text/css         | true  | false | true
            SUBRESOURCE | application/json | false | true  | true
            UNKNOWN     | null             | true  | false | true
            EMBEDDED    | null             | false | true  | true
            """)
    void pagesRecordsPageViewsFormPostsAndDecisions(Destination destination, String contentType, boolean formPost,
                                                   boolean decisive, boolean recorded) {
        assertThat(PAGES.records(destination, contentType, formPost, decisive)).isEqualTo(recorded);
        assertThat(ALL.records(destination, contentType, formPost, decisive)).isTrue();
    }

    @Test
    void excludedPathsAreTheExcludePatterns() {
        assertThat(ALL.excluded("/health")).isTrue();
        assertThat(ALL.excluded("/static/site.css")).isTrue();
        assertThat(ALL.excluded("/pricing")).isFalse();
        assertThat(PAGES.excluded("/health")).isFalse();
        assertThat(ALL.exclude().patterns()).containsExactly("/health", "/static/*");
        assertThat(ALL.mode()).isEqualTo(VisitSelection.Mode.ALL);
        assertThat(PAGES.mode()).isEqualTo(VisitSelection.Mode.PAGES);
        assertThat(PAGES.exclude()).isSameAs(PathPatterns.NONE);
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(delimiter = '|', nullValues = "null", textBlock = """
            POST | application/x-www-form-urlencoded                 | true
            POST | Application/X-WWW-Form-Urlencoded; charset=UTF-8  | true
            POST | multipart/form-data; boundary=x                   | true
            POST | application/json                                  | false
            POST | text/plain                                        | false
            POST | null                                              | false
            GET  | application/x-www-form-urlencoded                 | false
            post | application/x-www-form-urlencoded                 | false
            PUT  | multipart/form-data                               | false
            null | multipart/form-data                               | false
            """)
    void aFormPostIsAPostOfAFormBody(String method, String contentType, boolean formPost) {
        assertThat(VisitSelection.isFormPost(method, contentType)).isEqualTo(formPost);
    }

    @Test
    void saysWhatItRecords() {
        assertThat(PAGES).hasToString("pages");
        assertThat(ALL).hasToString("all except /health, /static/*");
        assertThatThrownBy(() -> new VisitSelection(null, PathPatterns.NONE)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new VisitSelection(VisitSelection.Mode.PAGES, null))
                .isInstanceOf(NullPointerException.class);
    }
}
