package net.erpex.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.erpex.privacy.consent.ConsentCookie;
import net.erpex.privacy.consent.StoredConsent;
import net.erpex.privacy.security.SigningKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/** Consent as the server enforces it: what reaches the browser before, after and without a decision. */
class ConsentFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final String ORIGIN_HEADER = "Origin";
    private static final Pattern CONSENT = Pattern.compile("^(?:__Host-)?consent=([A-Za-z0-9_.-]+);");
    private static final ConsentCookie FORGER = new ConsentCookie(SigningKeys.parse(TestSite.KEY));

    private static TestSite site;

    @BeforeAll
    static void start() throws Exception {
        site = TestSite.start("client.trusted-proxies", "127.0.0.1", "geo.database", TestSite.DEMO_DB,
                "consent.cookie-domains", "example.com", "consent.opt-out-countries", "US",
                "consent.cookies", "necessary:XSRF-TOKEN", "language.supported", "en, fr, de");
    }

    @AfterAll
    static void stop() throws Exception {
        site.close();
    }

    private static String origin() {
        return "http://127.0.0.1:" + site.port();
    }

    private static List<String> setCookies(HttpResponse<String> response) {
        return response.headers().allValues("Set-Cookie");
    }

    private static boolean sets(HttpResponse<String> response, String name) {
        return setCookies(response).stream().anyMatch(c -> c.startsWith(name + "=") && !c.contains("Max-Age=0"));
    }

    private static boolean expires(HttpResponse<String> response, String name) {
        return setCookies(response).stream().anyMatch(c -> c.startsWith(name + "=;") && c.contains("Max-Age=0"));
    }

    /** The consent cookie value a decision response set, as "consent=value" for the next request. */
    private static String consentCookie(HttpResponse<String> response) {
        for (String c : setCookies(response)) {
            Matcher m = CONSENT.matcher(c);
            if (m.find()) {
                return "consent=" + m.group(1);
            }
        }
        throw new AssertionError("no consent cookie in " + setCookies(response));
    }

    private static HttpResponse<String> decide(String action, String... headers) throws Exception {
        String[] all = new String[headers.length + 2];
        all[0] = ORIGIN_HEADER;
        all[1] = origin();
        System.arraycopy(headers, 0, all, 2, headers.length);
        return site.post("/privacy/consent", FORM, "action=" + action + "&return=%2Fpricing", all);
    }

    private static JsonNode state(String... headers) throws Exception {
        HttpResponse<String> response = site.get("/privacy/consent", headers);
        assertThat(response.statusCode()).isEqualTo(200);
        return JSON.readTree(response.body());
    }

    @Nested
    class BeforeAnyDecision {

        @Test
        void sendsOnlyNecessaryCookies() throws Exception {
            HttpResponse<String> response = site.get("/?set=_ga,XSRF-TOKEN&header=_gid");
            assertThat(sets(response, "sid")).isTrue();
            assertThat(sets(response, "XSRF-TOKEN")).isTrue();
            assertThat(sets(response, "_ga")).isFalse();
            assertThat(sets(response, "_gid")).isFalse();
        }

        @Test
        void keepsAnUnclassifiedCookieFromTheBrowser() throws Exception {
            long before = site.filter().counters().get("cookie-blocked");
            HttpResponse<String> response = site.get("/?set=mystery");
            assertThat(sets(response, "mystery")).isFalse();
            assertThat(site.filter().counters().get("cookie-blocked")).isEqualTo(before + 1);
        }

        @Test
        void reportsTheVisitorAsUndecidedWithOnlyNecessaryGranted() throws Exception {
            JsonNode state = state();
            assertThat(state.get("policyVersion").asText()).isEqualTo("1");
            assertThat(state.get("decided").asBoolean()).isFalse();
            assertThat(state.get("regime").asText()).isEqualTo("opt-in");
            assertThat(state.get("gpc").asBoolean()).isFalse();
            assertThat(JSON.convertValue(state.get("categories"), Map.class)).containsExactly(
                    Map.entry("necessary", true), Map.entry("preferences", false), Map.entry("analytics", false),
                    Map.entry("recaptcha", false), Map.entry("session-recording", false));
        }

        @Test
        void lettingTheApplicationSeeOnlyTheCookiesTheVisitorAllows() throws Exception {
            HttpResponse<String> response = site.get("/", "Cookie", "_ga=GA1.1.123; theme=dark");
            assertThat(TestSite.parse(response.body()).get("cookies")).isEqualTo("theme");
        }
    }

    @Nested
    class Decisions {

        @Test
        void acceptAllStoresASignedCookieAndLetsTheAnalyticsCookieThrough() throws Exception {
            HttpResponse<String> decision = decide("accept-all");
            assertThat(decision.statusCode()).isEqualTo(303);
            assertThat(decision.headers().firstValue("Location")).hasValue("/pricing");
            String header = setCookies(decision).stream().filter(c -> c.startsWith("consent=")).findFirst()
                    .orElseThrow();
            assertThat(header).matches("consent=[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+; Path=/; Max-Age=15724800;"
                    + " HttpOnly; SameSite=Lax");

            HttpResponse<String> page = site.get("/?set=_ga&header=_gid&setheader=_ga_XYZ", "Cookie",
                    consentCookie(decision));
            assertThat(sets(page, "_ga")).isTrue();
            assertThat(sets(page, "_gid")).isTrue();
            assertThat(sets(page, "_ga_XYZ")).isTrue();
            assertThat(TestSite.parse(page.body())).containsEntry("decided", "true").containsEntry("analytics", "true");
        }

        @Test
        void aRefusalLastsAsLongAsAnAcceptance() throws Exception {
            HttpResponse<String> decision = decide("reject-all");
            assertThat(setCookies(decision)).anyMatch(c -> c.startsWith("consent=") && c.contains("Max-Age=15724800"));
            JsonNode state = state("Cookie", consentCookie(decision));
            assertThat(state.get("decided").asBoolean()).isTrue();
            assertThat(state.get("categories").get("analytics").asBoolean()).isFalse();
        }

        @Test
        void customChoiceGrantsExactlyTheSwitchedOnCategories() throws Exception {
            HttpResponse<String> decision = site.post("/privacy/consent", FORM,
                    "action=save&recaptcha=on&analytics=&csrf=abc&return=%2F", ORIGIN_HEADER, origin());
            JsonNode categories = state("Cookie", consentCookie(decision)).get("categories");
            assertThat(categories.get("recaptcha").asBoolean()).isTrue();
            assertThat(categories.get("analytics").asBoolean()).isFalse();
            assertThat(categories.get("preferences").asBoolean()).isFalse();
        }

        @Test
        void aJsonDecisionIsAnsweredWithTheNewState() throws Exception {
            HttpResponse<String> decision = site.post("/privacy/consent", "application/json",
                    "{\"action\":\"save\",\"categories\":{\"analytics\":true,\"recaptcha\":false}}", ORIGIN_HEADER,
                    origin());
            assertThat(decision.statusCode()).isEqualTo(200);
            JsonNode state = JSON.readTree(decision.body());
            assertThat(state.get("decided").asBoolean()).isTrue();
            assertThat(state.get("categories").get("analytics").asBoolean()).isTrue();
            assertThat(decision.headers().firstValue("Cache-Control")).hasValue("no-store");
        }

        @Test
        void onHttpsTheConsentCookieIsSecureWithTheHostPrefix() throws Exception {
            HttpResponse<String> decision = site.post("/privacy/consent", FORM, "action=reject-all", ORIGIN_HEADER,
                    "https://127.0.0.1", "X-Forwarded-Proto", "https");
            assertThat(setCookies(decision)).anyMatch(c -> c.matches("__Host-consent=[A-Za-z0-9_.-]+; Path=/;"
                    + " Max-Age=15724800; Secure; HttpOnly; SameSite=Lax"));
        }
    }

    @Nested
    class Withdrawal {

        @Test
        void expiresTheAnalyticsCookiesTheBrowserStillSendsIncludingForTheConfiguredDomain() throws Exception {
            String accepted = consentCookie(decide("accept-all"));
            HttpResponse<String> withdrawal = decide("reject-all", "Cookie", accepted + "; _ga=GA1.1.42; _gid=7");
            assertThat(setCookies(withdrawal)).contains("_ga=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax",
                    "_ga=; Path=/; Domain=example.com; Max-Age=0; HttpOnly; SameSite=Lax",
                    "_gid=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax");

            // And on every later page while the browser keeps sending them; the application never sees them.
            String refused = consentCookie(withdrawal);
            HttpResponse<String> page = site.get("/?set=_ga", "Cookie", refused + "; _ga=GA1.1.42");
            assertThat(expires(page, "_ga")).isTrue();
            assertThat(sets(page, "_ga")).isFalse();
            assertThat(TestSite.parse(page.body()).get("cookies")).doesNotContain("_ga");
        }

        @Test
        void letsTheApplicationDeleteADeniedCookieItself() throws Exception {
            HttpResponse<String> response = site.get("/?delete=_ga");
            assertThat(setCookies(response)).anyMatch(c -> c.startsWith("_ga=;") && c.contains("Max-Age=0"));
        }

        @Test
        void expiresACookieBombOverSeveralResponsesEachOfWhichFitsAndIsNeverAnError() throws Exception {
            // 300 analytics cookies (one _ga_ per property): expiring them all at once, host-only and for
            // example.com, would not fit Jetty's 8 KiB response header buffer.
            java.util.Set<String> jar = new java.util.LinkedHashSet<>();
            for (int i = 0; i < 300; i++) {
                jar.add(String.format("_ga_%08X", i * 7919));
            }
            long before = site.filter().counters().get("cookie-expiry-deferred");
            int responses = 0;
            while (!jar.isEmpty()) {
                assertThat(++responses).as("responses needed").isLessThanOrEqualTo(60);
                String header = String.join("; ", jar.stream().map(n -> n + "=GS1.1.1700000000.1.1.1700000000.0")
                        .toList());
                HttpResponse<String> response = site.get("/", "Cookie", header);
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(TestSite.parse(response.body()).get("cookies")).doesNotContain("_ga_");
                List<String> expired = setCookies(response).stream().filter(c -> c.contains("Max-Age=0"))
                        .map(c -> c.substring(0, c.indexOf('='))).distinct().toList();
                assertThat(expired).isNotEmpty();
                expired.forEach(jar::remove);
            }
            assertThat(responses).isGreaterThan(1);
            assertThat(site.filter().counters().get("cookie-expiry-deferred")).isGreaterThan(before);
        }

        @Test
        void neverExpiresNecessaryCookies() throws Exception {
            String refused = consentCookie(decide("reject-all"));
            HttpResponse<String> page = site.get("/", "Cookie", refused + "; XSRF-TOKEN=1; lang=fr");
            assertThat(expires(page, "XSRF-TOKEN")).isFalse();
            assertThat(expires(page, "lang")).isFalse();
            assertThat(expires(page, "consent")).isFalse();
        }
    }

    @Nested
    class UnusableConsentCookies {

        @Test
        void aTamperedCookieCountsAsUndecided() throws Exception {
            String value = consentCookie(decide("accept-all")).substring("consent=".length());
            int dot = value.indexOf('.');
            String tampered = value.substring(0, dot - 2) + (value.charAt(dot - 2) == 'A' ? 'B' : 'A')
                    + value.substring(dot - 1);
            long before = site.filter().counters().get("consent-invalid");
            assertThat(state("Cookie", "consent=" + tampered).get("decided").asBoolean()).isFalse();
            assertThat(site.filter().counters().get("consent-invalid")).isEqualTo(before + 1);
        }

        @Test
        void anExpiredCookieCountsAsUndecided() throws Exception {
            String old = FORGER.encode(new StoredConsent("1", Instant.now().minus(Duration.ofDays(183)),
                    "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            JsonNode state = state("Cookie", "consent=" + old);
            assertThat(state.get("decided").asBoolean()).isFalse();
            assertThat(state.get("categories").get("analytics").asBoolean()).isFalse();
        }

        @Test
        void aCookieForAnOlderPolicyCountsAsUndecided() throws Exception {
            String older = FORGER.encode(new StoredConsent("0", Instant.now().minusSeconds(60),
                    "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            assertThat(state("Cookie", "consent=" + older).get("decided").asBoolean()).isFalse();
        }

        @Test
        void aCookieSignedByAnotherKeyCountsAsUndecided() throws Exception {
            String foreign = new ConsentCookie(SigningKeys.random()).encode(new StoredConsent("1",
                    Instant.now().minusSeconds(60), "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            assertThat(state("Cookie", "consent=" + foreign).get("categories").get("analytics").asBoolean())
                    .isFalse();
        }

        @Test
        void twoDifferentConsentCookiesAreAmbiguousAndNeitherDecidesNotEvenTheValidOne() throws Exception {
            // A sibling subdomain tosses in an "accept all" next to the visitor's refusal: neither may win.
            String refusal = consentCookie(decide("reject-all")).substring("consent=".length());
            String planted = FORGER.encode(new StoredConsent("1", Instant.now().minusSeconds(60),
                    "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            for (String header : List.of("consent=" + planted + "; consent=" + refusal,
                    "consent=" + refusal + "; consent=" + planted)) {
                long before = site.filter().counters().get("cookie-ambiguous");
                JsonNode state = state("Cookie", header);
                assertThat(state.get("decided").asBoolean()).isFalse();
                assertThat(state.get("categories").get("analytics").asBoolean()).isFalse();
                assertThat(site.filter().counters().get("cookie-ambiguous")).isEqualTo(before + 1);
            }
        }

        @Test
        void theSameConsentCookieRepeatedIsStillTheDecision() throws Exception {
            String valid = FORGER.encode(new StoredConsent("1", Instant.now().minusSeconds(60),
                    "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            assertThat(state("Cookie", "consent=" + valid + "; consent=" + valid).get("decided").asBoolean())
                    .isTrue();
        }

        @Test
        void aValidForgedLookingCookieSignedWithTheSiteKeyIsADecision() throws Exception {
            // The control for the three tests above: the same construction, current and signed with the site's key.
            String valid = FORGER.encode(new StoredConsent("1", Instant.now().minusSeconds(60),
                    "AAAAAAAAAAAAAAAAAAAAAA", Set.of("analytics")));
            assertThat(state("Cookie", "consent=" + valid).get("categories").get("analytics").asBoolean()).isTrue();
        }
    }

    @Nested
    class GlobalPrivacyControl {

        private static final String US_VISITOR = "203.0.113.7";

        @Test
        void anOptOutCountryPreGrantsAnalyticsWithoutTheSignal() throws Exception {
            JsonNode state = state("X-Forwarded-For", US_VISITOR);
            assertThat(state.get("regime").asText()).isEqualTo("opt-out");
            assertThat(state.get("categories").get("analytics").asBoolean()).isTrue();
        }

        @Test
        void theSignalDeniesAnalyticsAndWritesNoConsentCookie() throws Exception {
            HttpResponse<String> response = site.get("/?set=_ga", "X-Forwarded-For", US_VISITOR, "Sec-GPC", "1");
            assertThat(TestSite.parse(response.body())).containsEntry("analytics", "false");
            assertThat(sets(response, "_ga")).isFalse();
            assertThat(setCookies(response)).noneMatch(c -> c.startsWith("consent="));
        }

        @Test
        void onlyTheExactValueOneIsTheSignal() throws Exception {
            assertThat(state("X-Forwarded-For", US_VISITOR, "Sec-GPC", "true").get("gpc").asBoolean()).isFalse();
        }

        @Test
        void isRecordedOncePerSessionAsADecision() throws Exception {
            HttpResponse<String> first = site.get("/", "X-Forwarded-For", US_VISITOR, "Sec-GPC", "1");
            String session = TestSite.parse(first.body()).get("session");
            String sid = setCookies(first).stream().filter(c -> c.startsWith("sid=")).findFirst().orElseThrow();
            String cookie = sid.substring(0, sid.indexOf(';'));
            site.get("/", "X-Forwarded-For", US_VISITOR, "Sec-GPC", "1", "Cookie", cookie);
            site.get("/", "X-Forwarded-For", US_VISITOR, "Sec-GPC", "1", "Cookie", cookie);
            List<JsonNode> records = ConsentRecords.await(site, r -> r.get("session").asText().equals(session), 1);
            assertThat(records).singleElement().satisfies(r -> {
                assertThat(r.get("action").asText()).isEqualTo("gpc");
                assertThat(r.get("via").asText()).isEqualTo("header");
                assertThat(r.get("gpc").asBoolean()).isTrue();
                assertThat(r.get("categories").get("analytics").asBoolean()).isFalse();
            });
        }

        @Test
        void aLaterExplicitOptInIsHonoured() throws Exception {
            HttpResponse<String> decision = decide("accept-all", "X-Forwarded-For", US_VISITOR, "Sec-GPC", "1");
            JsonNode state = state("X-Forwarded-For", US_VISITOR, "Sec-GPC", "1", "Cookie", consentCookie(decision));
            assertThat(state.get("categories").get("analytics").asBoolean()).isTrue();
        }

        @Test
        void theSiteDeclaresItHonoursTheSignal() throws Exception {
            HttpResponse<String> response = site.get("/.well-known/gpc.json");
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(response.body()).get("gpc").asBoolean()).isTrue();
        }
    }

    @Nested
    class OnlyFromTheSiteItself {

        @Test
        void refusesACrossSitePostAndChangesNothing() throws Exception {
            String accepted = consentCookie(decide("accept-all"));
            HttpResponse<String> response = site.post("/privacy/consent", FORM, "action=reject-all", ORIGIN_HEADER,
                    "https://evil.example", "Cookie", accepted + "; _ga=1");
            assertThat(response.statusCode()).isEqualTo(403);
            assertThat(JSON.readTree(response.body()).get("error").asText()).contains("Origin is another site");
            assertThat(setCookies(response)).noneMatch(c -> c.startsWith("consent=") || c.startsWith("_ga="));
            // The body was never read: the client must not reuse a connection that still holds it.
            assertThat(response.headers().firstValue("Connection")).hasValue("close");
        }

        @Test
        void refusesAPostWithoutAnyOriginEvidence() throws Exception {
            assertThat(site.post("/privacy/consent", FORM, "action=accept-all").statusCode()).isEqualTo(403);
        }

        @Test
        void acceptsFetchMetadataWhenThereIsNoOrigin() throws Exception {
            assertThat(site.post("/privacy/consent", FORM, "action=accept-all", "Sec-Fetch-Site", "same-origin")
                    .statusCode()).isEqualTo(303);
        }

        @Test
        void answersBadBodiesWith400AndNoCookie() throws Exception {
            for (String body : List.of("action=maybe", "action=accept-all&action=reject-all", "nothing=here",
                    "action=%zz")) {
                HttpResponse<String> response = site.post("/privacy/consent", FORM, body, ORIGIN_HEADER, origin());
                assertThat(response.statusCode()).as(body).isEqualTo(400);
                assertThat(setCookies(response)).as(body).noneMatch(c -> c.startsWith("consent="));
            }
            HttpResponse<String> json = site.post("/privacy/consent", "application/json",
                    "{\"action\":\"save\",\"categories\":{\"tracking\":true}}", ORIGIN_HEADER, origin());
            assertThat(json.statusCode()).isEqualTo(400);
            assertThat(JSON.readTree(json.body()).get("error").asText()).contains("unknown category 'tracking'");
        }

        @Test
        void neverRedirectsToAnotherSite() throws Exception {
            for (String target : List.of("//evil.example/", "/\\evil.example", "https://evil.example/",
                    "/\r\nSet-Cookie: x=1")) {
                HttpResponse<String> response = site.post("/privacy/consent", FORM, "action=reject-all&return="
                        + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8), ORIGIN_HEADER,
                        origin());
                assertThat(response.headers().firstValue("Location")).as(target).hasValue("/");
            }
        }

        @Test
        void answersOtherMethodsWith405() throws Exception {
            HttpResponse<String> response = site.post("/.well-known/gpc.json", FORM, "");
            assertThat(response.statusCode()).isEqualTo(405);
            assertThat(response.headers().firstValue("Allow")).hasValue("GET, HEAD");
        }
    }

    @Nested
    class ContentSecurityPolicy {

        @Test
        void isReportOnlyByDefaultWithTheNonceTheApplicationSees() throws Exception {
            HttpResponse<String> response = site.get("/");
            String nonce = TestSite.parse(response.body()).get("nonce");
            assertThat(response.headers().firstValue("Content-Security-Policy")).isEmpty();
            // Two policies, both reported on: the sources, then the nonce that inline scripts and styles need.
            assertThat(response.headers().allValues("Content-Security-Policy-Report-Only")).satisfiesExactly(
                    sources -> assertThat(sources).contains("script-src 'self' 'unsafe-inline'")
                            .doesNotContain("nonce"),
                    nonced -> assertThat(nonced).isEqualTo("script-src 'nonce-" + nonce + "' 'self'; style-src"
                            + " 'nonce-" + nonce + "' 'self'"));
        }

        @Test
        void hasANewNonceOnEveryResponse() throws Exception {
            assertThat(TestSite.parse(site.get("/").body()).get("nonce"))
                    .isNotEqualTo(TestSite.parse(site.get("/").body()).get("nonce"));
        }

        @Test
        void namesTheRecaptchaHostsOnlyWhenRecaptchaIsGranted() throws Exception {
            String without = site.get("/").headers().firstValue("Content-Security-Policy-Report-Only").orElseThrow();
            assertThat(without).doesNotContain("recaptcha");
            String granted = consentCookie(site.post("/privacy/consent", FORM, "action=save&recaptcha=on",
                    ORIGIN_HEADER, origin()));
            String with = site.get("/", "Cookie", granted).headers().firstValue("Content-Security-Policy-Report-Only")
                    .orElseThrow();
            assertThat(with).contains("script-src 'self' https://www.google.com/recaptcha/",
                    "https://www.gstatic.com/recaptcha/").contains("frame-src 'self' https://www.google.com/recaptcha/")
                    .contains("connect-src 'self';").doesNotContain("googletagmanager");
        }
    }

    @Nested
    class Banner {

        @Test
        void isRenderedOpenInTheVisitorsLanguageUntilTheyDecide() throws Exception {
            String banner = TestSite.parse(site.get("/shop?banner=1", "Accept-Language", "fr").body()).get("banner");
            assertThat(banner).contains("lang=\"fr\"", "action=\"/privacy/consent\"",
                    "value=\"/shop?banner=1\"", "data-privacy-banner");
            String decided = consentCookie(decide("reject-all"));
            String after = TestSite.parse(site.get("/?banner=1", "Cookie", decided).body()).get("banner");
            assertThat(after).doesNotContain("data-privacy-banner").contains("data-privacy-settings");
        }

        @Test
        void servesItsScriptForAYearWhenVersionedAndBrieflyOtherwise() throws Exception {
            String banner = TestSite.parse(site.get("/?banner=1").body()).get("banner");
            Matcher src = Pattern.compile("src=\"(/privacy/banner\\.js\\?v=[^\"]+)\"").matcher(banner);
            assertThat(src.find()).isTrue();
            HttpResponse<String> versioned = site.get(src.group(1));
            assertThat(versioned.statusCode()).isEqualTo(200);
            assertThat(versioned.headers().firstValue("Content-Type")).hasValueSatisfying(
                    t -> assertThat(t).startsWith("text/javascript"));
            assertThat(versioned.headers().firstValue("Cache-Control")).hasValue("public, max-age=31536000, immutable");
            HttpResponse<String> plain = site.get("/privacy/banner.css");
            assertThat(plain.headers().firstValue("Cache-Control")).hasValue("public, max-age=300");
            String etag = plain.headers().firstValue("ETag").orElseThrow();
            assertThat(site.get("/privacy/banner.css", "If-None-Match", etag).statusCode()).isEqualTo(304);
        }

        @Test
        void hasASettingsPageForVisitorsWithoutJavaScript() throws Exception {
            HttpResponse<String> page = site.get("/privacy/settings?return=%2Fpricing", "Accept-Language", "de");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).startsWith("<!DOCTYPE html>").contains("<html lang=\"de\"",
                    "value=\"/pricing\"", "name=\"analytics\"");
            assertThat(site.get("/privacy/settings?return=%2F%2Fevil.example").body())
                    .doesNotContain("evil.example");
        }

        @Test
        void leavesOtherPathsUnderThePrefixToTheApplication() throws Exception {
            HttpResponse<String> page = site.get("/privacy/policy");
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(TestSite.parse(page.body())).containsKey("remoteAddr");
        }
    }

    @Nested
    class ProofOfConsent {

        @Test
        void everyDecisionLeavesExactlyOneRecord() throws Exception {
            HttpResponse<String> first = decide("accept-all", "User-Agent",
                    "Mozilla/5.0 (X11; Linux x86_64; rv:133.0) Gecko/20100101 Firefox/133.0");
            String cookie = consentCookie(first);
            HttpResponse<String> second = decide("reject-all", "Cookie", cookie + "; _ga=1");
            String id = idOf(cookie);
            assertThat(idOf(consentCookie(second))).as("one consent id across a browser's decisions").isEqualTo(id);

            List<JsonNode> records = ConsentRecords.await(site, r -> r.get("consentId").asText().equals(id), 2);
            assertThat(records).hasSize(2);
            JsonNode accept = records.get(0);
            assertThat(accept.get("action").asText()).isEqualTo("accept-all");
            assertThat(accept.get("reason").asText()).isEqualTo("first");
            assertThat(accept.get("policyVersion").asText()).isEqualTo("1");
            assertThat(accept.get("regime").asText()).isEqualTo("opt-in");
            assertThat(accept.get("via").asText()).isEqualTo("form");
            assertThat(accept.get("language").asText()).isEqualTo("en");
            assertThat(accept.get("bannerHash").asText()).matches("[A-Za-z0-9_-]{22}");
            assertThat(accept.get("ip").asText()).isEqualTo("127.0.0.1");
            assertThat(accept.get("browser").get("family").asText()).isEqualTo("Firefox");
            assertThat(accept.get("categories").get("analytics").asBoolean()).isTrue();
            JsonNode reject = records.get(1);
            assertThat(reject.get("action").asText()).isEqualTo("reject-all");
            assertThat(reject.get("reason").asText()).isEqualTo("withdrawal");
            assertThat(reject.get("withdrawn")).extracting(JsonNode::asText).contains("analytics", "recaptcha");
        }

        @Test
        void aRefusedRequestLeavesNoRecord() throws Exception {
            HttpResponse<String> visit = site.get("/");
            String session = TestSite.parse(visit.body()).get("session");
            String sid = setCookies(visit).get(0);
            String cookie = sid.substring(0, sid.indexOf(';'));
            site.post("/privacy/consent", FORM, "action=accept-all", ORIGIN_HEADER, "https://evil.example",
                    "Cookie", cookie);
            site.post("/privacy/consent", FORM, "action=nonsense", ORIGIN_HEADER, origin(), "Cookie", cookie);
            // A decision after them, in the same session: once it is written, everything before it is too.
            decide("reject-all", "Cookie", cookie);
            assertThat(ConsentRecords.await(site, r -> r.get("session").asText().equals(session), 1))
                    .singleElement().satisfies(r -> assertThat(r.get("action").asText()).isEqualTo("reject-all"));
        }

        private String idOf(String cookie) {
            String value = cookie.substring(cookie.indexOf('=') + 1);
            String payload = new String(java.util.Base64.getUrlDecoder().decode(value.substring(0, value.indexOf('.'))),
                    java.nio.charset.StandardCharsets.UTF_8);
            return payload.split("\n")[3];
        }
    }
}
