package net.erpex.privacy.agent;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.erpex.privacy.agent.uap.UapEngine;
import net.erpex.privacy.reload.ReloadingFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user-agent rules in use: uap-core's {@code regexes.yaml} from a file or a classpath resource, compiled into a
 * {@link UapEngine}. A file is watched and a replaced one is swapped in without a restart (as the GeoIP database
 * is); a replacement that cannot be loaded keeps the rules in use and is logged once.
 *
 * <p>By default the rules are Debian's and Ubuntu's {@code uap-core} package ({@value #DEBIAN_FILE}), which the
 * operating system keeps current, and otherwise the file inside uap-java's jar (uap-core as of May 2023).
 */
public final class AgentRules implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentRules.class);

    /** Where Debian's and Ubuntu's {@code uap-core} package installs the rules. */
    public static final String DEBIAN_FILE = "/usr/share/uap-core/regexes.yaml";

    /** The rules bundled in uap-java's jar. */
    public static final String UAP_JAVA_RESOURCE = "classpath:ua_parser/regexes.yaml";

    /** Prefix of a classpath resource. */
    public static final String CLASSPATH_PREFIX = "classpath:";

    private final String location;
    private final UapEngine fixed;
    private final ReloadingFile<UapEngine> file;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    /** Opens the watched file, given where to report replacements. */
    private interface Watch {
        ReloadingFile<UapEngine> open(ReloadingFile.Listener<UapEngine> listener) throws IOException;
    }

    private AgentRules(String location, UapEngine fixed, Watch watch) throws IOException {
        this.location = location;
        this.fixed = fixed;
        this.file = watch == null ? null : watch.open((old, fresh) -> replaced(fresh));
    }

    /** {@value #DEBIAN_FILE} when it is a file here, else {@value #UAP_JAVA_RESOURCE}. */
    public static String defaultLocation() {
        return Files.isRegularFile(Path.of(DEBIAN_FILE)) ? DEBIAN_FILE : UAP_JAVA_RESOURCE;
    }

    /**
     * Loads the rules at {@code location}: a file path, or {@code classpath:} and a resource name; empty for
     * {@link #defaultLocation()}.
     *
     * @param reloadInterval how often a file is checked for replacement; zero: never
     * @throws IOException when the rules cannot be loaded; the message says why
     */
    public static AgentRules open(String location, Duration reloadInterval) throws IOException {
        String where = location == null || location.isBlank() ? defaultLocation() : location.strip();
        if (where.startsWith(CLASSPATH_PREFIX)) {
            String resource = where.substring(CLASSPATH_PREFIX.length());
            while (resource.startsWith("/")) {
                resource = resource.substring(1);
            }
            InputStream in = resource(resource);
            if (in == null) {
                throw new FileNotFoundException("no classpath resource " + resource);
            }
            try (in) {
                return logged(new AgentRules(where, UapEngine.load(in, where), null));
            }
        }
        Path path;
        try {
            path = Path.of(where);
        } catch (InvalidPathException e) {
            throw new FileNotFoundException("'" + where + "' is not a valid path: " + e.getReason());
        }
        if (!Files.isRegularFile(path)) {
            throw new FileNotFoundException("no file " + path.toAbsolutePath());
        }
        return logged(new AgentRules(where, null, listener -> ReloadingFile.load(path, "User-agent rules",
                AgentRules::loadFile, listener, reloadInterval)));
    }

    /** The rules bundled in uap-java's jar, never reloaded; for tests and benchmarks. */
    public static AgentRules bundled() {
        try {
            return open(UAP_JAVA_RESOURCE, Duration.ZERO);
        } catch (IOException e) {
            throw new IllegalStateException("uap-java's regexes.yaml is missing from the classpath", e);
        }
    }

    /** The engine in use now. */
    public UapEngine engine() {
        return file == null ? fixed : file.current();
    }

    /** Where the rules come from, and how many. */
    public String description() {
        return engine().description();
    }

    /** The location the rules were opened from: a path or {@code classpath:} resource. */
    public String location() {
        return location;
    }

    /** Calls {@code listener} after the rules were replaced (on the watcher's thread). */
    void onReplaced(Runnable listener) {
        listeners.add(listener);
    }

    /** Looks for a replaced file now instead of at the next interval; for tests. */
    void checkNow() {
        if (file != null) {
            file.checkNow();
        }
    }

    /** Stops watching the file. */
    @Override
    public void close() {
        if (file != null) {
            file.close();
        }
    }

    private void replaced(UapEngine fresh) {
        logDropped(fresh);
        LOG.info("User-agent rules replaced: now using {}", fresh.description());
        listeners.forEach(Runnable::run);
    }

    private static AgentRules logged(AgentRules rules) {
        logDropped(rules.engine());
        return rules;
    }

    private static void logDropped(UapEngine engine) {
        if (!engine.droppedRules().isEmpty()) {
            LOG.warn("{} rules of {} are not used: RE2/J cannot match them in linear time: {}",
                    engine.droppedRules().size(), engine.description(), engine.droppedRules());
        }
    }

    private static UapEngine loadFile(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return UapEngine.load(in, path.toString());
        }
    }

    private static InputStream resource(String name) {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        InputStream in = context == null ? null : context.getResourceAsStream(name);
        return in != null ? in : AgentRules.class.getClassLoader().getResourceAsStream(name);
    }
}
