package net.erpex.privacy.visit;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Proof of one consent decision, in stream {@value #STREAM}: what the visitor was shown, what they chose, and when.
 * Written through the same recorder and sinks as visits, and never dropped.
 *
 * @param id            unique id of the record
 * @param ts            when the decision was made
 * @param consentId     the random id the consent cookie carries; the same across the decisions of one browser
 * @param policyVersion the policy version the decision answers ({@code consent.policy-version})
 * @param bannerHash    a hash of the banner text the visitor was shown, in their language
 * @param language      the language the banner was shown in
 * @param action        {@code accept-all}, {@code reject-all}, {@code custom} or {@code gpc}
 * @param reason        what led to the decision: {@code first} (no earlier choice), {@code change},
 *                      {@code expired} (the earlier choice had expired), {@code policy-update} (it answered an older
 *                      policy version) or {@code signal} (a browser signal such as GPC)
 * @param categories    every category and whether it is granted, in display order
 * @param withdrawn     categories granted before and denied by this decision
 * @param regime        the consent regime that applied: {@code opt-in}, {@code opt-out} or {@code notice}
 * @param country       ISO country code the regime was chosen for, or empty
 * @param gpc           whether the request carried {@code Sec-GPC: 1}
 * @param dnt           whether the request carried {@code DNT: 1} (recorded; it does not decide)
 * @param via           how the decision arrived: {@code form}, {@code json} or {@code header}
 * @param browserFamily browser family
 * @param browserVersion browser version
 * @param osFamily      operating system family
 * @param osVersion     operating system version
 * @param ip            the client address as configured by {@link IpStorage}
 * @param session       hash of the session id
 * @param userAgent     the raw capped user agent, set only when its analysis was skipped (the enrichment overran its
 *                      time budget); the browser and OS fields are then empty
 */
public record ConsentRecord(String id, Instant ts, String consentId, String policyVersion, String bannerHash,
                            String language, String action, String reason, Map<String, Boolean> categories,
                            List<String> withdrawn, String regime, String country, boolean gpc, boolean dnt,
                            String via, String browserFamily, String browserVersion, String osFamily,
                            String osVersion, String ip, String session, String userAgent) implements LogRecord {

    /** The stream consent records belong to; the JSON-lines sink writes them to {@code consents-YYYY-MM-DD.jsonl}. */
    public static final String STREAM = "consents";

    /** Normalises absent strings to {@code ""} and collections to empty ones; {@code ts} is required. */
    public ConsentRecord {
        id = text(id);
        Objects.requireNonNull(ts, "ts");
        consentId = text(consentId);
        policyVersion = text(policyVersion);
        bannerHash = text(bannerHash);
        language = text(language);
        action = text(action);
        reason = text(reason);
        categories = categories == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(categories));
        withdrawn = withdrawn == null ? List.of() : List.copyOf(withdrawn);
        regime = text(regime);
        country = text(country);
        via = text(via);
        browserFamily = text(browserFamily);
        browserVersion = text(browserVersion);
        osFamily = text(osFamily);
        osVersion = text(osVersion);
        ip = text(ip);
        session = text(session);
        userAgent = text(userAgent);
    }

    /** A decision whose user agent was analysed. */
    public ConsentRecord(String id, Instant ts, String consentId, String policyVersion, String bannerHash,
            String language, String action, String reason, Map<String, Boolean> categories, List<String> withdrawn,
            String regime, String country, boolean gpc, boolean dnt, String via, String browserFamily,
            String browserVersion, String osFamily, String osVersion, String ip, String session) {
        this(id, ts, consentId, policyVersion, bannerHash, language, action, reason, categories, withdrawn, regime,
                country, gpc, dnt, via, browserFamily, browserVersion, osFamily, osVersion, ip, session, "");
    }

    @Override
    public String stream() {
        return STREAM;
    }

    @Override
    public Instant time() {
        return ts;
    }

    /** Degraded when it carries the raw User-Agent, which it does only when the recorder could not analyse it. */
    @Override
    public boolean degraded() {
        return !userAgent.isEmpty();
    }

    /** Writes the fields in the documented order; {@code userAgent} only when it is not empty. */
    @Override
    public void writeJson(JsonWriter w) {
        w.startObject()
                .field("id", id)
                .field("ts", ts)
                .field("consentId", consentId)
                .field("policyVersion", policyVersion)
                .field("bannerHash", bannerHash)
                .field("language", language)
                .field("action", action)
                .field("reason", reason);
        w.name("categories").startObject();
        for (Map.Entry<String, Boolean> e : categories.entrySet()) {
            w.field(e.getKey(), e.getValue());
        }
        w.endObject();
        w.name("withdrawn").startArray();
        for (String category : withdrawn) {
            w.value(category);
        }
        w.endArray();
        w.field("regime", regime)
                .field("country", country)
                .field("gpc", gpc)
                .field("dnt", dnt)
                .field("via", via);
        w.name("browser").startObject().field("family", browserFamily).field("version", browserVersion).endObject();
        w.name("os").startObject().field("family", osFamily).field("version", osVersion).endObject();
        w.field("ip", ip).field("session", session);
        if (!userAgent.isEmpty()) {
            w.field("userAgent", userAgent);
        }
        w.endObject();
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }
}
