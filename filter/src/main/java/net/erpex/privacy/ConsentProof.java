package net.erpex.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeoutException;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.consent.BannerTexts;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.visit.ConsentEvent;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * Writes the proof of every consent decision: one consent record per decision, through the visit recorder's priority
 * lane, never dropped.
 *
 * <p>A decision made in the banner is answered only once its proof is durable ({@link #record} waits for it, at most
 * {@code consent.proof-timeout}): the caller refuses the decision, and sets no cookie, when it is not. A GPC signal is
 * a decision too, but it arrives with every request, writes no cookie, and must be honoured whether or not it could be
 * recorded, so the page is not held up for it: it is recorded once per session, in the background, and tried again on
 * a later request of the session if the write fails.
 */
final class ConsentProof {

    private static final int MAX_HINT = 512;

    private final VisitRecorder recorder;
    private final BannerTexts texts;
    private final int maxUserAgent;
    private final Clock clock;
    private final Cache<String, Boolean> gpcRecorded;
    private final Duration timeout;

    /**
     * @param texts          the banner's texts: a record names the language they were shown in, and their hash
     * @param sessionLifetime how long a session can live: a GPC record is not repeated within it
     * @param timeout        how long {@link #record} waits for the proof to be durable
     */
    ConsentProof(VisitRecorder recorder, BannerTexts texts, int maxUserAgent, Clock clock,
            Duration sessionLifetime, Duration timeout) {
        this.recorder = recorder;
        this.texts = texts;
        this.maxUserAgent = maxUserAgent;
        this.clock = clock;
        this.gpcRecorded = Caffeine.newBuilder().executor(Runnable::run).maximumSize(100_000)
                .expireAfterWrite(sessionLifetime).build();
        this.timeout = timeout;
    }

    /**
     * Records a decision and returns once its proof is durable.
     *
     * @param action    {@code accept-all}, {@code reject-all}, {@code custom} or {@code gpc}
     * @param reason    see {@link net.erpex.privacy.visit.ConsentRecord#reason()}
     * @param via       {@code form}, {@code json} or {@code header}
     * @throws IOException      when the proof cannot be written (the recorder is closed)
     * @throws TimeoutException when it was not durable within the timeout; it is then not written at all
     */
    void record(HttpServletRequest request, VisitorContext visitor, ConsentState state, String action, String reason,
            List<String> withdrawn, String via) throws IOException, TimeoutException, InterruptedException {
        recorder.recordProof(event(request, visitor, state, action, reason, withdrawn, via), timeout);
    }

    /** Records the GPC signal of an undecided visitor, once per session, without waiting for it. */
    void recordGpc(HttpServletRequest request, VisitorContext visitor, ConsentState state) {
        String session = visitor.sessionHash();
        if (gpcRecorded.asMap().putIfAbsent(session, Boolean.TRUE) == null) {
            recorder.submitProof(event(request, visitor, state, "gpc", "signal", List.of(), "header"))
                    .whenComplete((written, failure) -> {
                        if (failure != null) {
                            // Not recorded: the next request of the session tries again.
                            gpcRecorded.invalidate(session);
                        }
                    });
        }
    }

    private ConsentEvent event(HttpServletRequest request, VisitorContext visitor, ConsentState state, String action,
            String reason, List<String> withdrawn, String via) {
        return new ConsentEvent(null, clock.instant(), IpLiterals.parse(visitor.ip()).orElse(null),
                visitor.ip(), state.consentId(), state.policyVersion(), texts.textHash(visitor.locale()),
                texts.language(visitor.locale()).toLanguageTag(), action, reason, state.choices(), withdrawn,
                state.regime().label(), state.country(), state.gpc(), state.dnt(), via,
                UserAgentAnalyzer.capUserAgent(request.getHeader("User-Agent"), maxUserAgent),
                VisitLog.cap(request.getHeader("Sec-CH-UA"), MAX_HINT),
                VisitLog.cap(request.getHeader("Sec-CH-UA-Mobile"), MAX_HINT),
                VisitLog.cap(request.getHeader("Sec-CH-UA-Platform"), MAX_HINT), visitor.sessionHash());
    }
}
