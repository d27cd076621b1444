package net.erpex.privacy.visit;

import java.net.InetAddress;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The raw facts of one consent decision, captured on the request thread; the {@link Enricher} adds the browser and
 * the stored form of the IP and turns it into a {@link ConsentRecord}. Consent events are proof and are never
 * dropped, whatever {@link OverflowPolicy} says.
 *
 * @param id              unique id, see {@link VisitEvent#newId()}; {@code null} or empty gets a new one
 * @param time            when the decision was made
 * @param address         the resolved client address, {@code null} when unknown
 * @param ip              the client address as text
 * @param consentId       the consent id the cookie carries
 * @param policyVersion   the policy version decided on
 * @param bannerHash      hash of the banner text shown
 * @param language        language of the banner
 * @param action          see {@link ConsentRecord#action()}
 * @param reason          see {@link ConsentRecord#reason()}
 * @param categories      every category and whether it is granted, in display order
 * @param withdrawn       categories this decision withdrew
 * @param regime          the regime that applied
 * @param country         the country the regime was chosen for, or empty
 * @param gpc             whether {@code Sec-GPC: 1} was sent
 * @param dnt             whether {@code DNT: 1} was sent
 * @param via             {@code form}, {@code json} or {@code header}
 * @param userAgent       {@code User-Agent}, capped
 * @param secChUa         {@code Sec-CH-UA}, capped
 * @param secChUaMobile   {@code Sec-CH-UA-Mobile}, capped
 * @param secChUaPlatform {@code Sec-CH-UA-Platform}, capped
 * @param sessionHash     hash of the session id
 */
public record ConsentEvent(String id, Instant time, InetAddress address, String ip, String consentId,
                           String policyVersion, String bannerHash, String language, String action, String reason,
                           Map<String, Boolean> categories, List<String> withdrawn, String regime, String country,
                           boolean gpc, boolean dnt, String via, String userAgent, String secChUa,
                           String secChUaMobile, String secChUaPlatform, String sessionHash) implements RawEvent {

    /** Normalises absent values; {@code time} is required. */
    public ConsentEvent {
        id = id == null || id.isEmpty() ? VisitEvent.newId() : id;
        Objects.requireNonNull(time, "time");
        categories = categories == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(categories));
        withdrawn = withdrawn == null ? List.of() : List.copyOf(withdrawn);
        ip = text(ip);
        consentId = text(consentId);
        policyVersion = text(policyVersion);
        bannerHash = text(bannerHash);
        language = text(language);
        action = text(action);
        reason = text(reason);
        regime = text(regime);
        country = text(country);
        via = text(via);
        userAgent = text(userAgent);
        secChUa = text(secChUa);
        secChUaMobile = text(secChUaMobile);
        secChUaPlatform = text(secChUaPlatform);
        sessionHash = text(sessionHash);
    }

    /** Proof of consent is never dropped: a full queue makes the request wait instead. */
    @Override
    public boolean droppable() {
        return false;
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
