package be.imio.platform.courrier.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Every text of the register exists in French, English and German, and what the pages name has its text. */
class CourrierTextsTest {

    private final Texts texts = Texts.of(CourrierTextsTest.class.getClassLoader(), CourrierDatabase.MODULE);

    @Test
    void everyTextExistsInEveryLanguage() {
        assertEquals(Map.of(), texts.missingKeys());
    }

    @Test
    void everyStatusAndDirectionHasItsText() {
        for (Status status : Status.values()) {
            assertTrue(texts.keys(Texts.FRENCH).contains(status.key()), status.key());
        }
        for (Direction direction : Direction.values()) {
            assertTrue(texts.keys(Texts.GERMAN).contains("direction." + direction.id()), direction.id());
        }
        assertEquals("in Bearbeitung", texts.get(Texts.GERMAN, Status.IN_PROGRESS.key()));
    }
}
