package net.erpex.privacy.agent.uap;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import net.erpex.privacy.testing.RequiresUapCore;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

/**
 * The prefilter (and the pruning of large alternations behind it) never changes an answer: the engine gives the
 * same result as trying every rule of every section in order, on every string of uap-core's suites and on crafted
 * and random text, with both rule files.
 */
class PrefilterDifferentialTest {

    static List<String> hostile(long seed, int count) {
        Random random = new Random(seed);
        List<String> texts = new ArrayList<>(List.of("", " ", "; ".repeat(256), "(".repeat(512),
                "Mozilla/5.0 (".repeat(40), "Mozilla/5.0 (Linux; Android 4.4; " + "\"; \"".repeat(230) + "Chrome/1",
                "\u212Aindle/3.0 (\u017Fcreen 600x800)", "KINDLE/3.0", "googlebot", "GOOGLEBOT/2.1",
                "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) YandexBot Baiduspider zao"));
        for (int i = 0; i < count; i++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(300);
            for (int j = 0; j < length; j++) {
                text.append(random.nextInt(4) == 0 ? (char) random.nextInt(0x3000) : (char) (32 + random.nextInt(95)));
            }
            texts.add(text.toString());
        }
        return texts;
    }

    private static List<String> disagreements(UapEngine engine, List<String> texts) {
        List<String> wrong = new ArrayList<>();
        for (String text : texts) {
            UapResult filtered = engine.parse(text);
            UapResult all = engine.parseWithoutPrefilter(text);
            if (!filtered.equals(all)) {
                wrong.add(text + "\n    prefilter " + filtered + "\n    all rules " + all);
            }
        }
        return wrong;
    }

    @Nested
    @RequiresUapCore
    class DebianRules {
        @Test
        void givesTheAnswerOfTryingEveryRuleOnEverySuiteString() throws IOException {
            UapEngine engine;
            try (InputStream in = Files.newInputStream(UapSuites.RULES)) {
                engine = UapEngine.load(in, UapSuites.RULES.toString());
            }
            List<String> texts = new ArrayList<>(UapSuites.allStrings());
            texts.addAll(hostile(1, 300));

            assertThat(disagreements(engine, texts)).isEmpty();
        }
    }

    @Nested
    class JarRules {
        @Test
        void givesTheAnswerOfTryingEveryRuleOnCraftedAndRandomText() throws IOException {
            UapEngine engine = UapJavaRules.engine();

            assertThat(disagreements(engine, hostile(2, 1_000))).isEmpty();
        }
    }
}
