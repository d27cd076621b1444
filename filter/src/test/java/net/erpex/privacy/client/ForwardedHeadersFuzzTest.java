package net.erpex.privacy.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code X-Forwarded-For}, {@code X-Forwarded-Proto} and {@code Forwarded} are written by the client (a proxy only
 * appends): whatever they hold, resolution never throws, an untrusted peer is never replaced, and HTTPS is never
 * claimed without an {@code https} in a header or a secure connection. A regression run over the committed inputs in
 * every build; {@code JAZZER_FUZZ=1} fuzzes.
 */
class ForwardedHeadersFuzzTest {

    private static final CidrSet TRUSTED = CidrSet.parse("127.0.0.0/8, 198.51.100.0/24, 2001:db8:ff::/48");
    private static final ClientAddressResolver X_FORWARDED_FOR = new ClientAddressResolver(TRUSTED,
            ForwardingHeaders.X_FORWARDED_FOR);
    private static final ClientAddressResolver FORWARDED = new ClientAddressResolver(TRUSTED,
            ForwardingHeaders.FORWARDED);
    private static final String[] PEERS = {"127.0.0.1", "198.51.100.7", "2001:db8:ff::1", "[2001:db8:ff::2]",
            "203.0.113.9", "2001:db8:1::9", "fe80::1%eth0", "not-an-address", ""};

    @FuzzTest
    void anyForwardingHeadersResolveToAnAddressTheTrustedChainVouchesFor(FuzzedDataProvider data) {
        ClientAddressResolver resolver = data.consumeBoolean() ? FORWARDED : X_FORWARDED_FOR;
        String peer = data.pickValue(PEERS);
        boolean peerSecure = data.consumeBoolean();
        List<String> xForwardedFor = lines(data);
        List<String> protos = lines(data);
        List<String> forwarded = lines(data);

        ClientAddress client = resolver.resolve(peer, peerSecure, xForwardedFor, forwarded, protos);

        assertThat(client).isNotNull();
        if (client.address().isEmpty()) {
            assertThat(client.forwarded()).isFalse();
            return;
        }
        InetAddress resolved = client.address().get();
        assertThat(client.ip()).isEqualTo(IpLiterals.format(resolved));
        int zone = peer.indexOf('%');
        InetAddress peerIp = IpLiterals.parse(zone < 0 ? peer : peer.substring(0, zone)).orElse(null);
        if (peerIp != null && !TRUSTED.contains(peerIp)) {
            assertThat(resolved).as("an untrusted peer is the client").isEqualTo(peerIp);
            assertThat(client.forwarded()).isFalse();
            assertThat(client.secure()).isEqualTo(peerSecure);
        }
        if (!client.forwarded() && peerIp != null) {
            assertThat(resolved).isEqualTo(peerIp);
        }
        if (client.secure() && !peerSecure) {
            String all = String.join("\n", protos) + "\n" + String.join("\n", forwarded);
            assertThat(all.toLowerCase(Locale.ROOT)).contains("https");
        }

        for (ForwardedHeader.Element element : ForwardedHeader.parse(forwarded)) {
            if (element.malformed()) {
                assertThat(element.forNode()).isNull();
                assertThat(element.proto()).isNull();
            }
        }
    }

    private static List<String> lines(FuzzedDataProvider data) {
        int count = data.consumeInt(0, 3);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            lines.add(data.consumeBoolean() ? null : data.consumeString(300));
        }
        return lines;
    }
}
