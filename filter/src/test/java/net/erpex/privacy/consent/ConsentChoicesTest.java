package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.erpex.privacy.consent.ConsentManager.Action;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConsentChoicesTest {

    private static final ConsentCategories CATEGORIES = ConsentCategories.builder().build();

    @Test
    void readsTheBannersFormIgnoringFieldsThatAreNotCategories() {
        ConsentChoices.Parsed p = ConsentChoices.fromForm("action=save&analytics=on&recaptcha=&csrf_token=x"
                + "&return=%2Fshop%3Fa%3D1", CATEGORIES);
        assertThat(p.choice().action()).isEqualTo(Action.SAVE);
        assertThat(p.choice().granted()).containsExactly("analytics");
        assertThat(p.returnTo()).isEqualTo("/shop?a=1");
    }

    @Test
    void readsJson() {
        ConsentChoices.Parsed p = ConsentChoices.fromJson("{\"action\":\"save\",\"extra\":[1,{}],"
                + "\"categories\":{\"preferences\":true,\"analytics\":false}}", CATEGORIES);
        assertThat(p.choice().granted()).containsExactly("preferences");
        assertThat(ConsentChoices.fromJson("{\"action\":\"reject-all\"}", CATEGORIES).choice().action())
                .isEqualTo(Action.REJECT_ALL);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no action|return=%2F|action is missing",
            "unknown action|action=agree|unknown action",
            "two actions|action=accept-all&action=reject-all|action is given twice",
            "broken escape|action=accept-all&x=%G1|malformed form encoding"})
    void refusesBadForms(String name, String body, String message) {
        assertThatThrownBy(() -> ConsentChoices.fromForm(body, CATEGORIES)).hasMessageContaining(message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "not an object|[1]|expected a JSON object",
            "trailing garbage|{\"action\":\"save\"} {}|expected a single JSON object",
            "truncated|{\"action\":|malformed JSON",
            "unknown category|{\"action\":\"save\",\"categories\":{\"ads\":true}}|unknown category 'ads'",
            "string flag|{\"action\":\"save\",\"categories\":{\"analytics\":\"yes\"}}|must be true or false",
            "numeric action|{\"action\":1}|action must be a string"})
    void refusesBadJson(String name, String body, String message) {
        assertThatThrownBy(() -> ConsentChoices.fromJson(body, CATEGORIES)).hasMessageContaining(message);
    }
}
