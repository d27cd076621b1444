package net.erpex.privacy.protect;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RateKeyTest {

    @ParameterizedTest(name = "{0}/{1} -> {2}")
    @CsvSource({
            "192.0.2.7, 64, 192.0.2.7",
            "2001:db8:1:2:aaaa:bbbb:cccc:dddd, 64, 2001:db8:1:2::/64",
            "2001:db8:1:2::1, 64, 2001:db8:1:2::/64",
            "2001:db8:1:2::1, 48, 2001:db8:1::/48",
            "2001:db8:1:2::1, 56, 2001:db8:1::/56",
            "2001:db8:1:2ff::1, 56, 2001:db8:1:200::/56",
            "2001:db8:1:2ff::1, 60, 2001:db8:1:2f0::/60",
            "2001:db8:1:2ff::1, 63, 2001:db8:1:2fe::/63",
            "2001:db8:1:2::1, 128, 2001:db8:1:2::1",
            "not-an-address, 64, not-an-address"})
    void keysIpv4ByAddressAndIpv6ByNetwork(String ip, int prefix, String key) {
        assertThat(RateKey.of(ip, prefix)).isEqualTo(key);
    }
}
