package be.imio.platform.commune.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The console's texts exist in French, English and German alike: the same keys, the same placeholders. */
class ConsoleLanguagesTest {

    private static Properties load(String file) throws Exception {
        Properties texts = new Properties();
        try (InputStream in = ConsoleLanguagesTest.class.getClassLoader().getResourceAsStream("OSGI-INF/l10n/" + file)) {
            assertTrue(in != null, file + " exists");
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return texts;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = Pattern.compile("\\{\\d+}").matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @ParameterizedTest
    @ValueSource(strings = {"en", "de"})
    void everyTextIsInEveryLanguageWithTheSamePlaceholders(String language) throws Exception {
        Properties french = load("console.properties");
        Properties other = load("console_" + language + ".properties");
        assertEquals(new TreeSet<>(french.stringPropertyNames()), new TreeSet<>(other.stringPropertyNames()), language);
        for (String key : french.stringPropertyNames()) {
            assertEquals(placeholders(french.getProperty(key)), placeholders(other.getProperty(key)), language + " " + key);
            assertTrue(!other.getProperty(key).isBlank(), language + " " + key + " is empty");
        }
    }
}
