package be.imio.platform.conseil.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Every text of the council's pages exists in French, English and German. */
class ConseilTextsTest {

    @Test
    void everyTextExistsInEveryLanguage() {
        Texts texts = Texts.of(ConseilTextsTest.class.getClassLoader(), ConseilDatabase.MODULE);
        assertEquals(Map.of(), texts.missingKeys());
        assertEquals("am 15.12.2026 um 20:00 Uhr", texts.get(Texts.GERMAN, "meeting.when", "15.12.2026", "20:00"));
    }
}
