package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The language a shell session names, and a command's words in it. */
class ShellWordsTest {

    private final Texts texts = Texts.of(ShellWordsTest.class.getClassLoader(), "sample");

    private static Locale named(Object... variables) {
        Map<String, Object> session = new HashMap<>();
        for (int i = 0; i < variables.length; i += 2) {
            session.put((String) variables[i], variables[i + 1]);
        }
        return Texts.ofEnvironment(session::get);
    }

    @Test
    void aPosixLocaleNamesItsLanguageWhateverItsTerritoryCodesetOrModifier() {
        assertEquals(Texts.GERMAN, named("LANG", "de_BE.UTF-8"));
        assertEquals(Texts.GERMAN, named("LANG", "de"));
        assertEquals(Texts.FRENCH, named("LANG", "fr_BE@euro"));
        assertEquals(Texts.ENGLISH, named("LANG", "en_GB.ISO-8859-1"));
        assertEquals(Texts.ENGLISH, named("LANG", " EN_us.utf8 "));
        assertEquals(Texts.GERMAN, named("LANG", new StringBuilder("de_BE")), "a shell's word is any text");
    }

    @Test
    void cPosixAnotherLanguageOrNothingNameNone() {
        assertNull(named());
        assertNull(named("LANG", "C.UTF-8"));
        assertNull(named("LANG", "POSIX"));
        assertNull(named("LANG", "nl_BE.UTF-8"), "Dutch is not offered: French then English");
        assertNull(named("LANG", "french"));
        assertNull(named("LANG", 42), "a session variable that is no string");
    }

    @Test
    void lcAllThenLcMessagesThenLangAsPosixOrdersThem() {
        assertEquals(Texts.ENGLISH, named("LC_ALL", "en_US.UTF-8", "LC_MESSAGES", "de_DE", "LANG", "fr_BE"));
        assertEquals(Texts.GERMAN, named("LC_MESSAGES", "de_DE", "LANG", "fr_BE"));
        assertEquals(Texts.FRENCH, named("LC_ALL", "", "LANG", "fr_BE"), "an empty variable is not set");
        assertNull(named("LC_ALL", "C", "LANG", "de_BE"), "the first set decides, even when it names none");
        assertEquals(Texts.GERMAN, named("LC_CTYPE", "en_US.UTF-8", "LANG", "de_BE"),
                "LC_CTYPE classifies characters; it names no language of messages");
    }

    @Test
    void aSessionThatNamesALanguageGetsItsWordsOnly() {
        ShellWords german = ShellWords.of(texts, Map.<String, Object>of("LANG", "de_BE.UTF-8")::get);
        assertEquals(Texts.GERMAN, german.reader());
        assertEquals("Posteingangsregister", german.say("title"));
        assertEquals(List.of("Posteingangsregister", "Seulement en français"), german.headers("title", "only.french"));
        Instant at = Instant.parse("2026-07-01T12:05:00Z");
        assertEquals(BelgianFormats.dateTime(Texts.GERMAN, at), german.dateTime(at));
        assertEquals("", german.dateTime(null));
    }

    @Test
    void aSessionThatNamesNoneFallsBackOnTheProcesssEnvironment() {
        Map<String, Object> none = Map.of("LANG", "C.UTF-8");
        assertEquals(Texts.ofEnvironment(System::getenv), ShellWords.of(texts, none::get).reader());
        assertEquals(Texts.ofEnvironment(System::getenv), Texts.ofShell(null));
        assertEquals(Texts.ENGLISH, Texts.ofShell(Map.<String, Object>of("LC_MESSAGES", "en")::get));
    }

    @Test
    void aReaderWhoNamedNoLanguageGetsFrenchThenEnglishOnceWhenTheSame() {
        ShellWords words = new ShellWords(texts, null);
        assertEquals("Registre du courrier / Mail registry", words.say("title"));
        assertEquals("Seulement en français", words.say("only.french"), "said once when both are the same");
        assertEquals("Bonjour Anne, l'objet est x / Hello Anne, the subject is x", words.say("greeting", "Anne", "x"));
        Instant at = Instant.parse("2026-07-01T12:05:00Z");
        assertEquals("01/07/2026 14:05", words.dateTime(at), "Brussels time, written alike in French and English: once");
    }

    @Test
    void messagesForAReaderWhoNamedNoLanguage() {
        Message message = Message.written(language -> language.getLanguage().equals("en") ? "done" : "fait");
        assertEquals("fait / done", message.inFrenchThenEnglish());
        assertEquals("fait / done", message.forReader(null));
        assertEquals("done", message.forReader(Texts.ENGLISH));
        assertEquals("fait", Message.written(language -> language.getLanguage().equals("en") ? "" : "fait")
                .inFrenchThenEnglish(), "no empty English half");
    }
}
