package net.erpex.privacy.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class BannerAssetTest {

    @ParameterizedTest
    @EnumSource(BannerAsset.class)
    void isOnTheClasspathAndNotEmpty(BannerAsset asset) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        asset.writeTo(out);

        assertThat(BannerAsset.class.getClassLoader().getResource(asset.resource())).isNotNull();
        assertThat(out.toByteArray()).isNotEmpty().isEqualTo(asset.bytes()).hasSize(asset.length());
        assertThat(asset.version()).matches("[A-Za-z0-9_-]{12}");
        assertThat(asset.asset().etag()).isEqualTo("\"" + asset.version() + "\"");
        assertThat(asset.asset().contentType()).endsWith("; charset=utf-8");
    }

    @Test
    void areServedUnderThePrefixByTheirFileName() {
        assertThat(BannerAsset.SCRIPT.subPath()).isEqualTo("/banner.js");
        assertThat(BannerAsset.STYLE.subPath()).isEqualTo("/banner.css");
        assertThat(BannerAsset.SCRIPT.resource()).isEqualTo("net/erpex/privacy/consent/banner.js");
        assertThat(BannerAsset.STYLE.resource()).isEqualTo("net/erpex/privacy/consent/banner.css");
    }

    @Test
    void scriptDoesNothingTheSitesCspForbids() {
        String script = new String(BannerAsset.SCRIPT.bytes(), StandardCharsets.UTF_8);

        assertThat(script).doesNotContain("eval(", "new Function", "innerHTML", "setAttribute('style'",
                "document.write");
    }

    @Test
    void styleHonoursReducedMotionDarkModeAndVisibleFocusWithoutExternalResources() {
        String css = new String(BannerAsset.STYLE.bytes(), StandardCharsets.UTF_8);

        assertThat(css).contains("prefers-reduced-motion", "prefers-color-scheme: dark", ":focus-visible")
                .doesNotContain("@import", "url(", "@font-face");
    }
}
