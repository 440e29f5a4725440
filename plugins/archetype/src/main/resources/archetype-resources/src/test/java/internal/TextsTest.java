package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Every text of the module exists in French, English and German: no reader meets another language than theirs. */
class TextsTest {

    @Test
    void everyTextExistsInEveryLanguage() {
        assertEquals(Map.of(), Texts.of(TextsTest.class.getClassLoader(), ModuleDatabase.MODULE).missingKeys());
    }
}
