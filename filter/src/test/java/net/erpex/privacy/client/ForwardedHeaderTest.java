package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import net.erpex.privacy.client.ForwardedHeader.Element;
import org.junit.jupiter.api.Test;

/** RFC 7239 {@code Forwarded} read element by element, strict where a forged hop could slip in. */
class ForwardedHeaderTest {

    private static List<Element> parse(String... lines) {
        return ForwardedHeader.parse(List.of(lines));
    }

    private static Element ok(String forNode, String proto) {
        return new Element(forNode, proto, false);
    }

    @Test
    void readsForAndProtoOfEachElementAcrossLines() {
        assertThat(parse("for=192.0.2.60;proto=http;by=203.0.113.43", "For=\"[2001:db8:cafe::17]:4711\";Proto=https"))
                .containsExactly(ok("192.0.2.60", "http"), ok("[2001:db8:cafe::17]:4711", "https"));
    }

    @Test
    void dropsEmptyElements() {
        assertThat(parse(", ,for=192.0.2.1,,for=192.0.2.2 ,")).containsExactly(ok("192.0.2.1", null),
                ok("192.0.2.2", null));
        assertThat(parse("", " , ")).isEmpty();
    }

    @Test
    void acceptsEveryTokenCharacterInNamesAndValues() {
        assertThat(parse("for=_az09AZ;za09AZ!#$%&'*+-.^_`|~=x")).containsExactly(ok("_az09AZ", null));
    }

    @Test
    void unescapesQuotedValues() {
        assertThat(parse("for=\"a\\\"b\";proto=\"https\"")).containsExactly(ok("a\"b", "https"));
    }

    @Test
    void keepsAQuotedCommaInsideItsElement() {
        assertThat(parse("for=\"192.0.2.1,for=198.51.100.1\"")).containsExactly(ok("192.0.2.1,for=198.51.100.1",
                null));
    }

    @Test
    void marksBrokenElementsAndSkipsToTheNextTopLevelComma() {
        assertThat(parse("for=192.0.2.1 junk\"a,\\\"b,c\", for=192.0.2.2")).containsExactly(Element.MALFORMED,
                ok("192.0.2.2", null));
        assertThat(parse("for=192.0.2.1 junk\"a\\\",b\", for=192.0.2.3")).containsExactly(Element.MALFORMED,
                ok("192.0.2.3", null));
    }

    @Test
    void refusesUnterminatedEmptyRepeatedAndNamelessParameters() {
        assertThat(parse("for=\"192.0.2.1")).containsExactly(Element.MALFORMED);
        assertThat(parse("for=\"192.0.2.1\\")).containsExactly(Element.MALFORMED);
        assertThat(parse("for=\"\"")).containsExactly(Element.MALFORMED);
        assertThat(parse("for=")).containsExactly(Element.MALFORMED);
        assertThat(parse("for=192.0.2.1;for=192.0.2.2")).containsExactly(Element.MALFORMED);
        assertThat(parse("proto=http;proto=https")).containsExactly(Element.MALFORMED);
        assertThat(parse("=192.0.2.1")).containsExactly(Element.MALFORMED);
        assertThat(parse("for")).containsExactly(Element.MALFORMED);
        assertThat(parse("f@r=192.0.2.1")).containsExactly(Element.MALFORMED);
    }

    @Test
    void toleratesWhitespaceAroundSemicolonsAndAbsentLines() {
        assertThat(ForwardedHeader.parse(java.util.Arrays.asList(null, "for=192.0.2.1 ;\tproto=https")))
                .containsExactly(ok("192.0.2.1", "https"));
    }

    @Test
    void acceptsAnUnquotedBracketedAddressWithPortAsRealProxiesSendIt() {
        assertThat(parse("for=[2001:db8::1]:443")).containsExactly(ok("[2001:db8::1]:443", null));
    }
}
