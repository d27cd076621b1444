package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** One node of a forwarding chain: an address (with an optional port), an anonymous hop, or a break in the chain. */
class HopTest {

    @ParameterizedTest(name = "{0}: ''{1}'' is {2}")
    @CsvSource(delimiter = '|', textBlock = """
            ipv4                          | 192.0.2.1                       | ADDRESS
            ipv4 with port                | 192.0.2.1:8080                  | ADDRESS
            highest port                  | 192.0.2.1:65535                 | ADDRESS
            port zero, five digits        | 192.0.2.1:00000                 | ADDRESS
            port above 65535              | 192.0.2.1:65536                 | MALFORMED
            six-digit port                | 192.0.2.1:123456                | MALFORMED
            empty port                    | 192.0.2.1:                      | MALFORMED
            port with a slash             | 192.0.2.1:8/                    | MALFORMED
            port of nines                 | 192.0.2.1:9999                  | ADDRESS
            port with a colon-like char   | 192.0.2.1:8;                    | MALFORMED
            obfuscated port               | 192.0.2.1:_p0rt                 | ADDRESS
            bracketed ipv6                | [2001:db8::1]                   | ADDRESS
            bracketed ipv6 with port      | [2001:db8::1]:443               | ADDRESS
            bracketed ipv6, junk after    | [2001:db8::1]x                  | MALFORMED
            unclosed bracket              | [2001:db8::1                    | MALFORMED
            unbracketed ipv6              | 2001:db8::1                     | ADDRESS
            unknown                       | unknown                         | ANONYMOUS
            unknown in capitals with port | UNKNOWN:80                      | ANONYMOUS
            obfuscated                    | _hidden                         | ANONYMOUS
            shortest obfuscated           | _a                              | ANONYMOUS
            obfuscated at the edges       | _azAZ09._-                      | ANONYMOUS
            a lone underscore             | _                               | MALFORMED
            obfuscated with a backquote   | _a`                             | MALFORMED
            obfuscated with a brace       | _a{                             | MALFORMED
            obfuscated with an at sign    | _a@                             | MALFORMED
            obfuscated with a bracket     | _a[                             | MALFORMED
            obfuscated with a slash       | _a/                             | MALFORMED
            host name                     | proxy.example                   | MALFORMED
            """)
    void readsANode(String name, String text, Hop.Kind kind) {
        assertThat(Hop.parse(text).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no value     |
            blank value  | '   '
            """)
    void treatsAnAbsentNodeAsAnonymous(String name, String text) {
        assertThat(Hop.parse(text)).isEqualTo(Hop.ANONYMOUS);
    }

    @ParameterizedTest(name = "{1} characters")
    @CsvSource({"ANONYMOUS, 64", "MALFORMED, 65"})
    void readsNoNodeLongerThanTheLongestLiteral(Hop.Kind kind, int length) {
        assertThat(Hop.parse("_" + "a".repeat(length - 1)).kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"192.0.2.1:8080, 192.0.2.1", "[2001:db8::1]:443, 2001:db8::1", "' 198.51.100.7 ', 198.51.100.7"})
    void keepsTheAddressWithoutThePort(String text, String address) {
        assertThat(IpLiterals.format(Hop.parse(text).address())).isEqualTo(address);
    }
}
