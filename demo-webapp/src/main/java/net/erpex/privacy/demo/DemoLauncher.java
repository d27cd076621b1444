package net.erpex.privacy.demo;

import java.net.URL;
import java.nio.file.Path;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.resource.ResourceFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the demo site on embedded Jetty 12 with the war's own {@code WEB-INF/web.xml}.
 *
 * <pre>
 * java [-Dprivacy.NAME=VALUE ...] -jar demo-webapp/target/demo-webapp.jar [--port N] [--host ADDR] [--visits-dir DIR]
 * </pre>
 *
 * Loopback is trusted as a proxy unless {@code -Dprivacy.client.trusted-proxies} says otherwise, so that
 * {@code curl -H 'X-Forwarded-For: 192.0.2.10' localhost:8080/} shows a visitor from (demo) Paris.
 */
public final class DemoLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLauncher.class);
    private static final String USAGE = "usage: java [-Dprivacy.NAME=VALUE ...] -jar demo-webapp.jar [--port N]"
            + " [--host ADDR] [--visits-dir DIR]\n"
            + "  --port N          port to listen on (default 8080; 0 picks a free one)\n"
            + "  --host ADDR       address to bind (default 127.0.0.1)\n"
            + "  --visits-dir DIR  where visit records go (default ./visits; same as -Dprivacy.visits.dir)\n"
            + "  -Dprivacy.NAME=V  any filter init-param, e.g. -Dprivacy.client.trusted-proxies= (trust nobody)";

    private DemoLauncher() {
    }

    public static void main(String[] args) throws Exception {
        int port = 8080;
        String host = "127.0.0.1";
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(value(args, ++i));
                case "--host" -> host = value(args, ++i);
                case "--visits-dir" -> System.setProperty("privacy.visits.dir",
                        Path.of(value(args, ++i)).toAbsolutePath().toString());
                case "--help", "-h" -> {
                    System.out.println(USAGE);
                    return;
                }
                default -> {
                    System.err.println("unknown argument " + args[i] + "\n" + USAGE);
                    System.exit(2);
                }
            }
        }
        if (System.getProperty("privacy.client.trusted-proxies") == null) {
            System.setProperty("privacy.client.trusted-proxies", "127.0.0.0/8, ::1");
        }
        Server server = start(host, port);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                server.stop();
            } catch (Exception e) {
                LOG.error("stopping the demo failed", e);
            }
        }, "demo-shutdown"));
        server.join();
    }

    /** Starts the demo; {@code port} 0 picks a free port (see the connector for which). */
    public static Server start(String host, int port) throws Exception {
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(host);
        connector.setPort(port);
        server.addConnector(connector);
        // Stopping drains the filter's recorder: every request served is in the visit log.
        server.setStopTimeout(30_000);
        server.setStopAtShutdown(false);

        WebAppContext webapp = new WebAppContext();
        webapp.setContextPath("/");
        URL base = DemoLauncher.class.getResource("/demo-webapp/WEB-INF/web.xml");
        if (base == null) {
            throw new IllegalStateException("demo-webapp/WEB-INF/web.xml is not on the classpath: build with mvn package");
        }
        String root = base.toString().substring(0, base.toString().length() - "WEB-INF/web.xml".length());
        webapp.setBaseResource(ResourceFactory.of(webapp).newResource(root));
        // The classes are on the launcher's classpath; the webapp loader delegates to it.
        webapp.setParentLoaderPriority(true);
        webapp.setThrowUnavailableOnStartupException(true);
        server.setHandler(webapp);
        server.start();
        LOG.info("ERPEX privacy filter demo at http://{}:{}/", host, connector.getLocalPort());
        return server;
    }

    private static String value(String[] args, int i) {
        if (i >= args.length) {
            System.err.println(args[i - 1] + " needs a value\n" + USAGE);
            System.exit(2);
        }
        return args[i];
    }
}
