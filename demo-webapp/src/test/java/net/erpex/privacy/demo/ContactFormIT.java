package net.erpex.privacy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The demo's protected contact form in headless Chromium: a visitor who refused every optional category still sends
 * the form, because the filter's own worker solves the cookieless challenge, and the browser never talks to Google.
 */
class ContactFormIT {

    private static final List<String> GOOGLE_HOSTS = List.of("google.com", "gstatic.com", "recaptcha.net",
            "googletagmanager");
    private static DemoProcess demo;

    @BeforeAll
    static void start() throws Exception {
        RequiredService.CHROMIUM.assume();
        demo = new DemoProcess();
    }

    @AfterAll
    static void stop() throws Exception {
        if (demo != null) {
            demo.close();
        }
    }

    private static void fill(Browser b) {
        b.driver.findElement(By.id("contact-name")).sendKeys("Ada Lovelace");
        b.driver.findElement(By.id("contact-email")).sendKeys("ada@example.com");
        b.driver.findElement(By.id("contact-message")).sendKeys("Hello from a browser that said no to cookies.");
    }

    @Test
    void sendsTheFormAfterRejectAllWithoutContactingGoogle() {
        try (Browser b = new Browser("en")) {
            b.driver.get(demo.url("/contact"));
            b.driver.findElement(By.id("erpex-privacy-reject-all")).click();
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(60));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("erpex-privacy-banner")));
            fill(b);
            // The worker solves while the visitor types; the form carries its time for benchmarks to read.
            WebElement form = b.driver.findElement(By.id("contact"));
            wait.until(d -> form.getDomAttribute("data-privacy-solve-ms") != null);
            String millis = form.getDomAttribute("data-privacy-solve-ms");
            String iterations = form.getDomAttribute("data-privacy-iterations");
            b.driver.findElement(By.cssSelector("#contact button[type=submit]")).click();

            wait.until(d -> !d.getCurrentUrl().equals(demo.url("/contact")) || !d.findElements(By.id("contact-thanks"))
                    .isEmpty() || !d.findElements(By.cssSelector("[data-privacy-reason]")).isEmpty());
            assertThat(b.driver.findElement(By.tagName("h1")).getText()).as(b.driver.getPageSource())
                    .isEqualTo("Thank you");
            List<String> urls = b.requestedUrls();
            assertThat(urls).anyMatch(u -> u.contains("/privacy/challenge?path=%2Fcontact"))
                    .anyMatch(u -> u.contains("/privacy/protect-worker.js"));
            assertThat(urls).noneMatch(u -> GOOGLE_HOSTS.stream().anyMatch(u::contains));
            assertThat(b.driver.findElements(By.cssSelector("script[src*='recaptcha']"))).isEmpty();
            // Reported for the record, never asserted: speed depends on the machine.
            System.out.printf("ContactFormIT: Chromium solved the challenge in %s ms (%s hashes)%n", millis,
                    iterations);
        }
    }

    @Test
    void explainsWithoutJavaScriptThatTheFormNeedsIt() {
        try (Browser b = new Browser("en", false)) {
            b.driver.get(demo.url("/contact"));
            b.driver.findElement(By.id("erpex-privacy-reject-all")).click();
            // Without JavaScript the decision is a form POST and a 303 back: wait for the page to come back.
            WebDriverWait wait = new WebDriverWait(b.driver, Duration.ofSeconds(30));
            wait.until(ExpectedConditions.invisibilityOfElementLocated(By.id("erpex-privacy-banner")));
            assertThat(b.driver.getPageSource()).contains("This form needs JavaScript");
            fill(b);
            b.driver.findElement(By.cssSelector("#contact button[type=submit]")).click();
            wait.until(ExpectedConditions.textToBe(By.tagName("h1"), "Your form was not sent"));
            assertThat(b.driver.getPageSource()).contains("needs JavaScript").doesNotContain("Ada Lovelace");
            assertThat(b.requestedUrls()).noneMatch(u -> GOOGLE_HOSTS.stream().anyMatch(u::contains));
        }
    }
}
