package net.erpex.privacy;

import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.FilterConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import net.erpex.privacy.config.ConfigurationException;
import net.erpex.privacy.config.ParamSource;
import net.erpex.privacy.config.PrivacySettings;
import net.erpex.privacy.config.SettingsParser;
import net.erpex.privacy.protect.Reason;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ERPEX privacy filter: for every request it resolves the client's address (through trusted proxies only),
 * negotiates the language, manages a hardened session cookie, publishes a {@link VisitorContext}, and after the
 * response hands a summary of the visit to a background recorder.
 *
 * <p>Configured with init-params (see {@link net.erpex.privacy.config.PrivacyParam}), each overridable by a
 * {@code privacy.*} system property or {@code PRIVACY_*} environment variable; a bad value fails {@link #init} with
 * a message that names it. Per-request input never fails a request: bad headers and cookies fall back to safe
 * defaults and are counted.
 *
 * <p><b>Trust:</b> {@code X-Forwarded-For}, {@code Forwarded}, {@code X-Forwarded-Proto} and the country header can
 * be forged by any client. They are believed only when the connecting peer is in {@code client.trusted-proxies},
 * which is empty by default.
 *
 * <p>Form protection ({@code protect.paths}): a POST to a protected path is decided before the application sees it,
 * and rejected with 403 without a valid proof (see {@link VisitorContext#protectionHtml(String)}).
 *
 * <p>Dispatches: the work is done once, on the first dispatch of a request. ASYNC and ERROR dispatches of the same
 * request (when mapped) see the same context and wrapped request, and record nothing more.
 */
public class PrivacyFilter implements Filter {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    private final PrivacySettings presetSettings;
    private final PrivacySettings.Builder presetBuilder;
    private final Clock clock;
    private final AtomicBoolean internalErrorLogged = new AtomicBoolean();
    private volatile FilterRuntime runtime;

    /** A filter configured by its init-params, as {@code web.xml} declares it. */
    public PrivacyFilter() {
        this(null, Clock.systemUTC());
    }

    /**
     * A filter configured in code exactly as {@code settings} say: init-params, {@code privacy.*} system properties
     * and {@code PRIVACY_*} environment variables are not consulted. For the same precedence as {@code web.xml}, give
     * the builder instead ({@link #PrivacyFilter(PrivacySettings.Builder)}).
     */
    public PrivacyFilter(PrivacySettings settings) {
        this(Objects.requireNonNull(settings, "settings"), null, Clock.systemUTC());
    }

    /**
     * A filter configured in code with the precedence of {@code web.xml}: at {@link #init}, each param set by a
     * {@code privacy.*} system property or a {@code PRIVACY_*} environment variable overrides what the builder says
     * (system property &gt; environment &gt; code &gt; default), through the same validation. Init-params are
     * ignored. The filter takes the builder over: it must not be changed afterwards.
     */
    public PrivacyFilter(PrivacySettings.Builder settings) {
        this(null, Objects.requireNonNull(settings, "settings"), Clock.systemUTC());
    }

    PrivacyFilter(PrivacySettings settings, Clock clock) {
        this(settings, null, clock);
    }

    private PrivacyFilter(PrivacySettings settings, PrivacySettings.Builder builder, Clock clock) {
        this.presetSettings = settings;
        this.presetBuilder = builder;
        this.clock = clock;
    }

    @Override
    public void init(FilterConfig config) throws ServletException {
        PrivacySettings settings;
        try {
            if (presetSettings != null) {
                settings = presetSettings;
            } else if (presetBuilder != null) {
                settings = SettingsParser.override(ParamSource.of(Map.of()), presetBuilder);
            } else {
                settings = SettingsParser.parse(ParamSource.of(initParams(config)));
            }
        } catch (ConfigurationException e) {
            throw new ServletException("PrivacyFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
        }
        try {
            runtime = FilterRuntime.start(settings, clock, config.getServletContext());
        } catch (ConfigurationException e) {
            throw new ServletException("PrivacyFilter '" + config.getFilterName() + "': " + e.getMessage(), e);
        }
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain)
            throws IOException, ServletException {
        FilterRuntime rt = runtime;
        if (rt == null || !(req instanceof HttpServletRequest request) || !(res instanceof HttpServletResponse response)) {
            chain.doFilter(req, res);
            return;
        }
        VisitorContext existing = VisitorContext.find(request).orElse(null);
        if (existing == null) {
            defaultEncoding(rt, request);
        }
        if (existing != null) {
            // A later dispatch (forward, include, async, error) of a request we have already seen.
            chain.doFilter(request instanceof VisitorRequest ? request : new VisitorRequest(request, existing),
                    response instanceof ConsentResponse ? response
                            : new ConsentResponse(response, rt.consent(), existing.consent()));
            return;
        }
        VisitorPipeline.Prepared prepared;
        boolean endpoint;
        try {
            endpoint = rt.endpoints().matches(request);
            prepared = rt.pipeline().prepare(request, response, endpoint && rt.endpoints().decides(request));
            request.setAttribute(VisitorContext.ATTRIBUTE, prepared.context());
        } catch (RuntimeException e) {
            internalError(rt, e);
            chain.doFilter(request, response);
            return;
        }
        FormProtection protection = rt.protection();
        Optional<Reason> rejected = Optional.empty();
        if (!endpoint && protection != null && protection.applies(request)) {
            try {
                rejected = protection.check(prepared.request(), prepared.context());
            } catch (RuntimeException e) {
                // A fault of ours must not lose a visitor's message: the form goes through, the fault is counted.
                internalError(rt, e);
            }
        }
        boolean failed = true;
        try {
            if (endpoint) {
                rt.endpoints().handle(new PrivacyEndpoints.Exchange(prepared.request(), response, prepared));
            } else if (rejected.isPresent()) {
                protection.reject(prepared.request(), prepared.response(), rejected.get(), prepared.context().locale());
            } else {
                chain.doFilter(prepared.request(), prepared.response());
            }
            failed = false;
        } finally {
            if (request.isAsyncStarted()) {
                request.getAsyncContext().addListener(new RecordOnComplete(rt, prepared, request, response));
            } else {
                record(rt, prepared, request, failed && !response.isCommitted() ? 500 : response.getStatus());
            }
        }
    }

    @Override
    public void destroy() {
        FilterRuntime rt = runtime;
        runtime = null;
        if (rt != null) {
            rt.close();
        }
    }

    /**
     * Counts by name, for metrics and tests: bad input and how it was answered, records written, dropped and queued,
     * with a PostgreSQL store the spool ({@code spool-records}, {@code spool-peak}, {@code spool-near-full}), and with
     * form protection every decision by outcome ({@code protect-passed-challenge}, {@code protect-passed-recaptcha},
     * {@code protect-passed-on-error}, {@code protect-blocked-<reason>}, {@code protect-recaptcha-calls}).
     */
    public Map<String, Long> counters() {
        FilterRuntime rt = runtime;
        return rt == null ? Map.of() : rt.snapshot();
    }

    /**
     * Where records go and whether they get there; {@link Optional#empty()} before {@link #init} and after
     * {@link #destroy}.
     */
    public Optional<PrivacyHealth> health() {
        FilterRuntime rt = runtime;
        return rt == null ? Optional.empty() : Optional.of(rt.health());
    }

    /**
     * Gives a request that declares no character encoding the configured one, before anything reads a parameter:
     * form protection reads the form, and once read the body's decoding is fixed (as ISO-8859-1 on Tomcat).
     */
    private void defaultEncoding(FilterRuntime rt, HttpServletRequest request) {
        Optional<java.nio.charset.Charset> encoding = rt.settings().requestEncoding();
        if (encoding.isPresent() && request.getCharacterEncoding() == null) {
            try {
                request.setCharacterEncoding(encoding.get().name());
            } catch (java.io.UnsupportedEncodingException e) {
                // Checked at init(); a container that still refuses leaves its own default.
                LOG.debug("container refused request encoding {}", encoding.get(), e);
            }
        }
    }

    private void record(FilterRuntime rt, VisitorPipeline.Prepared prepared, HttpServletRequest request, int status) {
        try {
            rt.pipeline().record(prepared, request, status);
        } catch (RuntimeException e) {
            internalError(rt, e);
        }
    }

    private void internalError(FilterRuntime rt, RuntimeException e) {
        rt.counters().increment(Counters.Event.INTERNAL_ERROR);
        if (internalErrorLogged.compareAndSet(false, true)) {
            LOG.error("PrivacyFilter failed on a request, which went on without it; further failures are counted"
                    + " (counter internal-error) and logged at debug", e);
        } else {
            LOG.debug("PrivacyFilter failed on a request", e);
        }
    }

    private static Map<String, String> initParams(FilterConfig config) {
        Map<String, String> params = new HashMap<>();
        for (String name : Collections.list(config.getInitParameterNames())) {
            params.put(name, config.getInitParameter(name));
        }
        return params;
    }

    /** Records an async request when it completes, with the status it completed with. */
    private final class RecordOnComplete implements AsyncListener {
        private final FilterRuntime rt;
        private final VisitorPipeline.Prepared prepared;
        private final HttpServletRequest request;
        private final HttpServletResponse response;
        private final AtomicBoolean done = new AtomicBoolean();

        RecordOnComplete(FilterRuntime rt, VisitorPipeline.Prepared prepared, HttpServletRequest request,
                HttpServletResponse response) {
            this.rt = rt;
            this.prepared = prepared;
            this.request = request;
            this.response = response;
        }

        @Override
        public void onComplete(AsyncEvent event) {
            if (done.compareAndSet(false, true)) {
                record(rt, prepared, request, response.getStatus());
            }
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows a timeout; the status is final only then.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows an error too.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }
}
