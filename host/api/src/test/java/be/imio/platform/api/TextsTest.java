package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.Locale;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class TextsTest {

    /** A bundle whose entries are this test's resources. */
    private static Bundle bundle() {
        return (Bundle) Proxy.newProxyInstance(TextsTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> method.getName().equals("getEntry")
                        ? TextsTest.class.getClassLoader().getResource((String) args[0]) : null);
    }

    private final Texts texts = Texts.of(bundle(), "sample");

    @Test
    void frenchFirstEnglishOnRequest() {
        assertEquals("Registre du courrier", texts.get(Texts.FRENCH, "title"));
        assertEquals("Mail registry", texts.get(Texts.ENGLISH, "title"));
    }

    @Test
    void placeholdersAreFilledAndApostrophesKept() {
        assertEquals("Bonjour Anne, l'objet est <b>", texts.get(Texts.FRENCH, "greeting", "Anne", "<b>"));
        assertEquals("Hello Anne, the subject is x", texts.get(Texts.ENGLISH, "greeting", "Anne", "x"));
    }

    @Test
    void anArgumentHoldingAPlaceholderIsKeptAsItIs() {
        // A name taken from a checked file, or typed by a visitor, is never filled in turn.
        assertEquals("Bonjour {1}, l'objet est x", texts.get(Texts.FRENCH, "greeting", "{1}", "x"));
        assertEquals("Bonjour $1 \\0, l'objet est {0}", texts.get(Texts.FRENCH, "greeting", "$1 \\0", "{0}"));
        assertEquals("Bonjour Anne, l'objet est {1}", texts.get(Texts.FRENCH, "greeting", "Anne"),
                "a placeholder without its argument stays visible");
    }

    @Test
    void aMissingTextFallsBackToFrenchThenShowsItsKey() {
        assertEquals("Seulement en français", texts.get(Texts.ENGLISH, "only.french"));
        assertEquals("missing.key", texts.get(Texts.FRENCH, "missing.key"));
    }

    @Test
    void theLanguageIsFrenchUnlessEnglishOrGermanIsAskedOrPreferred() {
        assertEquals(Texts.FRENCH, Texts.language(null, null));
        assertEquals(Texts.ENGLISH, Texts.language("en", "fr-BE"));
        assertEquals(Texts.GERMAN, Texts.language("de", "fr-BE"));
        assertEquals(Texts.GERMAN, Texts.language("DE-be", null));
        assertEquals(Texts.FRENCH, Texts.language(null, "fr-BE,fr;q=0.9,en;q=0.8"));
        assertEquals(Texts.ENGLISH, Texts.language(null, "en-GB,en;q=0.9,fr;q=0.5"));
        assertEquals(Texts.GERMAN, Texts.language(null, "nl-BE,de;q=0.5"), "the first language offered, in the reader's order");
        assertEquals(Texts.GERMAN, Texts.language(null, "de-BE, fr;q=0.5"));
        assertEquals(Texts.FRENCH, Texts.language(null, "en;q=0, fr;q=0.1"), "q=0 means not this one");
        assertEquals(Texts.GERMAN, Texts.language(null, "en;q=0.1, de"), "the highest weight, not the first named");
        assertEquals(Texts.ENGLISH, Texts.language(null, "nl, en;q=0.7, de;q=0.7"), "of equal weights, the first named");
        assertEquals(Texts.FRENCH, Texts.language(null, "nl-BE,es"));
        assertEquals(Texts.FRENCH, Texts.language(null, "english,deutsch"), "a tag, not a word that starts like one");
        assertEquals(Locale.FRENCH, Texts.language("xx", null));
    }

    @Test
    void germanHasItsTextsAndFallsBackToFrench() {
        assertEquals("Posteingangsregister", texts.get(Texts.GERMAN, "title"));
        assertEquals("Hallo Anne, der Betreff ist x", texts.get(Texts.GERMAN, "greeting", "Anne", "x"));
        assertEquals("Seulement en français", texts.get(Texts.GERMAN, "only.french"));
        assertEquals(java.util.Set.of("title", "greeting"), texts.keys(Texts.GERMAN));
        assertEquals(java.util.List.of("Français", "English", "Deutsch"),
                Texts.LANGUAGES.stream().map(Texts::nameOf).toList());
    }
}
