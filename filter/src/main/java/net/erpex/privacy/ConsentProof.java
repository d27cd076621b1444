package net.erpex.privacy;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.client.IpLiterals;
import net.erpex.privacy.consent.BannerTexts;
import net.erpex.privacy.consent.ConsentState;
import net.erpex.privacy.visit.ConsentEvent;
import net.erpex.privacy.visit.VisitRecorder;

/**
 * Writes the proof of every consent decision: one consent record per decision, through the visit recorder, never
 * dropped. A GPC signal is a decision too, but it arrives with every request and writes no cookie, so it is recorded
 * once per session.
 */
final class ConsentProof {

    private static final int MAX_HINT = 512;

    private final VisitRecorder recorder;
    private final BannerTexts texts;
    private final int maxUserAgent;
    private final Clock clock;
    private final Cache<String, Boolean> gpcRecorded;

    /**
     * @param texts          the banner's texts: a record names the language they were shown in, and their hash
     * @param sessionLifetime how long a session can live: a GPC record is not repeated within it
     */
    ConsentProof(VisitRecorder recorder, BannerTexts texts, int maxUserAgent, Clock clock,
            Duration sessionLifetime) {
        this.recorder = recorder;
        this.texts = texts;
        this.maxUserAgent = maxUserAgent;
        this.clock = clock;
        this.gpcRecorded = Caffeine.newBuilder().executor(Runnable::run).maximumSize(100_000).expireAfterWrite(sessionLifetime).build();
    }

    /**
     * Records a decision.
     *
     * @param action    {@code accept-all}, {@code reject-all}, {@code custom} or {@code gpc}
     * @param reason    see {@link net.erpex.privacy.visit.ConsentRecord#reason()}
     * @param via       {@code form}, {@code json} or {@code header}
     */
    void record(HttpServletRequest request, VisitorContext visitor, ConsentState state, String action, String reason,
            List<String> withdrawn, String via) {
        recorder.submit(new ConsentEvent(null, clock.instant(), IpLiterals.parse(visitor.ip()).orElse(null),
                visitor.ip(), state.consentId(), state.policyVersion(), texts.textHash(visitor.locale()),
                texts.language(visitor.locale()).toLanguageTag(), action, reason, state.choices(), withdrawn, state.regime().label(),
                state.country(), state.gpc(), state.dnt(), via,
                UserAgentAnalyzer.capUserAgent(request.getHeader("User-Agent"), maxUserAgent),
                VisitLog.cap(request.getHeader("Sec-CH-UA"), MAX_HINT),
                VisitLog.cap(request.getHeader("Sec-CH-UA-Mobile"), MAX_HINT),
                VisitLog.cap(request.getHeader("Sec-CH-UA-Platform"), MAX_HINT), visitor.sessionHash()));
    }

    /** Records the GPC signal of an undecided visitor, once per session. */
    void recordGpc(HttpServletRequest request, VisitorContext visitor, ConsentState state) {
        if (gpcRecorded.asMap().putIfAbsent(visitor.sessionHash(), Boolean.TRUE) == null) {
            record(request, visitor, state, "gpc", "signal", List.of(), "header");
        }
    }
}
