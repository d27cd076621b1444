package net.erpex.privacy.consent;

import java.util.Locale;

/**
 * How consent works for a visitor, chosen from their country. Unknown countries always get {@link #OPT_IN}: when in
 * doubt, the strictest rule applies.
 */
public enum Regime {
    /** Nothing that is not strictly necessary until the visitor agrees (GDPR, ePrivacy). */
    OPT_IN,
    /** Pre-granted categories until the visitor objects (e.g. US state laws); GPC is an objection. */
    OPT_OUT,
    /** The visitor is informed; pre-granted categories apply and can be refused at any time. */
    NOTICE;

    /** {@code opt-in}, {@code opt-out} or {@code notice}: the form used in configuration, JSON and records. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
