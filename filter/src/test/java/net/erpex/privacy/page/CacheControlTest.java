package net.erpex.privacy.page;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whether a shared cache may store a response decides whether the filter may put a cookie on it: a stored cookie would
 * go to every later visitor. A directive counts only as a directive, never inside another's argument.
 */
class CacheControlTest {

    @ParameterizedTest
    @ValueSource(strings = {"public", "PUBLIC", "Public", "max-age=60, public", "public, max-age=60", "s-maxage=600",
        "S-MaxAge=1", " \tpublic", "private,public", "no-cache,\ts-maxage=0", "public=1", "no-cache=\"a\", public",
        "private=\"x,y\",public", "no-cache=\"a\\\"b\", public", ",,public", "public ", "max-age=0 , public"})
    void aPublicOrSMaxageDirectiveMakesAResponseShared(String value) {
        assertThat(CacheControl.isPublic(value)).as(value).isTrue();
        assertThat(CacheControl.isPublic(List.of(value))).as(value).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", ",", "private", "no-store", "no-cache, no-store, max-age=0", "publics",
        "xpublic", "public-ish", "s-maxage2", "s-maxag", "publi", "no-cache=\"public\"",
        "private=\"x, public\"", "no-cache=\"a\\\"public\"", "no-cache=\"a\\\", public\"", "\"public\"",
        "max-age=public", "no-cache=\"unterminated, public", "no-store public", "private=\"\\"})
    void nothingElseDoes(String value) {
        assertThat(CacheControl.isPublic(value)).as(value).isFalse();
        assertThat(CacheControl.isPublic(List.of(value))).as(value).isFalse();
    }

    @Test
    void anyOfSeveralHeadersMayMakeItShared() {
        assertThat(CacheControl.isPublic(List.of("no-cache", "max-age=60", "public"))).isTrue();
        assertThat(CacheControl.isPublic(Arrays.asList(null, "s-maxage=60"))).isTrue();
        assertThat(CacheControl.isPublic(List.of("no-cache", "private"))).isFalse();
        assertThat(CacheControl.isPublic(List.of())).isFalse();
        assertThat(CacheControl.isPublic(Arrays.asList((String) null))).isFalse();
        assertThat(CacheControl.isPublic((Iterable<String>) null)).isFalse();
    }
}
