package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

/** When two trusted-proxy lists are the same list, and the edges of prefix lengths. */
class CidrSetIdentityTest {

    private static InetAddress ip(String literal) {
        return IpLiterals.parse(literal).orElseThrow();
    }

    @Test
    void isTheSameSetWhateverTheSpellingAndOrderOfDuplicates() {
        CidrSet a = CidrSet.parse("10.0.0.0/8, 2001:db8::/32");
        CidrSet b = CidrSet.parse(" 10.0.0.0/8 ,10.0.0.0/8\n2001:0db8::/32 ");
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a).isNotEqualTo(CidrSet.parse("10.0.0.0/9, 2001:db8::/32"))
                .isNotEqualTo(CidrSet.parse("11.0.0.0/8, 2001:db8::/32")).isNotEqualTo(CidrSet.parse("10.0.0.0/8"))
                .isNotEqualTo("10.0.0.0/8, 2001:db8::/32");
        assertThat(a.hashCode()).isNotEqualTo(CidrSet.parse("10.0.0.0/9, 2001:db8::/32").hashCode());
    }

    @Test
    void isEmptyOnlyWithoutBlocks() {
        assertThat(CidrSet.parse("192.0.2.1").isEmpty()).isFalse();
        assertThat(CidrSet.parse(" ").isEmpty()).isTrue();
    }

    @Test
    void readsPrefixDigitsAtTheEdgesOfTheRange() {
        assertThat(CidrSet.parse("0.0.0.0/0").contains(ip("203.0.113.1"))).isTrue();
        assertThat(CidrSet.parse("192.0.0.0/9").contains(ip("192.127.0.1"))).isTrue();
        assertThat(CidrSet.parse("192.0.0.0/9").contains(ip("192.128.0.1"))).isFalse();
        for (String bad : new String[] {"10.0.0.0/8:", "10.0.0.0//8", "10.0.0.0/:8", "10.0.0.0/8/"}) {
            assertThatIllegalArgumentException().as(bad).isThrownBy(() -> CidrSet.parse(bad))
                    .withMessageContaining("is not a number from 0 to 32");
        }
    }

    @Test
    void readsAnIpv4MappedBlockFromPrefix96On() {
        CidrSet all = CidrSet.parse("::ffff:0.0.0.0/96");
        assertThat(all).hasToString("0.0.0.0/0");
        assertThat(all.contains(ip("203.0.113.1"))).isTrue();
        assertThat(CidrSet.parse("::ffff:192.0.2.0/120")).hasToString("192.0.2.0/24");
        assertThatIllegalArgumentException().isThrownBy(() -> CidrSet.parse("::ffff:0.0.0.0/95"))
                .withMessageContaining("needs a prefix of at least 96");
    }

    @Test
    void namesTheMappedPrefixAsWrittenWhenHostBitsAreSet() {
        assertThatIllegalArgumentException().isThrownBy(() -> CidrSet.parse("::ffff:192.0.2.1/120"))
                .withMessageContaining("host bits are set beyond the /120 prefix; did you mean 192.0.2.0/24?");
    }

    @Test
    void readsTheIpv6FormsAtTheEdgesOfTheGrammar() {
        assertThat(IpLiterals.format(ip("::0.1.0.1"))).isEqualTo("0.1.0.1");
        assertThat(IpLiterals.format(ip("1:2:3:4:5:6:192.0.2.1"))).isEqualTo("1:2:3:4:5:6:c000:201");
        assertThat(IpLiterals.parse("1:2:3:4:5:6:7:192.0.2.1")).isEmpty();
        assertThat(IpLiterals.parse("::1::2")).isEmpty();
    }
}
