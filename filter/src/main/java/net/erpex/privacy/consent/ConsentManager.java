package net.erpex.privacy.consent;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import net.erpex.privacy.security.SigningKeys;

/**
 * Reads the consent a request carries and makes new decisions: the server-side rules of consent, free of servlets.
 *
 * <ul>
 *   <li>A valid consent cookie for the current policy version, younger than {@code consent.max-age}, is the
 *       visitor's decision, acceptance and refusal alike.</li>
 *   <li>Anything else (no cookie, tampered, expired, made for an older policy) is undecided: the banner shows, and
 *       only what the regime grants before a decision applies: nothing but necessary in the opt-in regime.</li>
 *   <li>{@code Sec-GPC: 1} denies analytics and every sale-or-sharing category to an undecided visitor; it never
 *       writes a cookie. A later explicit choice of the visitor overrides it and is recorded.</li>
 * </ul>
 * A returning visitor sends the same cookie with every request: values that verified are kept in a bounded cache
 * (signature checked and decoded once), while the policy version and {@code consent.max-age} are checked on every
 * use. Values that fail are not cached, so forged values cannot push out the real ones. Thread-safe.
 */
public final class ConsentManager {

    /** What the consent cookie of a request turned out to be. */
    public enum CookieStatus {
        /** No consent cookie. */
        NONE,
        /** A valid decision for the current policy. */
        VALID,
        /** Present but not verifiable: forged, tampered, truncated, signed by an unknown key. */
        INVALID,
        /**
         * Sent more than once with different values (a cookie planted by a sibling subdomain or over plain http):
         * none is used, the visitor counts as undecided.
         */
        AMBIGUOUS,
        /** Verified, but older than {@code consent.max-age}. */
        EXPIRED,
        /** Verified, but made for another policy version. */
        OLD_POLICY
    }

    /**
     * The consent of a request.
     *
     * @param stored the verified cookie content, even when expired or for an older policy (its consent id carries on)
     */
    public record Reading(ConsentState state, CookieStatus status, Optional<StoredConsent> stored) {
    }

    /** What a visitor asked for. */
    public enum Action { ACCEPT_ALL, REJECT_ALL, SAVE }

    /**
     * A visitor's choice.
     *
     * @param granted for {@link Action#SAVE}, the categories the visitor switched on; ignored otherwise
     */
    public record Choice(Action action, Set<String> granted) {
        public Choice {
            Objects.requireNonNull(action, "action");
            granted = Set.copyOf(granted);
        }
    }

    /**
     * A new decision, with what its proof record needs.
     *
     * @param action    {@code accept-all}, {@code reject-all} or {@code custom}
     * @param reason    {@code first}, {@code change}, {@code withdrawal}, {@code expired} or {@code policy-update}
     * @param withdrawn the categories in force before and denied now
     */
    public record Decision(ConsentState state, StoredConsent stored, String action, String reason,
                           List<String> withdrawn) {
    }

    // Nodes of a cluster disagree a little about the time; a decision further in the future was not made by us.
    private static final Duration CLOCK_SKEW = Duration.ofMinutes(5);

    private final ConsentSettings settings;
    private final ConsentCookie cookie;
    private final Clock clock;
    private final Set<String> necessary;
    private final Set<String> gpcDenied;
    /** Default number of verified cookie values kept. */
    public static final int DEFAULT_CACHE_SIZE = 10_000;

    private final SecureRandom random = new SecureRandom();
    private final Cache<String, Verified> verified;
    private final List<String> categoryNames;
    private final long maxAgeMillis;
    private final long skewMillis = CLOCK_SKEW.toMillis();
    /** What an undecided visitor is granted, by regime; [0] without GPC, [1] with. */
    private final Map<Regime, Set<String>>[] undecided;

    /** A cookie value that verified: the decision and what it grants now, built once. */
    private static final class Verified {
        final StoredConsent stored;
        final Optional<StoredConsent> present;
        final long decidedAt;
        final Optional<Instant> decidedAtOptional;
        final Set<String> granted;
        /** The last reading made from this value: the next request of the visitor usually has the same one. */
        volatile Reading last;

        Verified(StoredConsent stored, Optional<StoredConsent> present, long decidedAt,
                Optional<Instant> decidedAtOptional, Set<String> granted) {
            this.stored = stored;
            this.present = present;
            this.decidedAt = decidedAt;
            this.decidedAtOptional = decidedAtOptional;
            this.granted = granted;
        }
    }

    /**
     * The readings of requests without a consent cookie, by country, each with its four combinations of GPC and DNT:
     * immutable, so shared. Bounded: only ISO-style codes of at most two letters are kept (676 at most).
     */
    private final Map<String, Reading[]> withoutCookie = new java.util.concurrent.ConcurrentHashMap<>();

    public ConsentManager(ConsentSettings settings, SigningKeys keys, Clock clock) {
        this(settings, keys, clock, DEFAULT_CACHE_SIZE);
    }

    /** @param cacheSize how many verified cookie values are kept (0: none) */
    @SuppressWarnings("unchecked")
    public ConsentManager(ConsentSettings settings, SigningKeys keys, Clock clock, int cacheSize) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.cookie = new ConsentCookie(keys);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.necessary = settings.categories().necessary();
        Set<String> denied = new LinkedHashSet<>();
        for (ConsentCategory c : settings.categories().all()) {
            if (c.saleOrSharing() || c.name().equals(ConsentCategories.ANALYTICS)) {
                denied.add(c.name());
            }
        }
        this.gpcDenied = Set.copyOf(denied);
        this.verified = Caffeine.newBuilder().executor(Runnable::run).maximumSize(cacheSize).build();
        this.categoryNames = settings.categories().names();
        this.maxAgeMillis = settings.maxAge().toMillis();
        this.undecided = new Map[] {new EnumMap<>(Regime.class), new EnumMap<>(Regime.class)};
        for (Regime regime : Regime.values()) {
            for (int gpc = 0; gpc < 2; gpc++) {
                Set<String> granted = new LinkedHashSet<>(necessary);
                for (String name : settings.preGranted(regime)) {
                    if (!(gpc == 1 && gpcDenied.contains(name))) {
                        granted.add(name);
                    }
                }
                undecided[gpc].put(regime, Set.copyOf(granted));
            }
        }
    }

    public ConsentSettings settings() {
        return settings;
    }

    /**
     * The consent of a request.
     *
     * @param cookieValues every value of the consent cookie the browser sent (usually zero or one); the same value
     *                     repeated counts once, different values are {@link CookieStatus#AMBIGUOUS} and none is used
     * @param country      the visitor's ISO country code, or empty when unknown (the opt-in regime then applies)
     */
    public Reading read(List<String> cookieValues, boolean gpc, boolean dnt, String country) {
        // Milliseconds rather than Instants: this runs on every request and allocates only the state.
        long now = clock.millis();
        Regime regime = settings.regimeFor(country);
        CookieStatus status = cookieValues.isEmpty() ? CookieStatus.NONE : CookieStatus.INVALID;
        Verified found = null;
        if (!cookieValues.isEmpty() && !allSame(cookieValues)) {
            // A planted second value must neither decide for the visitor nor carry its consent id on.
            status = CookieStatus.AMBIGUOUS;
        } else if (!cookieValues.isEmpty()) {
            Verified v = verify(cookieValues.get(0));
            if (v != null && v.decidedAt <= now + skewMillis) {
                found = v;
                if (!v.stored.policyVersion().equals(settings.policyVersion())) {
                    status = CookieStatus.OLD_POLICY;
                } else if (now >= v.decidedAt + maxAgeMillis) {
                    status = CookieStatus.EXPIRED;
                } else {
                    status = CookieStatus.VALID;
                }
            }
        }
        if (status == CookieStatus.VALID) {
            Reading last = found.last;
            if (last != null && sameRequest(last.state(), gpc, dnt, regime, country)) {
                return last;
            }
            Reading reading = reading(status, found, gpc, dnt, regime, country);
            found.last = reading;
            return reading;
        }
        if (status == CookieStatus.NONE && country.length() <= 2) {
            Reading[] byFlags = withoutCookie.computeIfAbsent(country, c -> new Reading[4]);
            int slot = (gpc ? 2 : 0) + (dnt ? 1 : 0);
            Reading reading = byFlags[slot];
            if (reading == null) {
                // A benign race: two threads may build equal readings; either is right.
                reading = reading(status, null, gpc, dnt, regime, country);
                byFlags[slot] = reading;
            }
            return reading;
        }
        return reading(status, found, gpc, dnt, regime, country);
    }

    private Reading reading(CookieStatus status, Verified found, boolean gpc, boolean dnt, Regime regime,
            String country) {
        boolean decided = status == CookieStatus.VALID;
        Set<String> granted = decided ? found.granted : undecided[gpc ? 1 : 0].get(regime);
        ConsentState state = new ConsentState(settings.policyVersion(), decided, categoryNames, granted,
                decided ? found.decidedAtOptional : Optional.empty(),
                found == null ? "" : found.stored.consentId(), gpc, dnt, regime, country);
        return new Reading(state, status, found == null ? Optional.empty() : found.present);
    }

    private static boolean sameRequest(ConsentState state, boolean gpc, boolean dnt, Regime regime, String country) {
        return state.gpc() == gpc && state.dnt() == dnt && state.regime() == regime && state.country().equals(country);
    }

    private static boolean allSame(List<String> values) {
        String first = values.get(0);
        // Indexed: an iterator would be an object per request.
        for (int i = 1; i < values.size(); i++) {
            if (!Objects.equals(first, values.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** The decision a cookie value carries, from the cache or verified now; {@code null} when it is not ours. */
    private Verified verify(String value) {
        if (value == null || value.isEmpty() || value.length() > ConsentCookie.MAX_VALUE_CHARS) {
            return null;
        }
        Verified v = verified.getIfPresent(value);
        if (v == null) {
            Optional<StoredConsent> decoded = cookie.decode(value);
            if (decoded.isEmpty()) {
                return null;
            }
            StoredConsent stored = decoded.get();
            Set<String> granted = new LinkedHashSet<>(necessary);
            for (String name : stored.granted()) {
                if (settings.categories().get(name).isPresent()) {
                    granted.add(name);
                }
            }
            try {
                v = new Verified(stored, decoded, stored.decidedAt().toEpochMilli(),
                        Optional.of(stored.decidedAt()), Set.copyOf(granted));
            } catch (ArithmeticException e) {
                return null; // a time beyond what milliseconds can count: nothing we signed
            }
            verified.put(value, v);
        }
        return v;
    }

    /** A new decision in answer to {@code choice}, made now. */
    public Decision decide(Reading current, Choice choice) {
        Instant now = clock.instant();
        Set<String> chosen = new LinkedHashSet<>();
        for (ConsentCategory c : settings.categories().all()) {
            boolean on = switch (choice.action()) {
                case ACCEPT_ALL -> true;
                case REJECT_ALL -> false;
                case SAVE -> choice.granted().contains(c.name());
            };
            if (on && !c.necessary()) {
                chosen.add(c.name());
            }
        }
        List<String> withdrawn = new ArrayList<>();
        for (String name : current.state().granted()) {
            if (!necessary.contains(name) && !chosen.contains(name)) {
                withdrawn.add(name);
            }
        }
        String consentId = current.stored().map(StoredConsent::consentId).orElseGet(this::newConsentId);
        StoredConsent stored = new StoredConsent(settings.policyVersion(), now, consentId, chosen);
        Set<String> granted = new LinkedHashSet<>(necessary);
        granted.addAll(chosen);
        ConsentState before = current.state();
        ConsentState state = new ConsentState(settings.policyVersion(), true, before.categories(), granted,
                Optional.of(now), consentId, before.gpc(), before.dnt(), before.regime(), before.country());
        String action = switch (choice.action()) {
            case ACCEPT_ALL -> "accept-all";
            case REJECT_ALL -> "reject-all";
            case SAVE -> "custom";
        };
        String reason = switch (current.status()) {
            case NONE, INVALID, AMBIGUOUS -> "first";
            case EXPIRED -> "expired";
            case OLD_POLICY -> "policy-update";
            case VALID -> withdrawn.isEmpty() ? "change" : "withdrawal";
        };
        return new Decision(state, stored, action, reason, List.copyOf(withdrawn));
    }

    /** The signed cookie value of a decision. */
    public String cookieValue(StoredConsent stored) {
        return cookie.encode(stored);
    }

    /** Whether the request's GPC signal takes something away that the regime would otherwise grant. */
    public boolean gpcDenies(Regime regime) {
        for (String name : settings.preGranted(regime)) {
            if (gpcDenied.contains(name)) {
                return true;
            }
        }
        return false;
    }

    private String newConsentId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(id);
    }
}
