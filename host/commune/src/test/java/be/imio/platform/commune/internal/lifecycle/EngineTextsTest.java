package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/**
 * The engine's words for people ({@code OSGI-INF/l10n/engine*.properties}): every key in French,
 * English and German with the same placeholders, and every key the engine's code names exists, so
 * that no refusal ever reaches a person as a bare key.
 */
class EngineTextsTest {

    private static final Texts TEXTS = Texts.of(EngineTextsTest.class.getClassLoader(), "engine");
    private static final Pattern KEY = Pattern.compile("\"((?:refusal|reason|setting|health)\\.[a-z0-9.-]+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    @Test
    void everyTextIsInEveryLanguageWithTheSamePlaceholders() {
        Set<String> french = new TreeSet<>(TEXTS.keys(Texts.FRENCH));
        assertFalse(french.isEmpty());
        for (var language : Texts.LANGUAGES) {
            assertEquals(french, new TreeSet<>(TEXTS.keys(language)), language.toString());
            for (String key : french) {
                String text = TEXTS.get(language, key);
                assertFalse(text.isBlank(), language + " " + key);
                assertEquals(placeholders(TEXTS.get(Texts.FRENCH, key)), placeholders(text), language + " " + key);
            }
        }
    }

    @Test
    void everyKeyTheEngineNamesHasItsWords() throws IOException {
        Set<String> named = new TreeSet<>();
        try (Stream<Path> sources = Files.walk(Path.of("src/main/java"))) {
            for (Path source : sources.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = KEY.matcher(Files.readString(source));
                while (m.find()) {
                    named.add(m.group(1));
                }
            }
        }
        assertTrue(named.size() > 20, "the engine's refusals name their keys: " + named);
        Set<String> missing = new TreeSet<>(named);
        missing.removeAll(TEXTS.keys(Texts.FRENCH));
        assertEquals(Set.of(), missing);
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
