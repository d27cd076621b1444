package net.erpex.privacy.demo;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import org.junit.jupiter.api.Assumptions;

/**
 * A service some tests need (a browser, a database). Where it is missing the tests are skipped with a message that
 * says what is missing, unless the environment variable {@value #REQUIRE} lists it (CI sets it): then they fail, so
 * a CI machine without the service cannot pass by skipping.
 */
enum RequiredService {
    CHROMIUM("chromium", "no Chromium at /usr/bin/chromium with /usr/bin/chromedriver"),
    POSTGRESQL("postgresql", "no PostgreSQL at 127.0.0.1:5432");

    static final String REQUIRE = "ERPEX_REQUIRE_SERVICES";

    private final String key;
    private final String missing;

    RequiredService(String key, String missing) {
        this.key = key;
        this.missing = missing;
    }

    /** Skips (or, when required, fails) the calling test unless the service is there. */
    void assume() {
        if (present()) {
            return;
        }
        String required = System.getenv(REQUIRE);
        if (required != null && Arrays.asList(required.toLowerCase(Locale.ROOT).split("\\s*,\\s*")).contains(key)) {
            throw new AssertionError("required by " + REQUIRE + "=" + required + " but " + missing);
        }
        Assumptions.abort("skipped: " + missing);
    }

    private boolean present() {
        return switch (this) {
            case CHROMIUM -> Files.isExecutable(Path.of(Browser.CHROMIUM))
                    && Files.isExecutable(Path.of(Browser.CHROMEDRIVER));
            case POSTGRESQL -> {
                try (Socket socket = new Socket()) {
                    socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
                    yield true;
                } catch (IOException e) {
                    yield false;
                }
            }
        };
    }
}
