package net.erpex.privacy;

import net.erpex.privacy.agent.Browser;
import net.erpex.privacy.agent.UserAgentAnalyzer;
import net.erpex.privacy.geo.GeoLocation;
import net.erpex.privacy.geo.GeoLocator;
import net.erpex.privacy.referrer.ReferrerSummarizer;
import net.erpex.privacy.referrer.ReferrerSummary;
import net.erpex.privacy.visit.ConsentEvent;
import net.erpex.privacy.visit.ConsentRecord;
import net.erpex.privacy.visit.Enricher;
import net.erpex.privacy.visit.IpAnonymizer;
import net.erpex.privacy.visit.LogRecord;
import net.erpex.privacy.visit.RawEvent;
import net.erpex.privacy.visit.VisitEvent;
import net.erpex.privacy.visit.VisitRecord;

/**
 * Turns a raw visit into its record: geolocation, browser, referrer summary and the IP in its stored form. Without
 * detail (the recorder is behind, or the detailed analysis overran its time budget) it skips the user-agent parse,
 * the one step whose cost depends on the input: a browser already analysed keeps its answer (one cache lookup, as
 * cheap as skipping it), any other keeps the raw, capped string instead (a degraded record), so that a flood of odd
 * User-Agents cannot make the log fall behind and a busy recorder still records what it knows.
 */
final class VisitEnricher implements Enricher {

    private final GeoLocator geo;
    private final UserAgentAnalyzer agents;
    private final ReferrerSummarizer referrers;
    private final IpAnonymizer ips;
    private final int maxUserAgentLength;

    VisitEnricher(GeoLocator geo, UserAgentAnalyzer agents, ReferrerSummarizer referrers, IpAnonymizer ips,
            int maxUserAgentLength) {
        this.geo = geo;
        this.agents = agents;
        this.referrers = referrers;
        this.ips = ips;
        this.maxUserAgentLength = maxUserAgentLength;
    }

    @Override
    public LogRecord enrich(RawEvent event, boolean detailed) {
        if (event instanceof ConsentEvent c) {
            return consent(c, detailed);
        }
        VisitEvent e = (VisitEvent) event;
        GeoLocation where = (e.address() == null ? GeoLocation.UNKNOWN : geo.locate(e.address()))
                .correctedBy(e.countryHint());
        Browser browser = detailed ? agents.analyze(e.userAgent(), e.secChUa(), e.secChUaMobile(), e.secChUaPlatform())
                : agents.known(e.userAgent(), e.secChUa(), e.secChUaMobile(), e.secChUaPlatform());
        String rawAgent = "";
        String device = "";
        if (browser == null) {
            browser = Browser.UNKNOWN;
            rawAgent = UserAgentAnalyzer.capUserAgent(e.userAgent(), maxUserAgentLength);
        } else {
            device = browser.device().label();
        }
        ReferrerSummary referrer = referrers.summarize(e.referer(), e.requestHost());
        return new VisitRecord(e.id(), e.time(), ips.apply(e.address(), e.ip()), where.country(), where.region(),
                where.city(), e.language(), e.method(), e.path(), e.status(), browser.family(), browser.version(),
                browser.osFamily(), browser.osVersion(), device, referrer.url(), referrer.kind().label(),
                e.sessionHash(), rawAgent, e.blocked());
    }

    /**
     * Proof of consent needs no geolocation beyond the country the regime was chosen for, which it carries. Its
     * browser is analysed under the same budget as a visit's: a proof whose analysis overran keeps the raw, capped
     * User-Agent instead, and is written at once all the same.
     */
    private ConsentRecord consent(ConsentEvent c, boolean detailed) {
        Browser browser = detailed ? agents.analyze(c.userAgent(), c.secChUa(), c.secChUaMobile(), c.secChUaPlatform())
                : agents.known(c.userAgent(), c.secChUa(), c.secChUaMobile(), c.secChUaPlatform());
        String rawAgent = "";
        if (browser == null) {
            browser = Browser.UNKNOWN;
            rawAgent = UserAgentAnalyzer.capUserAgent(c.userAgent(), maxUserAgentLength);
        }
        return new ConsentRecord(c.id(), c.time(), c.consentId(), c.policyVersion(), c.bannerHash(), c.language(),
                c.action(), c.reason(), c.categories(), c.withdrawn(), c.regime(), c.country(), c.gpc(), c.dnt(),
                c.via(), browser.family(), browser.version(), browser.osFamily(), browser.osVersion(),
                ips.apply(c.address(), c.ip()), c.sessionHash(), rawAgent);
    }
}
