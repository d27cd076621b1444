package net.erpex.privacy.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A service on this machine that some tests need (PostgreSQL, a browser). Without it they are skipped with a message
 * that says so, except where {@value #ENV} names the service (CI sets it): there they fail with that message, so a
 * missing service can never turn a run green by skipping. Each service is probed once per JVM.
 */
public final class RequiredService {

    /** Comma-separated services that must be present, e.g. {@code postgresql,chromium}. */
    public static final String ENV = "ERPEX_REQUIRE_SERVICES";

    private static final Map<String, Boolean> PROBED = new ConcurrentHashMap<>();

    private RequiredService() {
    }

    /**
     * Whether tests needing the service may run.
     *
     * @param service     its name in {@value #ENV}, e.g. {@code postgresql}
     * @param description how the skip message names it, e.g. {@code PostgreSQL at 127.0.0.1:5432}
     * @throws AssertionError when it is absent but required
     */
    public static ConditionEvaluationResult evaluate(String service, String description, String host, int port) {
        return evaluate(service, description, host, port, System::getenv);
    }

    static ConditionEvaluationResult evaluate(String service, String description, String host, int port,
            java.util.function.Function<String, String> env) {
        return evaluate(service, description, () -> listening(host, port), env);
    }

    /**
     * Whether tests needing installed data may run: {@code probe} tells whether it is there (a file exists).
     *
     * @throws AssertionError when it is absent but required
     */
    static ConditionEvaluationResult evaluate(String service, String description,
            java.util.function.BooleanSupplier probe, java.util.function.Function<String, String> env) {
        boolean up = PROBED.computeIfAbsent(service, s -> probe.getAsBoolean());
        if (up) {
            return ConditionEvaluationResult.enabled(description + " is up");
        }
        String message = "skipped: no " + description;
        if (required(service, env.apply(ENV))) {
            throw new AssertionError(message + " (required here: " + ENV + "=" + env.apply(ENV) + ")");
        }
        return ConditionEvaluationResult.disabled(message);
    }

    static boolean required(String service, String value) {
        if (value == null) {
            return false;
        }
        for (String s : value.toLowerCase(Locale.ROOT).split(",")) {
            if (s.trim().equals(service)) {
                return true;
            }
        }
        return false;
    }

    private static boolean listening(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The condition behind {@link RequiresUapCore}: Debian's {@code uap-core} package, its rules and suites. */
    public static final class UapCore implements ExecutionCondition {
        /** Where Debian's {@code uap-core} package installs {@code regexes.yaml}, {@code tests/} and
         * {@code test_resources/}. */
        public static final java.nio.file.Path DIR = java.nio.file.Path.of("/usr/share/uap-core");

        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return evaluate("uap-core", "uap-core rules and test suites in " + DIR + " (apt-get install uap-core)",
                    () -> java.nio.file.Files.isRegularFile(DIR.resolve("regexes.yaml"))
                            && java.nio.file.Files.isRegularFile(DIR.resolve("tests/test_ua.yaml")),
                    System::getenv);
        }
    }

    /** The condition behind {@link RequiresPostgresql}. */
    public static final class Postgresql implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return evaluate("postgresql", "PostgreSQL at " + TestDatabase.HOST + ":" + TestDatabase.PORT,
                    TestDatabase.HOST, TestDatabase.PORT);
        }
    }
}
