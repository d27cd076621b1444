package net.erpex.privacy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import net.erpex.privacy.consent.ConsentCategories;
import net.erpex.privacy.consent.Html;
import net.erpex.privacy.protect.ChallengeCodec;
import net.erpex.privacy.protect.ProtectAsset;
import net.erpex.privacy.protect.ProtectSettings;
import net.erpex.privacy.protect.ProtectTexts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What pages need for form protection: {@code GET <prefix>/challenge?path=/contact} (a fresh signed challenge, JSON,
 * never cached), the two scripts, and the markup {@link VisitorContext#protectionHtml(String)} puts in a form.
 */
final class ProtectEndpoints {

    private static final Logger LOG = LoggerFactory.getLogger(PrivacyFilter.class);

    private final FormProtection protection;
    private final String prefix;

    ProtectEndpoints(FormProtection protection, String prefix) {
        this.protection = protection;
        this.prefix = prefix;
    }

    void register(PrivacyEndpoints endpoints) {
        endpoints.on("GET", "/challenge", this::challenge);
        for (ProtectAsset asset : ProtectAsset.values()) {
            endpoints.on("GET", asset.subPath(), x -> PrivacyEndpoints.serve(x, asset.asset()));
        }
    }

    private void challenge(PrivacyEndpoints.Exchange x) throws IOException {
        String path = LanguageChoice.queryParameter(x.request().getQueryString(), "path");
        String decoded = path == null ? null : URLDecoder.decode(path, StandardCharsets.UTF_8);
        if (decoded == null || !protection.protects(decoded)) {
            Json.error(x.response(), HttpServletResponse.SC_BAD_REQUEST, "path is not a protected form path");
            return;
        }
        ChallengeCodec.Challenge c = protection.codec().issue(decoded);
        Json.send(x.response(), HttpServletResponse.SC_OK, g -> {
            g.writeStartObject();
            g.writeStringField("challenge", c.token());
            g.writeNumberField("difficulty", c.difficulty());
            g.writeNumberField("expires", c.expires().getEpochSecond());
            g.writeStringField("path", decoded);
            g.writeEndObject();
        });
    }

    /**
     * The fields and scripts a protected form needs, for a form posted to {@code formPath}: see
     * {@link VisitorContext#protectionHtml(String)}.
     */
    String html(HttpServletRequest request, VisitorContext visitor, String formPath) {
        if (!protection.protects(formPath)) {
            LOG.debug("protectionHtml({}): not one of protect.paths, so nothing is rendered", formPath);
            return "";
        }
        ProtectSettings s = protection.settings();
        String context = request.getContextPath() == null ? "" : request.getContextPath();
        String base = context + prefix;
        boolean recaptcha = protection.recaptchaFor(visitor);
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<div class=\"privacy-protect\" data-privacy-path=\"").append(Html.escape(formPath))
                .append("\" data-privacy-challenge=\"").append(Html.escape(base)).append("/challenge\"")
                .append(" data-privacy-worker=\"").append(Html.escape(base))
                .append(ProtectAsset.WORKER.subPath()).append("?v=").append(ProtectAsset.WORKER.version()).append('"');
        if (recaptcha) {
            sb.append(" data-privacy-recaptcha=\"").append(s.recaptcha().v3() ? "v3" : "v2")
                    .append("\" data-privacy-site-key=\"").append(Html.escape(s.recaptcha().siteKey()))
                    .append("\" data-privacy-action=\"").append(Html.escape(s.recaptcha().action())).append('"');
        }
        sb.append(">\n<input type=\"hidden\" name=\"").append(FormProtection.CHALLENGE_FIELD).append("\" value=\"\">")
                .append("<input type=\"hidden\" name=\"").append(FormProtection.SOLUTION_FIELD).append("\" value=\"\">");
        if (recaptcha && s.recaptcha().v3()) {
            sb.append("<input type=\"hidden\" name=\"").append(FormProtection.RECAPTCHA_FIELD).append("\" value=\"\">");
        } else if (recaptcha) {
            sb.append("<div class=\"g-recaptcha\" data-sitekey=\"").append(Html.escape(s.recaptcha().siteKey()))
                    .append("\"></div>");
        }
        // Hidden from people and from assistive technology; bots that fill every field fill this one too.
        sb.append("\n<div hidden aria-hidden=\"true\"><label>")
                .append(Html.escape(ProtectTexts.text(visitor.locale(), "honeypot")))
                .append(" <input type=\"text\" name=\"").append(Html.escape(s.honeypotField()))
                .append("\" value=\"\" tabindex=\"-1\" autocomplete=\"off\"></label></div>\n<noscript><p class=\""
                        + "privacy-noscript\">")
                .append(Html.escape(ProtectTexts.text(visitor.locale(), "noscript")))
                .append("</p></noscript>\n</div>\n<script src=\"").append(Html.escape(base))
                .append(ProtectAsset.SCRIPT.subPath()).append("?v=").append(ProtectAsset.SCRIPT.version())
                .append("\" nonce=\"").append(visitor.nonce()).append("\" defer></script>");
        if (recaptcha) {
            sb.append('\n').append(visitor.script(ConsentCategories.RECAPTCHA, s.recaptcha().scriptUrl()));
        }
        return sb.toString();
    }
}
