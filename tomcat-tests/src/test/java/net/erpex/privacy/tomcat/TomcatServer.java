package net.erpex.privacy.tomcat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Apache Tomcat distribution, run as an operator runs it: its own {@code bin/bootstrap.jar} in a separate JVM,
 * a {@code CATALINA_BASE} with the distribution's {@code conf/} and the wars in {@code webapps/}, and JVM options
 * as {@code CATALINA_OPTS} would give them. Only the ports differ (a free HTTP port, no shutdown port), and
 * {@code conf/web.xml} has no {@code <request-character-encoding>} default: recent distributions ship UTF-8 there,
 * but installations whose {@code conf/} predates it, and embedded Tomcat (Spring Boot), decode a form that declares
 * no charset as ISO-8859-1, and that is the case the filter must handle.
 */
final class TomcatServer implements AutoCloseable {

    private final Process process;
    private final Path log;
    private final int port;

    private TomcatServer(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts Tomcat with {@code wars} (context path without the slash, war file) and waits until each answers.
     *
     * @param catalinaOpts the JVM options an operator puts in {@code CATALINA_OPTS}
     */
    static TomcatServer start(Path home, Path run, List<String[]> wars, List<String> catalinaOpts)
            throws IOException, InterruptedException {
        Path base = run.resolve("base");
        deleteTree(run);
        for (String dir : List.of("logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        copyTree(home.resolve("conf"), base.resolve("conf"));
        int port = freePort();
        Path serverXml = base.resolve("conf/server.xml");
        String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
        if (!xml.contains("port=\"8005\"") || !xml.contains("port=\"8080\"")) {
            throw new IllegalStateException("unexpected server.xml in " + home);
        }
        Files.writeString(serverXml, xml.replace("port=\"8005\"", "port=\"-1\"")
                .replace("port=\"8080\"", "port=\"" + port + "\""), StandardCharsets.UTF_8);
        Path webXml = base.resolve("conf/web.xml");
        String defaults = Files.readString(webXml, StandardCharsets.UTF_8);
        String encoding = "<request-character-encoding>UTF-8</request-character-encoding>";
        if (!defaults.contains(encoding)) {
            throw new IllegalStateException("unexpected conf/web.xml in " + home);
        }
        Files.writeString(webXml, defaults.replace(encoding, ""), StandardCharsets.UTF_8);
        for (String[] war : wars) {
            Files.copy(Path.of(war[1]), base.resolve("webapps/" + war[0] + ".war"));
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(catalinaOpts);
        command.addAll(List.of(
                "-Dcatalina.home=" + home, "-Dcatalina.base=" + base, "-Djava.io.tmpdir=" + base.resolve("temp"),
                "-Djava.util.logging.manager=org.apache.juli.ClassLoaderLogManager",
                "-Djava.util.logging.config.file=" + base.resolve("conf/logging.properties"),
                "-cp", home.resolve("bin/bootstrap.jar") + java.io.File.pathSeparator + home.resolve("bin/tomcat-juli.jar"),
                "org.apache.catalina.startup.Bootstrap", "start"));
        Path log = run.resolve("catalina.out");
        Process process = new ProcessBuilder(command).directory(run.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        TomcatServer server = new TomcatServer(process, log, port);
        try {
            for (String[] war : wars) {
                server.awaitDeployed("/" + war[0] + "/");
            }
        } catch (IOException | RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Everything Tomcat and the webapps logged to the console (catalina.out). */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    private void awaitDeployed(String path) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Tomcat exited with " + process.exitValue() + ":\n" + log());
            }
            try {
                HttpResponse<Void> r = client.send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() != 404 && r.statusCode() < 500) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet.
            }
            // Polled: Tomcat gives no other signal that a context is up.
            TimeUnit.MILLISECONDS.sleep(200);
        }
        throw new IllegalStateException(path + " was not deployed within 90 s:\n" + log());
    }

    /** Stops Tomcat as a service manager does (SIGTERM runs its shutdown hook, which stops the webapps). */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(f, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(f);
            }
        }
    }
}
