package net.erpex.privacy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** The consent banner of the packaged demo, in headless Chromium, as a visitor meets it. */
class ConsentBannerIT {

    private static final String ANALYTICS_HOST = "www.googletagmanager.com";
    private static final String RECAPTCHA_SCRIPT = "www.google.com/recaptcha/api.js";
    private static DemoProcess demo;

    @BeforeAll
    static void start() throws Exception {
        RequiredService.CHROMIUM.assume();
        // Google's public reCAPTCHA v2 test keys (README): the contact form then offers reCAPTCHA to visitors who
        // accept it. Offline, Google's script never arrives; whether the browser asked for it is what is tested.
        demo = new DemoProcess("-Dprivacy.protect.recaptcha.site-key=6LeIxAcTAAAAAJcZVRqyHh71UMIEGNQ_MXjiZKhI",
                "-Dprivacy.protect.recaptcha.secret=6LeIxAcTAAAAAGG-vFI1TnRWxMZNFuojJ4WifJWe",
                "-Dprivacy.protect.recaptcha.version=v2", "-Dprivacy.protect.recaptcha.hostnames=testkey.google.com");
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    /**
     * A wait that tolerates the page going away under it: accepting a category reloads the page, and an element
     * looked up during the reload can be reported by Chromium as belonging to no document (a WebDriverException that
     * is not a stale-element one). The condition is simply asked again.
     */
    private static WebDriverWait await(Browser b) {
        WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(10));
        wait.ignoring(org.openqa.selenium.WebDriverException.class);
        return wait;
    }

    @Test
    void appearsInTheBrowsersLanguage() {
        for (String[] expected : List.of(new String[] {"fr", "Tout refuser"}, new String[] {"de", "Alle ablehnen"},
                new String[] {"ja", "すべて拒否"})) {
            try (Browser b = new Browser(expected[0])) {
                b.driver.get(demo.url("/"));
                WebElement banner = await(b).until(ExpectedConditions.visibilityOfElementLocated(
                        By.id("erpex-privacy-banner")));
                assertThat(banner.getDomAttribute("lang")).isEqualTo(expected[0]);
                assertThat(b.driver.findElement(By.id("erpex-privacy-reject-all")).getText()).as(expected[0])
                        .isEqualTo(expected[1]);
            }
        }
    }

    @Test
    void rejectingAllWithTheKeyboardAloneLeavesNoAnalyticsInTheBrowser() {
        try (Browser b = new Browser("en")) {
            b.driver.get(demo.url("/"));
            // The server set no analytics cookie and sent no analytics script before a decision.
            assertThat(b.driver.manage().getCookieNamed("_ga")).isNull();
            tabTo(b, "erpex-privacy-reject-all");
            new Actions(b.driver).sendKeys(Keys.ENTER).perform();
            await(b).until(ExpectedConditions.invisibilityOfElementLocated(By.id("erpex-privacy-banner")));
            assertThat(b.driver.switchTo().activeElement().getDomAttribute("id")).isEqualTo("erpex-privacy-settings");

            b.driver.navigate().refresh();
            assertThat(b.driver.findElements(By.id("erpex-privacy-banner"))).isEmpty();
            assertThat(b.driver.manage().getCookieNamed("_ga")).isNull();
            assertThat(b.driver.manage().getCookieNamed("consent")).isNotNull();
            assertThat(b.requestedUrls()).noneMatch(u -> u.contains(ANALYTICS_HOST) || u.contains("recaptcha"));
            assertThat(b.driver.findElements(By.cssSelector("script[src*='" + ANALYTICS_HOST + "']"))).isEmpty();

            // The protected form gets the cookieless challenge, not Google's script.
            b.driver.get(demo.url("/contact"));
            await(b).until(d -> d.findElement(By.id("contact")).getDomAttribute("data-privacy-solve-ms") != null);
            assertThat(b.driver.findElements(By.cssSelector("script[src*='recaptcha']"))).isEmpty();
            assertThat(b.requestedUrls()).noneMatch(u -> u.contains("recaptcha") || u.contains("gstatic"));
        }
    }

    @Test
    void acceptingAllLoadsReCaptchaOnTheProtectedForm() {
        try (Browser b = new Browser("en")) {
            b.driver.get(demo.url("/contact"));
            b.driver.findElement(By.id("erpex-privacy-accept-all")).click();
            await(b).until(ExpectedConditions.invisibilityOfElementLocated(By.id("erpex-privacy-banner")));
            b.driver.get(demo.url("/contact"));
            await(b).until(d -> !d.findElements(By.cssSelector("script[src*='" + RECAPTCHA_SCRIPT + "']")).isEmpty());
            assertThat(b.driver.findElements(By.cssSelector(".g-recaptcha"))).isNotEmpty();
            assertThat(b.requestedUrls()).anyMatch(u -> u.contains(RECAPTCHA_SCRIPT));
        }
    }

    @Test
    void acceptingAllLoadsTheAnalyticsTagAndLetsItsCookieThrough() {
        try (Browser b = new Browser("en")) {
            b.driver.get(demo.url("/"));
            b.requestedUrls();
            b.driver.findElement(By.id("erpex-privacy-accept-all")).click();
            // The page has an analytics placeholder: the banner reloads it so tag and policy arrive together.
            await(b).until(d -> !d.findElements(By.cssSelector("script[src*='" + ANALYTICS_HOST + "']")).isEmpty());
            assertThat(b.driver.findElements(By.id("erpex-privacy-banner"))).isEmpty();
            assertThat(b.driver.manage().getCookieNamed("_ga")).isNotNull();
            // Offline, the request fails; that the browser made it is what the policy (and the CSP) allowed.
            assertThat(b.requestedUrls()).anyMatch(u -> u.contains(ANALYTICS_HOST));
        }
    }

    @Test
    void worksWithoutJavaScript() {
        try (Browser b = new Browser("en", false)) {
            b.driver.get(demo.url("/visits"));
            b.driver.findElement(By.id("erpex-privacy-customize")).click();
            // A click returns once the browser has started to navigate, not always once it has arrived.
            await(b).until(ExpectedConditions.urlContains("/privacy/settings"));
            b.driver.findElement(By.cssSelector("label[for='erpex-privacy-switch-analytics']")).click();
            b.driver.findElement(By.id("erpex-privacy-save")).click();
            // Back on the page it came from (a 303 after the POST), decided: analytics granted, the rest not.
            await(b).until(ExpectedConditions.urlToBe(demo.url("/visits")));
            assertThat(b.driver.findElements(By.id("erpex-privacy-banner"))).isEmpty();
            // The page it returned to is the first one rendered with analytics granted: its cookie passes.
            assertThat(b.driver.manage().getCookieNamed("_ga")).isNotNull();
            assertThat(b.driver.getPageSource()).contains("analytics: allowed", "recaptcha: not allowed");
        }
    }

    @Test
    void hasNoSeriousOrCriticalAccessibilityViolations() {
        try (Browser b = new Browser("en")) {
            b.driver.get(demo.url("/"));
            assertNoSeriousViolations(b, "first layer");
            b.driver.findElement(By.id("erpex-privacy-customize")).click();
            await(b).until(ExpectedConditions.visibilityOfElementLocated(By.id("erpex-privacy-panel")));
            assertNoSeriousViolations(b, "customize panel");
            b.driver.get(demo.url("/privacy/settings?return=%2F"));
            assertNoSeriousViolations(b, "settings page");
        }
    }

    private static void assertNoSeriousViolations(Browser b, String what) {
        Results results = new AxeBuilder().include("#erpex-privacy")
                .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa")).analyze(b.driver);
        List<String> serious = results.getViolations().stream()
                .filter(r -> "serious".equals(r.getImpact()) || "critical".equals(r.getImpact()))
                .map(Rule::getId).toList();
        assertThat(serious).as("axe serious/critical violations on the " + what).isEmpty();
        assertThat(results.getPasses()).as("axe checked something on the " + what).isNotEmpty();
    }

    /** Presses Tab until the element with {@code id} has the focus; fails after 40 presses. */
    private static void tabTo(Browser b, String id) {
        Actions keys = new Actions(b.driver);
        for (int i = 0; i < 40; i++) {
            keys.sendKeys(Keys.TAB).perform();
            if (id.equals(b.driver.switchTo().activeElement().getDomAttribute("id"))) {
                return;
            }
        }
        throw new AssertionError("Tab never reached #" + id);
    }
}
