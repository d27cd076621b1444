package net.erpex.privacy.protect;

import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The visitor-facing texts of form protection ({@code net/erpex/privacy/protect/protect*.properties}, UTF-8): the
 * rejection messages and the no-JavaScript notice. A language without a bundle gets English.
 */
public final class ProtectTexts {

    private static final String BUNDLE = "net.erpex.privacy.protect.protect";
    private static final ResourceBundle.Control CONTROL =
            ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private ProtectTexts() {
    }

    /** The text of {@code key} (without the {@code protect.} prefix) in {@code locale}. */
    public static String text(Locale locale, String key) {
        ResourceBundle bundle;
        try {
            bundle = ResourceBundle.getBundle(BUNDLE, locale, ProtectTexts.class.getClassLoader(), CONTROL);
        } catch (MissingResourceException e) {
            bundle = ResourceBundle.getBundle(BUNDLE, Locale.ROOT, ProtectTexts.class.getClassLoader(), CONTROL);
        }
        return bundle.getString("protect." + key);
    }

    /** The message for a rejection. */
    public static String message(Locale locale, Reason reason) {
        return text(locale, reason.messageKey());
    }
}
