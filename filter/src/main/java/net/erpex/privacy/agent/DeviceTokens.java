package net.erpex.privacy.agent;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import net.erpex.privacy.agent.uap.AhoCorasick;

/**
 * The well-known User-Agent tokens that say what kind of device sent a request, found in one pass over the text
 * (an {@link AhoCorasick} automaton over all of them), then checked where a token needs more than "occurs":
 * at the start, as the end of a word, or followed by a model number. No regular expression runs on the input.
 *
 * <p>Each token names the device type it stands for; the {@link DeviceClassifier} decides between several.
 * Tokens are lower case; the text is matched case-insensitively.
 */
final class DeviceTokens {

    /** What must hold around an occurrence, beyond the token itself. */
    enum Check {
        /** Anywhere in the text. */
        ANYWHERE,
        /** At the very start: a library's or tool's own product token ({@code curl/8.4.0}). */
        AT_START,
        /** Not followed by a letter and not the end of "cubot" (a phone maker): {@code Googlebot/}, {@code AhrefsBot;}. */
        WORD_END,
        /** Followed by upper-case letters or digits up to a space, ')' or ';': a model ({@code ; AFTKRT Build}). */
        MODEL,
        /** Followed by a digit: a model number ({@code SM-T870}). */
        DIGIT,
        /** Not followed by " pc": "Tablet PC" is a Windows feature of desktops and laptops. */
        NOT_PC
    }

    record Token(String text, DeviceType type, Check check) {
    }

    private static final List<Token> TOKENS = new ArrayList<>();

    private static void add(DeviceType type, Check check, String... texts) {
        for (String text : texts) {
            TOKENS.add(new Token(text, type, check));
        }
    }

    static {
        // Crawlers and fetchers, including those whose name does not say bot: search engines' preview and testing
        // tools, assistants, link previewers of messengers and social networks, monitors, headless browsers.
        add(DeviceType.BOT, Check.WORD_END, "bot");
        add(DeviceType.BOT, Check.ANYWHERE, "crawl", "spider", "slurp", "scrape", "robot", "+http", "http://",
                "https://", "www.", "headlesschrome", "phantomjs", "slimerjs", "htmlunit", "jsdom/", "cypress/",
                "bingpreview", "microsoftpreview", "skypeuripreview", "google-", "-google", "googleother",
                "google web preview", "google favicon", "feedfetcher", "mediapartners", "facebookexternalhit",
                "facebookcatalog", "meta-external", "whatsapp/", "embedly", "iframely", "vkshare", "w3c_validator",
                "validator.nu", "lighthouse", "pagespeed", "gtmetrix", "ptst/", "pingdom", "uptimerobot",
                "statuscake", "site24x7", "newrelicpinger", "datadog", "checkly", "compatible; yandex",
                "yadirectfetcher", "ia_archiver", "archive.org", "heritrix", "nutch", "chatgpt-user", "claude-web",
                "anthropic-ai", "perplexity-user", "ccbot", "cohere-ai", "diffbot", "prerender", "rendertron",
                "powershell/", "sqlmap/", "nikto", "zgrab", "masscan", "nuclei", "wpscan", "kube-probe/",
                "elb-healthchecker", "googlehc/", "go-http-client", "okhttp/", "python-requests", "python-urllib",
                "aiohttp/", "python-httpx", "httpx/", "apache-httpclient", "commons-httpclient", "guzzlehttp",
                "libwww-perl", "node-fetch", "axios/", "undici", "scrapy");
        // Their own product token first: command-line tools and HTTP libraries with their default User-Agent.
        add(DeviceType.BOT, Check.AT_START, "curl/", "wget/", "java/", "python/", "python ", "go ", "ruby",
                "faraday", "rest-client/", "httpie/", "postmanruntime/", "insomnia/", "dart/", "java-http-client/",
                "php/", "perl/", "reqwest/", "ureq/", "hackney/", "restsharp/", "unirest", "httpclient/",
                "mechanize", "wordpress/", "got ", "node/", "deno/", "bun/", "winhttp",
                "microsoft-cryptoapi/", "microsoft bits/", "aws-sdk", "grpc-", "lwp::", "zabbix", "nagios",
                "check_http/", "monit/", "prometheus/", "blackbox", "uptime-kuma", "libcurl");
        // Smart TVs, set-top boxes and streaming sticks.
        add(DeviceType.TV, Check.ANYWHERE, "hbbtv", "netcast", "smart-tv", "smarttv", "smart tv", "web0s",
                "webos.tv", "webos tv", "crkey", "android tv", "androidtv", "shield android", "bravia",
                "googletv", "google tv", "chromecast", "roku", "appletv", "apple tv", "tvos", "viera",
                "philipstv", "nettv/", "netrange", "vidaa", " tv safari", "large screen", "inettvbrowser", "maple",
                "opera tv", "firetv", "fire tv", "mibox", "aquos");
        add(DeviceType.TV, Check.MODEL, "; aft");
        // Game consoles, VR headsets and cars: not one of the other kinds, and no documented common home.
        add(DeviceType.OTHER, Check.ANYWHERE, "playstation", "xbox", "nintendo", "; quest", "oculusbrowser",
                "vr safari", "picobrowser", "tesla/", "qtcarbrowser");
        // Tablets and e-readers.
        add(DeviceType.TABLET, Check.NOT_PC, "tablet");
        add(DeviceType.TABLET, Check.ANYWHERE, "ipad", "kindle", "silk-accelerated", "playbook", "nexus 7",
                "nexus 9", "nexus 10", "pixel c", "pixel tablet", "gt-p", "gt-n80", "gt-n51", "mediapad",
                "matepad", "lenovo tab", "; tb-", "mi pad", "xiaomi pad", "redmi pad", "galaxy tab", "xoom",
                "transformer", "; sgp", "touchpad", "hp-tablet", "ideatab", "yoga tab");
        add(DeviceType.TABLET, Check.MODEL, "; kf");
        add(DeviceType.TABLET, Check.DIGIT, "sm-t", "sm-x", "sm-p");
        // Phones, feature phones (J2ME/MIDP, WAP and their browsers, KaiOS) included.
        add(DeviceType.MOBILE, Check.ANYWHERE, "mobile", "iphone", "ipod", "windows phone", "iemobile",
                "blackberry", "bb10", "opera mini", "opera mobi", "symbian", "series60", "series40", "s40ovibrowser",
                "midp", "cldc", "j2me", "netfront", "obigo", "up.browser", "up.link", "kaios", "maui", "openwave",
                "palmos", "webos/", "ucweb", "docomo", "mmp/", "teleca", "fennec");
        // Desktop and laptop systems, when the rules did not name the OS.
        add(DeviceType.DESKTOP, Check.ANYWHERE, "windows nt", "macintosh", "x11;", "cros ", "win64", "win32",
                "windows 98", "windows 95");
    }

    private static final List<String> ATOMS = TOKENS.stream().map(Token::text).distinct().toList();
    private static final AhoCorasick AUTOMATON = new AhoCorasick(ATOMS);
    // For each atom, the tokens spelled by it (the same text may stand for one type under several checks).
    private static final Token[][] BY_ATOM = new Token[ATOMS.size()][];

    static {
        for (int atom = 0; atom < ATOMS.size(); atom++) {
            String text = ATOMS.get(atom);
            BY_ATOM[atom] = TOKENS.stream().filter(t -> t.text().equals(text)).toArray(Token[]::new);
        }
    }

    private DeviceTokens() {
    }

    /** The device types whose tokens occur in {@code userAgent}, with their checks passed. */
    static Set<DeviceType> find(String userAgent) {
        long[] seen = AUTOMATON.scan(userAgent);
        Set<DeviceType> found = EnumSet.noneOf(DeviceType.class);
        String lower = null;
        for (int word = 0; word < seen.length; word++) {
            long bits = seen[word];
            while (bits != 0) {
                int atom = (word << 6) + Long.numberOfTrailingZeros(bits);
                bits &= bits - 1;
                for (Token token : BY_ATOM[atom]) {
                    if (found.contains(token.type())) {
                        continue;
                    }
                    if (token.check() != Check.ANYWHERE && lower == null) {
                        lower = asciiLowerCase(userAgent);
                    }
                    if (token.check() == Check.ANYWHERE || holds(token, userAgent, lower)) {
                        found.add(token.type());
                    }
                }
            }
        }
        return found;
    }

    private static boolean holds(Token token, String text, String lower) {
        String t = token.text();
        if (token.check() == Check.AT_START) {
            return lower.startsWith(t);
        }
        for (int at = lower.indexOf(t); at >= 0; at = lower.indexOf(t, at + 1)) {
            int end = at + t.length();
            boolean ok = switch (token.check()) {
                case WORD_END -> (end == text.length() || !isAsciiLetter(lower.charAt(end)))
                        && !(at >= 2 && lower.startsWith("cu", at - 2));
                case MODEL -> isModel(text, end);
                case DIGIT -> end < text.length() && text.charAt(end) >= '0' && text.charAt(end) <= '9';
                case NOT_PC -> !lower.startsWith(" pc", end);
                default -> true;
            };
            if (ok) {
                return true;
            }
        }
        return false;
    }

    /** Whether 1 to 8 upper-case letters or digits start at {@code from}, then a space, ')', ';' or the end. */
    private static boolean isModel(String text, int from) {
        int i = from;
        while (i < text.length() && i - from <= 8
                && (text.charAt(i) >= 'A' && text.charAt(i) <= 'Z' || text.charAt(i) >= '0' && text.charAt(i) <= '9')) {
            i++;
        }
        return i > from && i - from <= 8 && (i == text.length() || " );".indexOf(text.charAt(i)) >= 0);
    }

    private static boolean isAsciiLetter(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** Lower-cases ASCII letters only, so that positions in the result are positions in the text. */
    static String asciiLowerCase(String text) {
        char[] out = text.toCharArray();
        for (int i = 0; i < out.length; i++) {
            if (out[i] >= 'A' && out[i] <= 'Z') {
                out[i] = (char) (out[i] + ('a' - 'A'));
            }
        }
        return new String(out);
    }
}
