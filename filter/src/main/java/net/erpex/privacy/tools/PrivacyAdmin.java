package net.erpex.privacy.tools;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.config.VisitsStore;
import net.erpex.privacy.security.SigningKeys;
import net.erpex.privacy.store.ConnectionSource;
import net.erpex.privacy.store.DataSubjectStore;
import net.erpex.privacy.store.FoundRecord;
import net.erpex.privacy.store.JsonLinesStore;
import net.erpex.privacy.store.PostgresStore;
import net.erpex.privacy.store.SubjectQuery;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.IpStorage;

/**
 * The operator's command line for access and erasure requests that arrive by e-mail: finds or deletes the records of
 * one data subject in either store, prints them (or what was deleted) as JSON on stdout and a summary on stderr.
 *
 * <pre>
 * java -cp privacy-filter.jar:... net.erpex.privacy.tools.PrivacyAdmin export|erase --store STORE
 *     [--user U] [--password-env VAR] [--ip-storage full|truncated|hashed] [--keys-env VAR]
 *     (--ip ADDR --from YYYY-MM-DD --to YYYY-MM-DD | --session HASH | --consent-id ID)
 * </pre>
 *
 * Exit status: 0 done (also when nothing matched: the count says 0), 1 the store failed, 2 wrong usage. A site's
 * nodes may hold records in their spools while the database is down: those are written later, and an erasure run
 * before then does not see them (the visitor's own my-data and erase requests do).
 */
public final class PrivacyAdmin {

    static final String USAGE = "usage: PrivacyAdmin export|erase --store STORE [--user U] [--password-env VAR]\n"
            + "         [--ip-storage full|truncated|hashed] [--keys-env VAR]\n"
            + "         (--ip ADDR --from YYYY-MM-DD --to YYYY-MM-DD | --session HASH | --consent-id ID)\n"
            + "  STORE            jsonl:<dir> (the visits.dir of the site) or jdbc:postgresql://host:port/db?...\n"
            + "  --ip ADDR        the visitor's address, turned into its stored form as --ip-storage says (the\n"
            + "                   site's visits.ip; default full); --from and --to are UTC days, both included\n"
            + "  --keys-env VAR   environment variable holding security.keys, for --ip-storage hashed\n"
            + "                   (default PRIVACY_SECURITY_KEYS)\n"
            + "  --password-env VAR  environment variable holding the database password\n"
            + "exit status: 0 done (a count of 0 when nothing matched), 1 the store failed, 2 wrong usage";

    private static final JsonFactory JSON = new JsonFactory();

    private PrivacyAdmin() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, System::getenv));
    }

    /** Runs one command; returns the exit status. */
    static int run(String[] args, PrintStream out, PrintStream err, Function<String, String> env) {
        Command command;
        try {
            command = Command.parse(args, env);
        } catch (IllegalArgumentException e) {
            err.println("PrivacyAdmin: " + e.getMessage());
            err.println(USAGE);
            return 2;
        }
        try {
            return command.erase ? erase(command, out, err) : export(command, out, err);
        } catch (IOException | RuntimeException e) {
            err.println("PrivacyAdmin: " + command.action() + " failed against " + command.store + ": " + e.getMessage());
            return 1;
        }
    }

    private static int export(Command c, PrintStream out, PrintStream err) throws IOException {
        List<FoundRecord> found;
        try (Opened store = open(c)) {
            found = store.store.find(c.query);
        }
        Map<String, Integer> counts = new TreeMap<>();
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.writeStartObject();
        for (FoundRecord r : found) {
            counts.merge(r.stream(), 1, Integer::sum);
        }
        FoundRecord.writeByStream(g, List.of(), found);
        g.writeEndObject();
        g.flush();
        out.println();
        err.println("PrivacyAdmin: exported " + found.size() + " records " + counts + " from " + c.store + " matching "
                + c.criterion);
        return 0;
    }

    private static int erase(Command c, PrintStream out, PrintStream err) throws IOException {
        Map<String, Integer> erased;
        try (Opened store = open(c)) {
            erased = store.store.erase(c.query);
        }
        int total = erased.values().stream().mapToInt(Integer::intValue).sum();
        JsonGenerator g = JSON.createGenerator(out, JsonEncoding.UTF8);
        g.writeStartObject();
        g.writeObjectFieldStart("erased");
        for (Map.Entry<String, Integer> e : erased.entrySet()) {
            g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("total", total);
        g.writeEndObject();
        g.flush();
        out.println();
        err.println("PrivacyAdmin: erased " + total + " records " + erased + " from " + c.store + " matching "
                + c.criterion);
        return 0;
    }

    /** A store opened for one command, closed after it. */
    private record Opened(DataSubjectStore store, AutoCloseable closer) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            try {
                closer.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }

    private static Opened open(Command c) throws IOException {
        if (c.store.kind() == VisitsStore.Kind.JSONL) {
            Path dir = Path.of(c.store.target());
            if (!Files.isDirectory(dir)) {
                throw new IOException("no directory " + dir);
            }
            JsonLinesStore store = new JsonLinesStore(dir, Map.of(), Clock.systemUTC());
            return new Opened(store, store);
        }
        // A spool of the admin's own, never written: the command only reads and deletes in the database.
        Path spool = Files.createTempDirectory("erpex-admin-spool");
        PostgresStore store = PostgresStore.open(ConnectionSource.driver(c.store.target(), c.user, c.password), spool,
                1_000, Map.of(), Clock.systemUTC());
        return new Opened(store, () -> {
            store.close();
            Files.deleteIfExists(spool);
        });
    }

    /** The parsed command line. */
    private static final class Command {
        boolean erase;
        VisitsStore store;
        String user = "";
        String password = "";
        SubjectQuery query;
        String criterion;

        String action() {
            return erase ? "erase" : "export";
        }

        static Command parse(String[] args, Function<String, String> env) {
            if (args.length == 0 || !(args[0].equals("export") || args[0].equals("erase"))) {
                throw new IllegalArgumentException("the first argument is export or erase");
            }
            Map<String, String> opts = new HashMap<>();
            for (int i = 1; i < args.length; i++) {
                String name = args[i];
                if (!Set.of("--store", "--user", "--password-env", "--ip", "--from", "--to", "--session",
                        "--consent-id", "--ip-storage", "--keys-env").contains(name)) {
                    throw new IllegalArgumentException("unknown option " + name);
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(name + " needs a value");
                }
                if (opts.put(name, args[++i]) != null) {
                    throw new IllegalArgumentException(name + " is given twice");
                }
            }
            Command c = new Command();
            c.erase = args[0].equals("erase");
            String store = required(opts, "--store");
            c.store = VisitsStore.parse(store);
            if (!(c.store.kind() == VisitsStore.Kind.JDBC
                    || c.store.kind() == VisitsStore.Kind.JSONL && !c.store.target().isEmpty())) {
                throw new IllegalArgumentException("--store is jsonl:<dir> or jdbc:postgresql://..., not " + c.store);
            }
            c.user = opts.getOrDefault("--user", "");
            if (opts.containsKey("--password-env")) {
                String password = env.apply(opts.get("--password-env"));
                if (password == null) {
                    throw new IllegalArgumentException("the environment variable " + opts.get("--password-env")
                            + " is not set");
                }
                c.password = password;
            }
            int criteria = (opts.containsKey("--ip") ? 1 : 0) + (opts.containsKey("--session") ? 1 : 0)
                    + (opts.containsKey("--consent-id") ? 1 : 0);
            if (criteria != 1) {
                throw new IllegalArgumentException("give exactly one of --ip (with --from and --to), --session and"
                        + " --consent-id");
            }
            if (opts.containsKey("--session")) {
                c.query = SubjectQuery.of(Set.of(opts.get("--session")), Set.of());
                c.criterion = "session " + opts.get("--session");
            } else if (opts.containsKey("--consent-id")) {
                c.query = SubjectQuery.of(Set.of(), Set.of(opts.get("--consent-id")));
                c.criterion = "consent id " + opts.get("--consent-id");
            } else {
                Instant from = day(required(opts, "--from")).atStartOfDay(ZoneOffset.UTC).toInstant();
                Instant to = day(required(opts, "--to")).plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
                if (!from.isBefore(to)) {
                    throw new IllegalArgumentException("--from is after --to");
                }
                String stored = storedForm(opts.get("--ip"), opts.getOrDefault("--ip-storage", "full"),
                        opts.getOrDefault("--keys-env", "PRIVACY_SECURITY_KEYS"), env);
                c.query = SubjectQuery.byAddress(stored, from, to);
                c.criterion = "address " + opts.get("--ip") + " (stored as " + stored + ") from " + opts.get("--from")
                        + " to " + opts.get("--to");
            }
            return c;
        }

        /** The address as the site stored it: the same {@link IpAnonymizer} with the same derived key. */
        private static String storedForm(String ip, String storage, String keysEnv, Function<String, String> env) {
            InetAddress address = IpLiterals.parse(ip).orElseThrow(() ->
                    new IllegalArgumentException("--ip " + ip + " is not an IPv4 or IPv6 address"));
            IpStorage mode;
            try {
                mode = IpStorage.valueOf(storage.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ip-storage is full, truncated or hashed, not " + storage);
            }
            byte[] key = null;
            if (mode == IpStorage.HASHED) {
                String keys = env.apply(keysEnv);
                if (keys == null || keys.isBlank()) {
                    throw new IllegalArgumentException("--ip-storage hashed needs the site's security.keys in the"
                            + " environment variable " + keysEnv);
                }
                key = SigningKeys.parse(keys).derive("visits.ip");
            }
            return new IpAnonymizer(mode, key).apply(address, ip);
        }

        private static LocalDate day(String text) {
            try {
                return LocalDate.parse(text);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is not a date YYYY-MM-DD");
            }
        }

        private static String required(Map<String, String> opts, String name) {
            String v = opts.get(name);
            if (v == null) {
                throw new IllegalArgumentException(name + " is required");
            }
            return v;
        }
    }
}
