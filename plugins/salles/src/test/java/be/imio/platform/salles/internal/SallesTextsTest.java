package be.imio.platform.salles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Every text of room booking exists in French, English and German. */
class SallesTextsTest {

    @Test
    void everyTextExistsInEveryLanguage() {
        Texts texts = Texts.of(SallesTextsTest.class.getClassLoader(), SallesDatabase.MODULE);
        assertEquals(Map.of(), texts.missingKeys());
        assertEquals("Woche vom 30.11.2026", texts.get(Texts.GERMAN, "week.caption", "30.11.2026"));
    }
}
