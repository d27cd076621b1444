package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlTest {

    @Test
    void escapesEveryCharacterThatCanEndATextOrAnAttribute() {
        assertThat(Html.escape("<")).isEqualTo("&lt;");
        assertThat(Html.escape("a&b")).isEqualTo("a&amp;b");
        assertThat(Html.escape("\"x'>")).isEqualTo("&quot;x&#39;&gt;");
        assertThat(Html.escape("plain text")).isEqualTo("plain text");
    }

    @Test
    void writesAnElementWithEscapedTextAndAttributes() {
        assertThat(Html.element(new StringBuilder(), "p", "1 < 2", "class", "a\"b").toString())
                .isEqualTo("<p class=\"a&quot;b\">1 &lt; 2</p>\n");
    }

    @Test
    void writesABooleanAttributeOnlyWhenPresent() {
        assertThat(Html.open(new StringBuilder(), "input", "checked", Html.flag(true), "disabled", Html.flag(false))
                .toString()).isEqualTo("<input checked>");
    }
}
