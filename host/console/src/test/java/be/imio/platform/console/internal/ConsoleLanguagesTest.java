package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The console's texts, of this bundle and of every bundle of the build that contributes pages
 * ({@code host/<bundle>/src/main/resources/OSGI-INF/l10n/console*.properties}): French, English
 * and German have the same keys and the same placeholders, none empty; and every text key a
 * bundle's code names exists, so that no page ever shows a key instead of its text.
 */
class ConsoleLanguagesTest {

    /** A string literal in Java code. */
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9-]+)+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");

    /** Every bundle beside this one (and this one) with console texts. */
    private static List<Path> bundles() throws IOException {
        Path host = Path.of("").toAbsolutePath().getParent();
        try (Stream<Path> modules = Files.list(host)) {
            return modules.filter(m -> Files.isRegularFile(texts(m, ""))).sorted().toList();
        }
    }

    private static Path texts(Path bundle, String suffix) {
        return bundle.resolve("src/main/resources/OSGI-INF/l10n/console" + suffix + ".properties");
    }

    private static Properties load(Path file) throws IOException {
        Properties texts = new Properties();
        assertTrue(Files.isRegularFile(file), file + " exists");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            texts.load(in);
        }
        return texts;
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }

    @Test
    void theConsoleAndBothRolesPagesHaveTexts() throws IOException {
        Set<String> names = bundles().stream().map(b -> b.getFileName().toString()).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("console", "commune", "repository")), "bundles with console texts: " + names);
    }

    @Test
    void everyTextIsInEveryLanguageWithTheSamePlaceholders() throws IOException {
        for (Path bundle : bundles()) {
            Properties french = load(texts(bundle, ""));
            for (String language : List.of("en", "de")) {
                Properties other = load(texts(bundle, "_" + language));
                String where = bundle.getFileName() + " " + language;
                Set<String> onlyFrench = new TreeSet<>(french.stringPropertyNames());
                onlyFrench.removeAll(other.stringPropertyNames());
                Set<String> onlyOther = new TreeSet<>(other.stringPropertyNames());
                onlyOther.removeAll(french.stringPropertyNames());
                assertTrue(onlyFrench.isEmpty() && onlyOther.isEmpty(), where + ": only in French " + onlyFrench
                        + ", only in " + language + " " + onlyOther);
                for (String key : french.stringPropertyNames()) {
                    assertEquals(placeholders(french.getProperty(key)), placeholders(other.getProperty(key)), where + " " + key);
                    assertTrue(!other.getProperty(key).isBlank(), where + " " + key + " is empty");
                }
            }
        }
    }

    /**
     * A dotted literal in a bundle's code whose first part is that of one of its keys
     * ({@code "menu.catalogue"}, {@code "problem.not-found"}) names a text: it must exist.
     */
    @Test
    void everyKeyTheCodeNamesHasItsText() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path bundle : bundles()) {
            Set<String> keys = load(texts(bundle, "")).stringPropertyNames();
            Set<String> prefixes = keys.stream().map(k -> k.substring(0, k.indexOf('.') + 1)).filter(p -> !p.isEmpty())
                    .collect(Collectors.toSet());
            List<Path> sources;
            try (Stream<Path> files = Files.walk(bundle.resolve("src/main/java"))) {
                sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            }
            for (Path source : sources) {
                Matcher literal = LITERAL.matcher(Files.readString(source, StandardCharsets.UTF_8));
                while (literal.find()) {
                    String named = literal.group(1);
                    if (prefixes.stream().anyMatch(named::startsWith) && !keys.contains(named)) {
                        missing.add(bundle.getFileName() + ": " + source.getFileName() + " names " + named);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "texts named in code but missing from console.properties:\n" + String.join("\n", missing));
    }
}
