package net.erpex.privacy.consent;

import static net.erpex.privacy.consent.BannerFixtures.BUILT_IN;
import static net.erpex.privacy.consent.BannerFixtures.siteBundles;
import static net.erpex.privacy.consent.BannerFixtures.state;
import static net.erpex.privacy.consent.BannerFixtures.texts;
import static net.erpex.privacy.consent.BannerFixtures.undecided;
import static net.erpex.privacy.consent.BannerFixtures.view;
import static net.erpex.privacy.consent.BannerFixtures.withCustom;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Attribute;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.DocumentType;
import org.jsoup.nodes.Element;
import org.jsoup.select.Elements;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BannerRendererTest {

    private static final BannerRenderer RENDERER = new BannerRenderer(texts());

    private static Document render(BannerView view) {
        return Jsoup.parseBodyFragment(RENDERER.render(view));
    }

    private static Document undecidedBanner() {
        return render(view(Locale.ENGLISH, undecided()));
    }

    private static Element one(Document doc, String css) {
        Elements found = doc.select(css);
        assertThat(found).as(css).hasSize(1);
        return found.first();
    }

    private static Element switchOf(Document doc, String category) {
        return one(doc, "input[data-privacy-switch=" + category + "]");
    }

    @Nested
    class FirstLayer {

        @Test
        void isARealFormPostingToTheConsentEndpointWithTheReturnPath() {
            Document doc = undecidedBanner();
            Element form = one(doc, "section[data-privacy-banner] form[data-privacy-form]");

            assertThat(form.attr("method")).isEqualTo("post");
            assertThat(form.attr("action")).isEqualTo("/privacy/consent");
            assertThat(one(doc, "form input[type=hidden][name=return]").attr("value")).isEqualTo("/pricing?plan=team");
        }

        @Test
        void acceptsAndRejectsWithSubmitButtonsNamedAction() {
            Document doc = undecidedBanner();

            for (String action : List.of("accept-all", "reject-all")) {
                Element button = one(doc, "form button[data-privacy-action=" + action + "]");
                assertThat(button.attr("type")).isEqualTo("submit");
                assertThat(button.attr("name")).isEqualTo("action");
                assertThat(button.attr("value")).isEqualTo(action);
                assertThat(button.id()).isEqualTo("erpex-privacy-" + action);
            }
        }

        @Test
        void givesTheThreeChoicesTheSameClassInOneRow() {
            Document doc = undecidedBanner();
            Element accept = one(doc, "[data-privacy-action=accept-all]");
            Element reject = one(doc, "[data-privacy-action=reject-all]");
            Element customize = one(doc, "[data-privacy-action=customize]");

            assertThat(List.of(reject.className(), customize.className())).containsOnly(accept.className());
            assertThat(accept.className()).isEqualTo("erpex-privacy__button");
            assertThat(reject.parent()).isSameAs(accept.parent()).isSameAs(customize.parent());
        }

        @Test
        void customizeLinksToTheSettingsPageWithTheReturnPath() {
            Element customize = one(undecidedBanner(), "a[data-privacy-action=customize]");

            assertThat(customize.attr("href")).isEqualTo("/privacy/settings?return=%2Fpricing%3Fplan%3Dteam");
        }

        @Test
        void namesEveryOptionalPurposeTheSiteHasAndWhatItDoes() {
            Document doc = render(view(Locale.ENGLISH, undecided(), List.of(BannerFixtures.NECESSARY,
                    BannerFixtures.ANALYTICS, BannerFixtures.RECAPTCHA)));

            assertThat(doc.select(".erpex-privacy__purposes dt").eachText())
                    .containsExactly("Analytics", "Form protection");
            assertThat(doc.select(".erpex-privacy__purposes dd").eachText()).anySatisfy(text -> assertThat(text)
                    .contains("Google reCAPTCHA").contains("Google cookies"));
        }

        @Test
        void isALabelledRegionWithAHeadingThatTheScriptCanFocus() {
            Document doc = undecidedBanner();
            Element section = one(doc, "section#erpex-privacy-banner");
            Element title = one(doc, "h2#erpex-privacy-title");

            assertThat(section.attr("aria-labelledby")).isEqualTo(title.id());
            assertThat(section.hasAttr("role")).isFalse();
            assertThat(title.attr("tabindex")).isEqualTo("-1");
            assertThat(title.text()).isEqualTo("Cookies and your privacy");
        }

        @Test
        void keepsTheCloseButtonHiddenAndThePanelClosed() {
            Document doc = undecidedBanner();

            assertThat(one(doc, "[data-privacy-action=close]").hasAttr("hidden")).isTrue();
            assertThat(one(doc, "[data-privacy-panel]").hasAttr("hidden")).isTrue();
        }

        @Test
        void linksThePrivacyPolicy() {
            Element link = one(undecidedBanner(), "a[data-privacy-policy]");

            assertThat(link.attr("href")).isEqualTo("/privacy-policy");
            assertThat(link.text()).isEqualTo("Privacy policy");
        }

        @Test
        void explainsItselfToVisitorsWithoutJavaScript() {
            assertThat(undecidedBanner().select("noscript").html()).contains("JavaScript is off");
        }

        @Test
        void rendersTheSettingsControlHiddenForTheScriptToMoveFocusTo() {
            Element settings = one(undecidedBanner(), "a#erpex-privacy-settings[data-privacy-settings]");

            assertThat(settings.hasAttr("hidden")).isTrue();
        }
    }

    @Nested
    class Languages {

        @ParameterizedTest(name = "{0}")
        @CsvSource({
            "en, Accept all,      Reject all,      Customize,      Save choices",
            "fr, Tout accepter,   Tout refuser,    Personnaliser,  Enregistrer mes choix",
            "de, Alle akzeptieren, Alle ablehnen,  Anpassen,       Auswahl speichern",
            "es, Aceptar todo,    Rechazar todo,   Personalizar,   Guardar selección",
            "nl, Alles accepteren, Alles weigeren, Aanpassen,      Keuze opslaan",
            "it, Accetta tutto,   Rifiuta tutto,   Personalizza,   Salva le scelte",
            "pt, Aceitar tudo,    Rejeitar tudo,   Personalizar,   Confirmar escolhas",
            "ja, すべて許可,        すべて拒否,        カスタマイズ,      選択内容を保存",
        })
        void rendersEachSupportedLanguageWithItsLangAndButtons(String tag, String accept, String reject,
                String customize, String save) {
            Document doc = render(view(Locale.forLanguageTag(tag), undecided()));

            assertThat(one(doc, "[data-privacy-root]").attr("lang")).isEqualTo(tag);
            assertThat(one(doc, "[data-privacy-banner]").attr("lang")).isEqualTo(tag);
            assertThat(one(doc, "[data-privacy-action=accept-all]").text()).isEqualTo(accept);
            assertThat(one(doc, "[data-privacy-action=reject-all]").text()).isEqualTo(reject);
            assertThat(one(doc, "[data-privacy-action=customize]").text()).isEqualTo(customize);
            assertThat(one(doc, "[data-privacy-action=save]").text()).isEqualTo(save);
        }

        @ParameterizedTest(name = "{0} is rendered as {1}")
        @CsvSource({"fr-CA, fr, Tout accepter", "sv, en, Accept all"})
        void declaresTheLanguageTheTextsAreActuallyIn(String visitor, String lang, String accept) {
            Document doc = render(view(Locale.forLanguageTag(visitor), undecided()));

            assertThat(one(doc, "[data-privacy-root]").attr("lang")).isEqualTo(lang);
            assertThat(one(doc, "[data-privacy-action=accept-all]").text()).isEqualTo(accept);
        }

        @Test
        void showsASiteOverrideAndTheLabelOfItsOwnCategory(@TempDir Path dir) {
            List<ConsentCategory> categories = withCustom("marketing");
            BannerTexts texts = BannerTexts.builder(categories).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner_fr.properties", """
                            banner.title=Vos données, vos choix
                            category.marketing.label=Publicité
                            category.marketing.description=Des publicités adaptées à vos visites.
                            """))).build();
            Document doc = Jsoup.parseBodyFragment(new BannerRenderer(texts).render(
                    view(Locale.FRENCH, state(false, Regime.OPT_IN, categories), categories)));

            assertThat(one(doc, "#erpex-privacy-title").text()).isEqualTo("Vos données, vos choix");
            assertThat(one(doc, "label[for=erpex-privacy-switch-marketing]").text()).isEqualTo("Publicité");
            assertThat(one(doc, "#erpex-privacy-desc-marketing").text())
                    .isEqualTo("Des publicités adaptées à vos visites.");
        }

        @Test
        void showsTheNameOfACustomCategoryWithoutTexts() {
            List<ConsentCategory> categories = withCustom("marketing");
            Document doc = Jsoup.parseBodyFragment(new BannerRenderer(texts(categories)).render(
                    view(Locale.FRENCH, state(false, Regime.OPT_IN, categories), categories)));

            assertThat(one(doc, "label[for=erpex-privacy-switch-marketing]").text()).isEqualTo("marketing");
            assertThat(switchOf(doc, "marketing").hasAttr("aria-describedby")).isFalse();
        }
    }

    @Nested
    class Switches {

        @Test
        void haveOneSwitchPerOptionalCategoryNamedAfterIt() {
            Document doc = undecidedBanner();

            for (String name : List.of("preferences", "analytics", "recaptcha", "session-recording")) {
                Element input = switchOf(doc, name);
                assertThat(input.attr("type")).isEqualTo("checkbox");
                assertThat(input.attr("role")).isEqualTo("switch");
                assertThat(input.attr("name")).isEqualTo(name);
                assertThat(input.attr("value")).isEqualTo("on");
                assertThat(input.id()).isEqualTo("erpex-privacy-switch-" + name);
                assertThat(one(doc, "label[for=" + input.id() + "]").text()).isNotBlank();
                assertThat(one(doc, "#" + input.attr("aria-describedby")).text()).isNotBlank();
            }
        }

        @Test
        void areNeverPreTickedBeforeADecisionInTheOptInRegime() {
            Document doc = undecidedBanner();

            assertThat(doc.select("input[data-privacy-switch]:not([disabled])[checked]")).isEmpty();
        }

        @Test
        void stayOffBeforeADecisionInTheOptInRegimeEvenIfTheStateGrants() {
            Document doc = render(view(Locale.ENGLISH, state(false, Regime.OPT_IN, BUILT_IN, "analytics")));

            assertThat(switchOf(doc, "analytics").hasAttr("checked")).isFalse();
        }

        @Test
        void showWhatIsInForceBeforeADecisionInTheOptOutRegimeExceptOptInOnlyCategories() {
            Document doc = render(view(Locale.ENGLISH, state(false, Regime.OPT_OUT, BUILT_IN, "analytics",
                    "session-recording")));

            assertThat(switchOf(doc, "analytics").hasAttr("checked")).isTrue();
            assertThat(switchOf(doc, "session-recording").hasAttr("checked")).isFalse();
            assertThat(switchOf(doc, "preferences").hasAttr("checked")).isFalse();
        }

        @Test
        void showTheVisitorsChoiceWhenTheyReopenTheSettings() {
            ConsentState decided = state(true, Regime.OPT_IN, BUILT_IN, "analytics", "session-recording");
            Document doc = Jsoup.parse(RENDERER.settingsPage(view(Locale.ENGLISH, decided)));

            assertThat(switchOf(doc, "analytics").hasAttr("checked")).isTrue();
            assertThat(switchOf(doc, "session-recording").hasAttr("checked")).isTrue();
            assertThat(switchOf(doc, "preferences").hasAttr("checked")).isFalse();
            assertThat(switchOf(doc, "recaptcha").hasAttr("checked")).isFalse();
        }

        @Test
        void showNecessaryAsAlwaysOnCheckedDisabledAndNeverSent() {
            Document doc = undecidedBanner();
            Element necessary = switchOf(doc, "necessary");

            assertThat(necessary.hasAttr("checked")).isTrue();
            assertThat(necessary.hasAttr("disabled")).isTrue();
            assertThat(necessary.hasAttr("name")).isFalse();
            assertThat(necessary.attr("aria-describedby").split(" "))
                    .containsExactly("erpex-privacy-always-necessary", "erpex-privacy-desc-necessary");
            assertThat(one(doc, "#erpex-privacy-always-necessary").text()).isEqualTo("Always on");
        }

        @Test
        void areSavedWithASubmitButtonInThePanel() {
            Element save = one(undecidedBanner(), "[data-privacy-panel] button[data-privacy-action=save]");

            assertThat(save.attr("type")).isEqualTo("submit");
            assertThat(save.attr("name")).isEqualTo("action");
            assertThat(save.attr("value")).isEqualTo("save");
            assertThat(save.className()).isEqualTo("erpex-privacy__button");
        }
    }

    @Nested
    class Decided {

        @Test
        void rendersOnlyTheCookieSettingsControl() {
            Document doc = render(view(Locale.GERMAN, state(true, Regime.OPT_IN, BUILT_IN, "analytics")));
            Element settings = one(doc, "a#erpex-privacy-settings[data-privacy-settings]");

            assertThat(doc.select("[data-privacy-banner], form, input, button")).isEmpty();
            assertThat(settings.hasAttr("hidden")).isFalse();
            assertThat(settings.text()).isEqualTo("Cookie-Einstellungen");
            assertThat(settings.attr("href")).isEqualTo("/privacy/settings?return=%2Fpricing%3Fplan%3Dteam");
        }

        @Test
        void tellsTheScriptTheStateOnTheRoot() {
            Element root = one(render(view(Locale.ENGLISH, state(true, Regime.OPT_IN, BUILT_IN, "analytics"))),
                    "#erpex-privacy[data-privacy-root]");

            assertThat(root.attr("data-privacy-decided")).isEqualTo("true");
            assertThat(root.attr("data-privacy-granted")).isEqualTo("necessary analytics");
            assertThat(root.attr("data-privacy-endpoint")).isEqualTo("/privacy/consent");
        }
    }

    @Nested
    class Escaping {

        private static final String HOSTILE = "/x\"><script>alert(1)</script><img src=x onerror=alert(2)>'";

        @Test
        void escapesAHostileReturnPathEverywhereItAppears() {
            BannerView view = new BannerView(Locale.ENGLISH, undecided(), BUILT_IN, "/privacy", HOSTILE, "");
            Document doc = Jsoup.parseBodyFragment(RENDERER.render(view));
            Document page = Jsoup.parse(RENDERER.settingsPage(view));

            assertThat(doc.select("script:not([src]), img")).isEmpty();
            assertThat(page.select("script, img")).isEmpty();
            assertThat(one(doc, "input[name=return]").attr("value")).isEqualTo(HOSTILE);
            assertThat(one(page, "input[name=return]").attr("value")).isEqualTo(HOSTILE);
            assertThat(one(page, "a[data-privacy-back]").attr("href")).isEqualTo(HOSTILE);
            String href = one(doc, "#erpex-privacy-settings").attr("href");
            assertThat(URLDecoder.decode(href.substring(href.indexOf('=') + 1), StandardCharsets.UTF_8))
                    .isEqualTo(HOSTILE);
        }

        @Test
        void escapesAHostileCategoryLabelFromASiteBundle(@TempDir Path dir) {
            List<ConsentCategory> categories = withCustom("marketing");
            BannerTexts texts = BannerTexts.builder(categories).siteClassLoader(siteBundles(dir, Map.of(
                    "privacy-banner.properties", "category.marketing.label=" + HOSTILE + "\n"
                            + "category.marketing.summary=<b>bold</b> & co\n"))).build();
            Document doc = Jsoup.parseBodyFragment(new BannerRenderer(texts).render(
                    view(Locale.ENGLISH, state(false, Regime.OPT_IN, categories), categories)));

            assertThat(doc.select("script:not([src]), img, b")).isEmpty();
            assertThat(one(doc, "label[for=erpex-privacy-switch-marketing]").text()).isEqualTo(HOSTILE);
            assertThat(doc.select(".erpex-privacy__purposes dd").eachText()).contains("<b>bold</b> & co");
        }
    }

    @Nested
    class ContentSecurityPolicy {

        @Test
        void noStyleAttributesNoEventHandlersAndNoInlineScriptInAnyMarkup() {
            BannerView undecided = view(Locale.FRENCH, undecided());
            BannerView decided = view(Locale.FRENCH, state(true, Regime.OPT_IN, BUILT_IN, "analytics"));
            for (Document doc : List.of(Jsoup.parseBodyFragment(RENDERER.render(undecided)),
                    Jsoup.parseBodyFragment(RENDERER.render(decided)), Jsoup.parse(RENDERER.settingsPage(decided)))) {
                for (Element element : doc.getAllElements()) {
                    for (Attribute attribute : element.attributes()) {
                        assertThat(attribute.getKey()).as("<%s %s>", element.tagName(), attribute.getKey())
                                .isNotEqualTo("style").doesNotStartWith("on");
                        assertThat(attribute.getValue()).as(attribute.getKey()).doesNotStartWithIgnoringCase(
                                "javascript:");
                    }
                }
                assertThat(doc.select("style")).isEmpty();
                for (Element script : doc.select("script")) {
                    assertThat(script.attr("src")).isNotEmpty();
                    assertThat(script.data()).isEmpty();
                }
            }
        }

        @Test
        void loadsItsScriptDeferredAndItsStyleFromThePrefixWithTheNonceAndAVersion() {
            Document doc = undecidedBanner();
            Element script = one(doc, "script");
            Element style = one(doc, "link[rel=stylesheet]");

            assertThat(script.attr("src")).isEqualTo("/privacy/banner.js?v=" + BannerAsset.SCRIPT.version());
            assertThat(script.hasAttr("defer")).isTrue();
            assertThat(script.attr("nonce")).isEqualTo("n0nc3");
            assertThat(style.attr("href")).isEqualTo("/privacy/banner.css?v=" + BannerAsset.STYLE.version());
            assertThat(style.attr("nonce")).isEqualTo("n0nc3");
        }

        @Test
        void leavesOutAnEmptyNonce() {
            BannerView view = new BannerView(Locale.ENGLISH, undecided(), BUILT_IN, "/privacy", "/", "");
            Document doc = Jsoup.parseBodyFragment(RENDERER.render(view));

            assertThat(doc.select("[nonce]")).isEmpty();
        }
    }

    @Nested
    class Hooks {

        @Test
        void giveEveryPartAUniqueId() {
            Document doc = undecidedBanner();

            List<String> ids = doc.select("[id]").eachAttr("id");
            assertThat(ids).doesNotHaveDuplicates().contains("erpex-privacy", "erpex-privacy-banner",
                    "erpex-privacy-title", "erpex-privacy-form", "erpex-privacy-accept-all",
                    "erpex-privacy-reject-all", "erpex-privacy-customize", "erpex-privacy-save",
                    "erpex-privacy-close", "erpex-privacy-panel", "erpex-privacy-settings", "erpex-privacy-status",
                    "erpex-privacy-switch-analytics");
        }

        @Test
        void pointEveryAriaReferenceAtAnExistingElement() {
            Document doc = undecidedBanner();

            for (Element element : doc.select("[aria-labelledby], [aria-describedby]")) {
                String refs = element.attr("aria-labelledby") + " " + element.attr("aria-describedby");
                for (String id : refs.trim().split("\\s+")) {
                    assertThat(doc.getElementById(id)).as("#%s", id).isNotNull();
                }
            }
        }

        @Test
        void carryTheSavedMessageForTheStatusRegion() {
            Element status = one(undecidedBanner(), "[data-privacy-status]");

            assertThat(status.attr("role")).isEqualTo("status");
            assertThat(status.attr("data-privacy-saved")).isEqualTo("Your choices have been saved.");
        }
    }

    @Nested
    class SettingsPage {

        private final Document page = Jsoup.parse(RENDERER.settingsPage(
                view(Locale.FRENCH, state(true, Regime.OPT_IN, BUILT_IN, "analytics"))));

        @Test
        void isACompleteDocumentInTheVisitorsLanguage() {
            String html = RENDERER.settingsPage(view(Locale.FRENCH, undecided()));

            assertThat(html).startsWith("<!DOCTYPE html>");
            assertThat(page.childNodes()).first().isInstanceOf(DocumentType.class);
            assertThat(one(page, "html").attr("lang")).isEqualTo("fr");
            assertThat(page.title()).isEqualTo("Paramètres des cookies");
            assertThat(one(page, "meta[name=viewport]").attr("content")).contains("width=device-width");
            assertThat(one(page, "head link[rel=stylesheet]").attr("href")).startsWith("/privacy/banner.css?v=");
            assertThat(one(page, "main h1").text()).isEqualTo("Paramètres des cookies");
        }

        @Test
        void showsTheFormWithTheCustomizeSectionOpen() {
            assertThat(one(page, "[data-privacy-panel]").hasAttr("hidden")).isFalse();
            assertThat(page.select("form[action=/privacy/consent] [data-privacy-action]").eachAttr(
                    "data-privacy-action")).containsExactly("accept-all", "reject-all", "save");
        }

        @Test
        void offersAWayBackWithoutChangingAnything() {
            Element back = one(page, "a[data-privacy-back]");

            assertThat(back.attr("href")).isEqualTo("/pricing?plan=team");
            assertThat(back.text()).isEqualTo("Revenir à la page sans rien changer");
        }

        @Test
        void hasNoScriptSinceItIsThePathForVisitorsWithoutOne() {
            assertThat(page.select("script")).isEmpty();
        }
    }
}
