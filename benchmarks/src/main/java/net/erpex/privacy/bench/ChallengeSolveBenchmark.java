package net.erpex.privacy.bench;

import java.io.File;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * How long a visitor's browser takes to solve the form protection's proof-of-work challenge: the packaged demo's
 * {@code /contact} page in Debian's headless Chromium, reading the solve time and the hashes tried that
 * {@code protect.js} writes on the form. Prints each solve, the median, the hash rate, the expected mean at the
 * difficulty served, and that mean on a CPU four times slower, DevTools' "mid-tier mobile" preset.
 *
 * <p>{@code --throttle 1,4} also runs with DevTools' CPU throttling; it slows the page's main thread but, in the
 * Chromium measured, not the dedicated worker that solves, which is why the phone figure is derived from the rate.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar net.erpex.privacy.bench.ChallengeSolveBenchmark --runs 20
 * </pre>
 */
public final class ChallengeSolveBenchmark {

    private ChallengeSolveBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path jar = Path.of("demo-webapp/target/demo-webapp.jar");
        int runs = 10;
        String throttles = "1";
        String difficulty = "";
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--jar" -> jar = Path.of(args[i + 1]);
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--throttle" -> throttles = args[i + 1];
                case "--difficulty" -> difficulty = args[i + 1];
                default -> throw new IllegalArgumentException("usage: [--jar PATH] [--runs N] [--throttle 1,4]"
                        + " [--difficulty BITS]");
            }
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path work = Files.createTempDirectory("erpex-pow");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString()));
        if (!difficulty.isEmpty()) {
            command.add("-Dprivacy.protect.challenge.difficulty=" + difficulty);
        }
        command.addAll(List.of("-jar", jar.toString(), "--port", String.valueOf(port), "--visits-dir",
                work.resolve("visits").toString()));
        Process demo = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve("demo.log").toFile()).start();
        try {
            DemoLoadTest.waitUntilUp(port, demo);
            for (String throttle : throttles.split(",")) {
                measure("http://127.0.0.1:" + port + "/contact", runs, Double.parseDouble(throttle), work);
            }
        } finally {
            demo.destroy();
            demo.waitFor();
        }
    }

    private static void measure(String url, int runs, double throttle, Path work) throws Exception {
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + Files.createTempDirectory(work, "profile"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File("/usr/bin/chromedriver")).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        try {
            driver.executeCdpCommand("Emulation.setCPUThrottlingRate", Map.of("rate", throttle));
            long[] millis = new long[runs];
            long iterations = 0;
            int bits = 0;
            for (int i = 0; i < runs; i++) {
                driver.get(url);
                WebElement form = driver.findElement(By.id("contact"));
                new WebDriverWait(driver, Duration.ofSeconds(120))
                        .until(d -> form.getAttribute("data-privacy-solve-ms") != null);
                millis[i] = Long.parseLong(form.getAttribute("data-privacy-solve-ms"));
                iterations += Long.parseLong(form.getAttribute("data-privacy-iterations"));
                bits = Integer.parseInt(String.valueOf(driver.executeScript("return fetch('/privacy/challenge?path="
                        + "%2Fcontact').then(r => r.json()).then(j => j.difficulty)")));
            }
            long total = java.util.Arrays.stream(millis).sum();
            long[] sorted = millis.clone();
            java.util.Arrays.sort(sorted);
            double hashesPerSecond = iterations * 1000.0 / Math.max(1, total);
            System.out.printf(Locale.ROOT, "CPU throttling %.0fx, %d solves at %d bits: %s ms%n", throttle, runs, bits,
                    java.util.Arrays.toString(millis));
            double mean = Math.pow(2, bits) / hashesPerSecond;
            System.out.printf(Locale.ROOT, "  median %d ms, %.0f hashes/s, expected mean at %d bits %.2f s, on a CPU"
                    + " 4x slower (mid-tier phone) %.2f s%n", sorted[runs / 2], hashesPerSecond, bits, mean, 4 * mean);
        } finally {
            driver.quit();
            service.stop();
        }
    }
}
