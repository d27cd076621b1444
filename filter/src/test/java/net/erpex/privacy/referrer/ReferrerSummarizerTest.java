package net.erpex.privacy.referrer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReferrerSummarizerTest {

    private static final String SITE = "www.example.com";
    private final ReferrerSummarizer summarizer = new ReferrerSummarizer(Set.of("shop.example.com", "EXAMPLE.org"));

    private ReferrerSummary summarize(String header) {
        return summarizer.summarize(header, SITE);
    }

    @Nested
    class WhatIsKept {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                query dropped                | https://www.google.com/search?q=my+secret+illness       | https://www.google.com/search
                fragment dropped             | https://blog.example.net/post#comment-jane@mail.example | https://blog.example.net/post
                query and fragment dropped   | https://blog.example.net/a/b?token=abc123#top           | https://blog.example.net/a/b
                userinfo dropped             | https://jane:hunter2@blog.example.net/p                 | https://blog.example.net/p
                empty path becomes slash     | https://www.google.com                                  | https://www.google.com/
                origin only                  | https://www.google.com/                                 | https://www.google.com/
                host lower-cased             | HTTPS://Blog.Example.NET/Path                           | https://blog.example.net/Path
                default https port dropped   | https://blog.example.net:443/p                          | https://blog.example.net/p
                default http port dropped    | http://blog.example.net:80/p                            | http://blog.example.net/p
                other port kept              | http://blog.example.net:8080/p                          | http://blog.example.net:8080/p
                https on port 80 kept        | https://blog.example.net:80/p                           | https://blog.example.net:80/p
                empty port dropped           | https://blog.example.net:/p                             | https://blog.example.net/p
                trailing dot of host dropped | https://blog.example.net./p                             | https://blog.example.net/p
                punycode kept lower-cased    | https://XN--BCHER-KVA.Example/p                         | https://xn--bcher-kva.example/p
                IPv4 host                    | http://192.0.2.10:8080/admin?id=7                       | http://192.0.2.10:8080/admin
                IPv6 host                    | http://[2001:DB8::1]:8443/x?y=1                         | http://[2001:db8::1]:8443/x
                percent-encoding kept        | https://blog.example.net/caf%C3%A9?q=1                  | https://blog.example.net/caf%C3%A9
                stray percent escaped        | https://blog.example.net/100%/ok%zz                     | https://blog.example.net/100%25/ok%25zz
                space and pipe escaped       | 'https://blog.example.net/a b|c?q=x'                    | https://blog.example.net/a%20b%7Cc
                surrounding spaces trimmed   | '  https://blog.example.net/p  '                        | https://blog.example.net/p
                path parameter dropped       | http://blog.example.net/visits;jsessionid=node0SECRET?x=1 | http://blog.example.net/visits
                parameters of each segment   | https://blog.example.net/a;v=1/b;jsessionid=S/c;x         | https://blog.example.net/a/b/c
                encoded semicolon kept       | https://blog.example.net/a%3Bb                          | https://blog.example.net/a%3Bb
                """)
        void keepsSchemeHostPortAndPathOnly(String name, String header, String url) {
            assertThat(summarize(header).url()).isEqualTo(url);
        }

        @Test
        void neverLeaksQueryOrFragmentContent() {
            String header = "https://mail.example.net/inbox/../read?user=jane.doe%40mail.example&session=SECRET-TOKEN"
                    + "&q=divorce+lawyer#jane.doe@mail.example";

            ReferrerSummary summary = summarize(header);

            assertThat(summary.url()).isEqualTo("https://mail.example.net/inbox/../read")
                    .doesNotContain("jane", "SECRET", "divorce", "@", "?", "#");
        }

        @Test
        void removesControlCharactersAndEncodesNonAsciiInThePath() {
            ReferrerSummary summary = summarize("https://blog.example.net/a\u0000b\r\nc/caf\u00e9/\u0085x");

            assertThat(summary.url()).isEqualTo("https://blog.example.net/abc/caf%C3%A9/x");
        }

        @Test
        void capsALongPathWithoutSplittingAnEscape() {
            String header = "https://blog.example.net/" + "%C3%A9".repeat(300) + "?q=secret";

            String url = summarize(header).url();

            String path = url.substring("https://blog.example.net".length());
            assertThat(path).hasSizeLessThanOrEqualTo(ReferrerUrl.MAX_PATH).matches("/(%C3%A9)+").doesNotContain("secret");
        }

        @Test
        void readsOnlyTheStartOfAHugeHeader() {
            String header = "https://www.google.com/search?q=" + "secret+".repeat(100_000);

            assertThat(summarize(header)).isEqualTo(new ReferrerSummary("https://www.google.com/search", ReferrerKind.SEARCH));
        }

        @Test
        void neverFindsAQueryPastTheScannedPrefix() {
            String header = "https://blog.example.net/" + "a".repeat(5_000) + "?q=secret";

            ReferrerSummary summary = summarize(header);

            assertThat(summary.kind()).isEqualTo(ReferrerKind.OTHER);
            assertThat(summary.url()).startsWith("https://blog.example.net/aaa").doesNotContain("secret");
        }
    }

    @Nested
    class Unusable {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                javascript scheme        | javascript:alert(document.cookie)
                data scheme              | data:text/html;base64,PHNjcmlwdD4=
                android app              | android-app://com.google.android.gm/
                ftp scheme               | ftp://files.example.net/pub
                relative path            | /search?q=secret
                scheme-relative          | //www.google.com/search?q=secret
                no slashes after scheme  | https:www.google.com/search
                empty host               | https:///path
                host with space          | https://www.goo gle.com/
                host with percent        | https://www.%67oogle.com/
                latin-1 host             | https://www.exämple.com/
                label too long           | https://aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.example/
                label starting with dash | https://-bad.example/
                empty label              | https://bad..example/
                port not a number        | https://blog.example.net:http/
                port too large           | https://blog.example.net:70000/
                unclosed IPv6            | http://[2001:db8::1/
                IPv6 with letters        | http://[2001:db8::zz]/
                text after IPv6          | http://[2001:db8::1]x/
                plain words              | not a url at all
                """)
        void givesOtherWithoutUrl(String name, String header) {
            assertThat(summarize(header)).isEqualTo(ReferrerSummary.UNUSABLE);
        }

        @Test
        void givesOtherWithoutUrlForBinaryGarbage() {
            char[] garbage = new char[600];
            for (int i = 0; i < garbage.length; i++) {
                garbage[i] = (char) (i * 37 % 256);
            }

            assertThat(summarize(new String(garbage))).isEqualTo(ReferrerSummary.UNUSABLE);
            assertThat(summarize("https://\u00ff\u00fe\u0000\u0001/x?q=secret")).isEqualTo(ReferrerSummary.UNUSABLE);
        }

        @Test
        void givesNoneWhenNothingWasSent() {
            assertThat(summarize(null)).isEqualTo(ReferrerSummary.NONE);
            assertThat(summarize("")).isEqualTo(ReferrerSummary.NONE);
            assertThat(summarize(" \t ")).isEqualTo(ReferrerSummary.NONE);
        }
    }

    @Nested
    class Kinds {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                request host                         | https://www.example.com/cart             | www.example.com      | INTERNAL
                request host with port               | https://www.example.com/cart             | www.example.com:8443 | INTERNAL
                request host in upper case           | https://www.example.com/cart             | WWW.Example.com      | INTERNAL
                request host IPv6 with port          | http://[2001:db8::5]:8080/               | [2001:DB8::5]:8080   | INTERNAL
                configured site host                 | https://shop.example.com/                | www.example.com      | INTERNAL
                configured site host, upper-cased    | https://example.org/                     | www.example.com      | INTERNAL
                sibling subdomain is not the site    | https://mail.example.com/                | www.example.com      | OTHER
                no request host                      | https://www.example.com/                 | ''                   | OTHER
                google.com                           | https://www.google.com/                  | www.example.com      | SEARCH
                google.co.uk                         | https://www.google.co.uk/                | www.example.com      | SEARCH
                google.com.au                        | https://www.google.com.au/               | www.example.com      | SEARCH
                google.de                            | https://google.de/                       | www.example.com      | SEARCH
                news.google.com                      | https://news.google.com/articles/x       | www.example.com      | SEARCH
                notgoogle.com lookalike              | https://notgoogle.com/                   | www.example.com      | OTHER
                google.com.evil.example lookalike    | https://google.com.evil.example/         | www.example.com      | OTHER
                google.evil lookalike                | https://www.google.evil/                 | www.example.com      | OTHER
                google as a subdomain                | https://google.attacker.example/         | www.example.com      | OTHER
                bing                                 | https://www.bing.com/                    | www.example.com      | SEARCH
                duckduckgo                           | https://duckduckgo.com/                  | www.example.com      | SEARCH
                search.yahoo.com                     | https://search.yahoo.com/search          | www.example.com      | SEARCH
                yahoo.co.jp                          | https://search.yahoo.co.jp/              | www.example.com      | SEARCH
                yandex.ru                            | https://yandex.ru/search/                | www.example.com      | SEARCH
                yandex.com.tr                        | https://yandex.com.tr/                   | www.example.com      | SEARCH
                baidu                                | https://www.baidu.com/link               | www.example.com      | SEARCH
                ecosia                               | https://www.ecosia.org/                  | www.example.com      | SEARCH
                qwant                                | https://www.qwant.com/                   | www.example.com      | SEARCH
                startpage                            | https://www.startpage.com/               | www.example.com      | SEARCH
                brave search                         | https://search.brave.com/search          | www.example.com      | SEARCH
                brave.com itself is not search       | https://brave.com/                       | www.example.com      | OTHER
                naver                                | https://search.naver.com/                | www.example.com      | SEARCH
                seznam                               | https://search.seznam.cz/                | www.example.com      | SEARCH
                ask                                  | https://www.ask.com/                     | www.example.com      | SEARCH
                facebook                             | https://www.facebook.com/                | www.example.com      | SOCIAL
                facebook link shim                   | https://l.facebook.com/l.php             | www.example.com      | SOCIAL
                facebook mobile link shim            | https://lm.facebook.com/                 | www.example.com      | SOCIAL
                instagram                            | https://l.instagram.com/                 | www.example.com      | SOCIAL
                t.co                                 | https://t.co/AbCdEf                      | www.example.com      | SOCIAL
                x.com                                | https://x.com/                           | www.example.com      | SOCIAL
                box.com is not x.com                 | https://box.com/                         | www.example.com      | OTHER
                twitter                              | https://mobile.twitter.com/              | www.example.com      | SOCIAL
                linkedin                             | https://www.linkedin.com/                | www.example.com      | SOCIAL
                lnkd.in                              | https://lnkd.in/abc                      | www.example.com      | SOCIAL
                old reddit                           | https://old.reddit.com/r/java/           | www.example.com      | SOCIAL
                youtube                              | https://www.youtube.com/                 | www.example.com      | SOCIAL
                pinterest.co.uk                      | https://uk.pinterest.co.uk/              | www.example.com      | SOCIAL
                pinterest.fr                         | https://www.pinterest.fr/                | www.example.com      | SOCIAL
                tiktok                               | https://www.tiktok.com/                  | www.example.com      | SOCIAL
                threads                              | https://www.threads.net/                 | www.example.com      | SOCIAL
                bluesky                              | https://bsky.app/profile/x               | www.example.com      | SOCIAL
                hacker news                          | https://news.ycombinator.com/item        | www.example.com      | SOCIAL
                ycombinator.com itself               | https://www.ycombinator.com/             | www.example.com      | OTHER
                mastodon.social                      | https://mastodon.social/@someone         | www.example.com      | SOCIAL
                whatsapp                             | https://web.whatsapp.com/                | www.example.com      | SOCIAL
                telegram                             | https://web.telegram.org/                | www.example.com      | SOCIAL
                t.me                                 | https://t.me/channel                     | www.example.com      | SOCIAL
                vk                                   | https://m.vk.com/                        | www.example.com      | SOCIAL
                any other site                       | https://blog.example.net/                | www.example.com      | OTHER
                """)
        void classifiesByHost(String name, String header, String requestHost, ReferrerKind kind) {
            assertThat(summarizer.summarize(header, requestHost).kind()).isEqualTo(kind);
        }

        @Test
        void treatsAMissingRequestHostAsUnknown() {
            assertThat(summarizer.summarize("https://www.example.com/", null).kind()).isEqualTo(ReferrerKind.OTHER);
        }

        @Test
        void internalReferrersStillLoseTheirQuery() {
            assertThat(summarize("https://www.example.com/account?reset-token=abc"))
                    .isEqualTo(new ReferrerSummary("https://www.example.com/account", ReferrerKind.INTERNAL));
        }
    }

    @Nested
    class Configuration {

        @ParameterizedTest(name = "{0}")
        @CsvSource(delimiter = '|', textBlock = """
                scheme   | https://shop.example.com
                port     | shop.example.com:8080
                path     | shop.example.com/x
                blank    | ' '
                """)
        void rejectsSiteHostsThatAreNotBareHosts(String name, String host) {
            assertThatThrownBy(() -> new ReferrerSummarizer(Set.of(host)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + host + "'")
                    .hasMessageContaining("host name");
        }

        @Test
        void rejectsANullSet() {
            assertThatThrownBy(() -> new ReferrerSummarizer(null))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("Site hosts");
        }

        @Test
        void rejectsANullEntry() {
            assertThatThrownBy(() -> new ReferrerSummarizer(new HashSet<>(Arrays.asList("a.example", null))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'null'");
        }

        @Test
        void acceptsAnEmptySet() {
            ReferrerSummarizer plain = new ReferrerSummarizer(Set.of());

            assertThat(plain.summarize("https://www.example.com/", SITE).kind()).isEqualTo(ReferrerKind.INTERNAL);
        }
    }

    @Nested
    class Values {

        @Test
        void labelsAreLowerCase() {
            assertThat(ReferrerKind.NONE.label()).isEqualTo("none");
            assertThat(ReferrerKind.INTERNAL.label()).isEqualTo("internal");
            assertThat(ReferrerKind.SEARCH.label()).isEqualTo("search");
            assertThat(ReferrerKind.SOCIAL.label()).isEqualTo("social");
            assertThat(ReferrerKind.OTHER.label()).isEqualTo("other");
        }

        @Test
        void summaryNormalisesNulls() {
            assertThat(new ReferrerSummary(null, null)).isEqualTo(ReferrerSummary.NONE);
        }
    }

    /** The parse of an address is remembered; whether it is internal is decided for each request. */
    @Nested
    class RememberedAddresses {

        @Test
        void summariseTheSameAddressAlikeWhateverItsQuery() {
            assertThat(summarize("https://www.google.fr/search?q=first")).isEqualTo(
                    summarize("https://www.google.fr/search?q=second#x"));
            assertThat(summarize("https://www.google.fr/search?q=third").kind()).isEqualTo(ReferrerKind.SEARCH);
        }

        @Test
        void areInternalOnlyForTheSitesOwnRequests() {
            String referer = "https://news.example.net/article?id=7";
            assertThat(summarizer.summarize(referer, "news.example.net").kind()).isEqualTo(ReferrerKind.INTERNAL);
            assertThat(summarizer.summarize(referer, "www.example.com").kind()).isEqualTo(ReferrerKind.OTHER);
            assertThat(summarizer.summarize(referer, "NEWS.example.net:8443").kind()).isEqualTo(ReferrerKind.INTERNAL);
        }

        @Test
        void stayUnusableWhenTheyWereUnusable() {
            assertThat(summarize("javascript:alert(1)?x")).isEqualTo(ReferrerSummary.UNUSABLE);
            assertThat(summarize("javascript:alert(1)?y")).isEqualTo(ReferrerSummary.UNUSABLE);
        }
    }
}
