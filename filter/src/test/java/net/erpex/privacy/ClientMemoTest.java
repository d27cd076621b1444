package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import net.erpex.privacy.client.CidrSet;
import net.erpex.privacy.client.ClientAddressResolver;
import net.erpex.privacy.client.ForwardingHeaders;
import org.junit.jupiter.api.Test;

/**
 * The remembered resolution of the client address is the resolution: for any mix of peers, chains and schemes, asked
 * in any order and repeatedly, it answers what the resolver answers.
 */
class ClientMemoTest {

    private static final String[] PEERS = {"203.0.113.9", "192.0.2.1", "192.0.2.2", "2001:db8::1", "garbage", ""};
    private static final String[] CHAINS = {null, "198.51.100.7", "198.51.100.7, 192.0.2.2", "unknown",
        "198.51.100.7,, 192.0.2.1", "[2001:db8::7]:443", "203.0.113.1, 198.51.100.8", "for=198.51.100.9",
        "for=\"[2001:db8::9]\";proto=https"};
    private static final String[] PROTOS = {null, "https", "http", "gopher", "https, http"};

    private static List<String> lines(String value) {
        return value == null ? List.of() : List.of(value);
    }

    @Test
    void answersWhatTheResolverAnswers() {
        for (ForwardingHeaders family : ForwardingHeaders.values()) {
            ClientAddressResolver resolver = new ClientAddressResolver(CidrSet.parse("192.0.2.0/24, 2001:db8::/64"),
                    family);
            ClientMemo memo = new ClientMemo(resolver, 16);
            Random random = new Random(7);
            for (int i = 0; i < 3_000; i++) {
                String peer = PEERS[random.nextInt(PEERS.length)];
                boolean secure = random.nextBoolean();
                String chain = CHAINS[random.nextInt(CHAINS.length)];
                String proto = PROTOS[random.nextInt(PROTOS.length)];
                // What the filter passes: the configured family's lines, nothing of the other.
                List<String> xff = family == ForwardingHeaders.X_FORWARDED_FOR ? lines(chain) : List.of();
                List<String> forwarded = family == ForwardingHeaders.FORWARDED ? lines(chain) : List.of();
                List<String> xfp = family == ForwardingHeaders.X_FORWARDED_FOR ? lines(proto) : List.of();
                assertThat(memo.resolve(peer, secure, xff, forwarded, xfp))
                        .as("%s %s %s %s %s", family, peer, secure, chain, proto)
                        .isEqualTo(resolver.resolve(peer, secure, xff, forwarded, xfp));
            }
        }
    }

    @Test
    void tellsTheSameTextInTheTwoFamiliesApart() {
        ClientAddressResolver resolver = new ClientAddressResolver(CidrSet.parse("192.0.2.1/32"),
                ForwardingHeaders.X_FORWARDED_FOR);
        ClientMemo memo = new ClientMemo(resolver, 16);
        String text = "198.51.100.7";
        assertThat(memo.resolve("192.0.2.1", false, List.of(text), List.of(), List.of()).ip()).isEqualTo(text);
        // The Forwarded family is not the configured one: its line is ignored, whatever was remembered before.
        assertThat(memo.resolve("192.0.2.1", false, List.of(), List.of(text), List.of()).ip()).isEqualTo("192.0.2.1");
    }

    @Test
    void resolvesLongAndManyLinedHeadersWithoutRememberingThem() {
        ClientAddressResolver resolver = new ClientAddressResolver(CidrSet.parse("192.0.2.1/32"),
                ForwardingHeaders.X_FORWARDED_FOR);
        ClientMemo memo = new ClientMemo(resolver, 16);
        String longChain = "198.51.100.7, ".repeat(30) + "192.0.2.1";
        List<String> twoLines = List.of("198.51.100.8", "192.0.2.1");
        assertThat(memo.resolve("192.0.2.1", false, List.of(longChain), List.of(), List.of()))
                .isEqualTo(resolver.resolve("192.0.2.1", false, List.of(longChain), List.of(), List.of()));
        assertThat(memo.resolve("192.0.2.1", false, twoLines, List.of(), List.of()))
                .isEqualTo(resolver.resolve("192.0.2.1", false, twoLines, List.of(), List.of()));
    }
}
