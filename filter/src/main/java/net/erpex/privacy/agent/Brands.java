package net.erpex.privacy.agent;

import java.util.Set;

/**
 * Which {@code Sec-CH-UA} brands may name the browser instead of the User-Agent's, and when two names are one
 * browser. Brands are client-controlled text: only a fixed set of known browsers that hide behind another's
 * User-Agent can take over, and only from a less specific name.
 */
final class Brands {

    /**
     * Browsers whose brand is more specific than what their User-Agent says: Brave sends Chrome's User-Agent, Opera
     * GX Opera's; the others usually name themselves in the User-Agent too. In uap-core's family names.
     */
    private static final Set<String> SPECIFIC = Set.of("Brave", "Opera GX", "Opera", "Edge", "Samsung Internet",
            "Yandex Browser");

    /** uap-core families that any Chromium-based browser may be taken for. */
    private static final Set<String> GENERIC_CHROMIUM = Set.of("Chrome", "Chrome Mobile", "Chromium",
            "Chrome Mobile WebView");

    private Brands() {
    }

    /** Whether {@code brand} names the browser more precisely than the User-Agent's {@code uapFamily}. */
    static boolean refines(String brand, String uapFamily) {
        return SPECIFIC.contains(brand) && !sameBrowser(uapFamily, brand)
                && (GENERIC_CHROMIUM.contains(uapFamily) || sameLine(brand, uapFamily));
    }

    /** Whether {@code brand} is an edition of the User-Agent's browser ("Opera GX" of "Opera"). */
    static boolean sameLine(String brand, String uapFamily) {
        return brand.startsWith(uapFamily + " ");
    }

    /** Whether a uap family and a hint brand name the same browser, for example "Chrome Mobile" and "Chrome". */
    static boolean sameBrowser(String uapFamily, String brandFamily) {
        String base = uapFamily.endsWith(" Mobile") ? uapFamily.substring(0, uapFamily.length() - 7) : uapFamily;
        return !brandFamily.isEmpty() && base.equals(brandFamily);
    }
}
