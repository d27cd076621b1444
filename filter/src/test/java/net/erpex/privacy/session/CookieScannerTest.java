package net.erpex.privacy.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CookieScannerTest {

    private static List<String> pairs(String line) {
        List<String> out = new ArrayList<>();
        CookieScanner.scan(line, (l, ns, ne, vs, ve) -> out.add(l.substring(ns, ne) + "=" + l.substring(vs, ve)));
        return out;
    }

    @Test
    void readsWhatBrowsersSendInOrder() {
        assertThat(pairs("erpex_sid=AbC-1_x.y~z; _ga=GA1.1.2; _ga_X1=GS1")).containsExactly("erpex_sid=AbC-1_x.y~z",
                "_ga=GA1.1.2", "_ga_X1=GS1");
        assertThat(pairs("a=1;b=2")).containsExactly("a=1", "b=2");
    }

    @Test
    void ignoresBlanksAroundNamesAndValuesAndGivesQuotedValuesWithoutTheirQuotes() {
        assertThat(pairs(" a = 1 ;\tb\t=\t\"q r\"\t; c=\"\"; d=\"; e=\"x"))
                .containsExactly("a=1", "b=q r", "c=", "d=\"", "e=\"x");
    }

    @Test
    void skipsPairsWithoutANameOrAnEqualsSignAndKeepsEqualsSignsInValues() {
        assertThat(pairs(";;; =x; b; ; c=; e=f=g;")).containsExactly("c=", "e=f=g");
        assertThat(pairs("")).isEmpty();
        assertThat(pairs(null)).isEmpty();
        assertThat(pairs("novalue")).isEmpty();
    }

    @Test
    void leavesCommasAndOtherBytesInTheValueAsContainersDo() {
        assertThat(pairs("a=1,b=2; c=\u00e9\u0000")).containsExactly("a=1,b=2", "c=\u00e9\u0000");
        assertThat(pairs("p ,Q=1; x,y=2; z=3")).containsExactly("Q=1", "y=2", "z=3");
    }

    @Test
    void comparesANameInPlaceExactly() {
        String line = "sid=1; sid2=2";
        assertThat(CookieScanner.is("sid", line, 0, 3)).isTrue();
        assertThat(CookieScanner.is("sid", line, 7, 11)).isFalse();
        assertThat(CookieScanner.is("sid2", line, 7, 11)).isTrue();
        assertThat(CookieScanner.is("si", line, 0, 3)).isFalse();
    }
}
