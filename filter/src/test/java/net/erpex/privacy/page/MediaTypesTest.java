package net.erpex.privacy.page;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/** A response is an HTML document by its media type alone: case, spaces and parameters aside. */
class MediaTypesTest {

    @ParameterizedTest
    @ValueSource(strings = {"text/html", "TEXT/HTML", "text/html;charset=utf-8", "text/html; charset=UTF-8",
        " text/html", "\ttext/html", "text/html ", "text/html \t;q=1", "application/xhtml+xml",
        "Application/XHTML+XML; charset=utf-8"})
    void anHtmlMediaTypeIsADocument(String contentType) {
        assertThat(MediaTypes.isHtml(contentType)).as(contentType).isTrue();
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", " ", "   ", "\t", "text/htm", "text/htmlx", "text/html-foo", "xtext/html",
        "text/plain", "text/css; text/html", "text/html x", "application/xhtml", "application/xhtml+xmlx",
        "application/json", "text/ html", "text/html  x;"})
    void nothingElseIs(String contentType) {
        assertThat(MediaTypes.isHtml(contentType)).as(contentType).isFalse();
    }
}
