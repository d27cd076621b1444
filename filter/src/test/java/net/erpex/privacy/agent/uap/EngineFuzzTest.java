package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A property of the engine on random and hostile text: parsing never throws, and the prefilter's answer is the
 * answer of trying every rule. Texts are assembled from the rules' own literals (so that many rules become
 * candidates at once, and the pruned alternations get unusual branch sets), uap-core-like fragments, random
 * printable and non-ASCII characters, and control characters, up to the filter's 512 characters.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EngineFuzzTest {

    private UapEngine engine;
    private List<String> atoms;

    @BeforeAll
    void load() throws IOException {
        engine = UapJavaRules.engine();
        atoms = new ArrayList<>();
        String[] fragments = {"Mozilla/5.0 (", "Linux; Android 13; ", "SM-T870 Build/", "; wv) ", "AppleWebKit/537.36 ",
            "(KHTML, like Gecko) ", "Chrome/120.0.0.0 ", "Mobile Safari/537.36", "Googlebot/2.1; ", "+http://", "bot",
            "crawl", "spider", "iPhone; CPU iPhone OS 17_1 like Mac OS X", "Windows NT 10.0; Win64; x64", "CFNetwork/",
            "Darwin/", "HbbTV/1.1.1 (", ";", " ", "(", ")", "/", "\"; \"", "Kindle", "Opera Mini/", "MIDP-2.0",
            "Build/", "Version/4.0 ", "YaBrowser/", "Edg/", "OPR/", "\n", "\u0000", "\u212A", "\u00e9", "\uD83D\uDE00"};
        atoms.addAll(List.of(fragments));
    }

    private String text(Random random) {
        StringBuilder out = new StringBuilder();
        int parts = random.nextInt(30);
        for (int i = 0; i < parts && out.length() < 512; i++) {
            switch (random.nextInt(4)) {
                case 0 -> out.append((char) (32 + random.nextInt(95)));
                case 1 -> out.append((char) random.nextInt(0x3000));
                default -> out.append(atoms.get(random.nextInt(atoms.size())));
            }
        }
        return out.length() > 512 ? out.substring(0, 512) : out.toString();
    }

    @Test
    void neverThrowsAndThePrefilterGivesTheAnswerOfEveryRule() {
        Random random = new Random(20261204);
        List<String> wrong = new ArrayList<>();
        for (int n = 0; n < 1_500; n++) {
            String text = text(random);
            UapResult filtered = engine.parse(text);
            UapResult all = engine.parseWithoutPrefilter(text);
            if (!filtered.equals(all)) {
                wrong.add(text + "\n    prefilter " + filtered + "\n    all rules " + all);
            }
        }
        assertThat(wrong).isEmpty();
    }

    @Test
    void hostileShapesParseAndAgree() {
        List<String> texts = List.of("; ".repeat(256), "(".repeat(512), "Mozilla/5.0 (".repeat(40),
                "Mozilla/5.0 (Linux; Android 4.4; " + "\"; \"".repeat(230), "bot ".repeat(128), "a".repeat(512),
                "\\".repeat(512), "$1$2$3".repeat(80), "\uD800".repeat(512), "Googlebot/".repeat(50));
        for (String text : texts) {
            assertThat(engine.parse(text)).as(text).isEqualTo(engine.parseWithoutPrefilter(text));
        }
    }
}
