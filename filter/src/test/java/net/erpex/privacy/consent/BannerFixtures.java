package net.erpex.privacy.consent;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Categories, states, views and site bundles for the banner tests. */
final class BannerFixtures {

    static final ConsentCategory NECESSARY = category("necessary", true, false);
    static final ConsentCategory PREFERENCES = category("preferences", false, false);
    static final ConsentCategory ANALYTICS = category("analytics", false, false);
    static final ConsentCategory RECAPTCHA = category("recaptcha", false, false);
    static final ConsentCategory SESSION_RECORDING = category("session-recording", false, true);

    /** The built-in categories, in display order. */
    static final List<ConsentCategory> BUILT_IN = List.of(NECESSARY, PREFERENCES, ANALYTICS, RECAPTCHA,
            SESSION_RECORDING);

    /** An empty class loader: no site bundles at all. */
    static final ClassLoader NO_SITE_BUNDLES = new URLClassLoader(new URL[0], null);

    private BannerFixtures() {
    }

    static ConsentCategory category(String name, boolean necessary, boolean optInOnly) {
        return new ConsentCategory(name, necessary, false, optInOnly, List.of(), List.of());
    }

    static List<ConsentCategory> withCustom(String... names) {
        List<ConsentCategory> out = new ArrayList<>(BUILT_IN);
        for (String name : names) {
            out.add(category(name, false, false));
        }
        return out;
    }

    static BannerTexts texts(List<ConsentCategory> categories) {
        return BannerTexts.builder(categories).siteClassLoader(NO_SITE_BUNDLES).policyUrl("/privacy-policy").build();
    }

    static BannerTexts texts() {
        return texts(BUILT_IN);
    }

    /** A state granting the necessary categories and {@code granted}. */
    static ConsentState state(boolean decided, Regime regime, List<ConsentCategory> categories, String... granted) {
        Set<String> all = new LinkedHashSet<>(List.of(granted));
        categories.stream().filter(ConsentCategory::necessary).forEach(c -> all.add(c.name()));
        return new ConsentState("1", decided, categories.stream().map(ConsentCategory::name).toList(), all,
                decided ? Optional.of(Instant.parse("2026-03-01T10:00:00Z")) : Optional.empty(),
                decided ? "c0ns3nt" : "", false, false, regime, "FR");
    }

    static ConsentState undecided() {
        return state(false, Regime.OPT_IN, BUILT_IN);
    }

    static BannerView view(Locale locale, ConsentState state, List<ConsentCategory> categories) {
        return new BannerView(locale, state, categories, "/privacy", "/pricing?plan=team", "n0nc3");
    }

    static BannerView view(Locale locale, ConsentState state) {
        return view(locale, state, BUILT_IN);
    }

    /** Writes site bundles ({@code file name -> content}, UTF-8) to a directory and returns a loader of it alone. */
    static ClassLoader siteBundles(Path dir, Map<String, String> files) {
        try {
            for (Map.Entry<String, String> file : files.entrySet()) {
                Files.writeString(dir.resolve(file.getKey()), file.getValue(), StandardCharsets.UTF_8);
            }
            return new URLClassLoader(new URL[] {dir.toUri().toURL()}, null);
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
