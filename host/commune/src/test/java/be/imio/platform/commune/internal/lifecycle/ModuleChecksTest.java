package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;

/** A module's failing verdict, quoted inside the host's reason in the reader's language. */
class ModuleChecksTest {

    private static Message reason(HealthStatus verdict) {
        return Message.of("health.check-down", ModuleChecks.quoted(verdict));
    }

    @Test
    void aVerdictWordedInEachLanguageIsQuotedInEach() {
        HealthStatus worded = HealthStatus.of(HealthStatus.State.DOWN, be.imio.platform.api.Message.written(language ->
                switch (language.getLanguage()) {
                    case "en" -> "the register cannot be read";
                    case "de" -> "das Register ist nicht lesbar";
                    default -> "le registre est illisible";
                }));
        assertEquals("contrôle de santé en échec : le registre est illisible", reason(worded).in(Texts.FRENCH));
        assertEquals("das Register ist nicht lesbar", ModuleChecks.quoted(worded).in(Texts.GERMAN));
        assertEquals("the register cannot be read", ModuleChecks.quoted(worded).in(Texts.ENGLISH));
    }

    @Test
    void anOlderFrenchSlashEnglishVerdictIsSplitAndAPlainOneKeptWhole() {
        HealthStatus pair = HealthStatus.down("base illisible / database unreadable");
        assertEquals("base illisible", ModuleChecks.quoted(pair).in(Texts.FRENCH));
        assertEquals("database unreadable", ModuleChecks.quoted(pair).in(Texts.ENGLISH));
        HealthStatus plain = HealthStatus.down("boom");
        assertEquals("boom", ModuleChecks.quoted(plain).in(Texts.GERMAN));
    }

    @Test
    void aQuotedVerdictSurvivesTheJournal() {
        HealthStatus worded = HealthStatus.of(HealthStatus.State.DOWN, be.imio.platform.api.Message.written(language ->
                language.getLanguage().equals("de") ? "kaputt" : "cassé"));
        Message given = ModuleChecks.quoted(worded);
        Message copy = new Message(given.key(), given.arguments());
        assertEquals("kaputt", copy.in(Texts.GERMAN));
        assertEquals("cassé", copy.in(Texts.FRENCH));
    }
}
