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
 * the one step whose cost depends on the input, and keeps the raw, capped string instead, so that a flood of odd
 * User-Agents cannot make the log fall behind.
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
        Browser browser;
        String rawAgent;
        if (detailed) {
            browser = agents.analyze(e.userAgent(), e.secChUa(), e.secChUaMobile(), e.secChUaPlatform());
            rawAgent = "";
        } else {
            browser = Browser.UNKNOWN;
            rawAgent = UserAgentAnalyzer.capUserAgent(e.userAgent(), maxUserAgentLength);
        }
        ReferrerSummary referrer = referrers.summarize(e.referer(), e.requestHost());
        return new VisitRecord(e.id(), e.time(), ips.apply(e.address(), e.ip()), where.country(), where.region(),
                where.city(), e.language(), e.method(), e.path(), e.status(), browser.family(), browser.version(),
                browser.osFamily(), browser.osVersion(), detailed ? browser.device().label() : "", referrer.url(),
                referrer.kind().label(), e.sessionHash(), rawAgent, e.blocked());
    }

    /**
     * Proof of consent needs no geolocation beyond the country the regime was chosen for, which it carries. Its
     * browser is analysed under the same budget as a visit's: a proof whose analysis overran keeps the raw, capped
     * User-Agent instead, and is written at once all the same.
     */
    private ConsentRecord consent(ConsentEvent c, boolean detailed) {
        Browser browser = detailed ? agents.analyze(c.userAgent(), c.secChUa(), c.secChUaMobile(), c.secChUaPlatform())
                : Browser.UNKNOWN;
        return new ConsentRecord(c.id(), c.time(), c.consentId(), c.policyVersion(), c.bannerHash(), c.language(),
                c.action(), c.reason(), c.categories(), c.withdrawn(), c.regime(), c.country(), c.gpc(), c.dnt(),
                c.via(), browser.family(), browser.version(), browser.osFamily(), browser.osVersion(),
                ips.apply(c.address(), c.ip()), c.sessionHash(),
                detailed ? "" : UserAgentAnalyzer.capUserAgent(c.userAgent(), maxUserAgentLength));
    }
}
