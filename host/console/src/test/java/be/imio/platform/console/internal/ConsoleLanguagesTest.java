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
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The platform's texts, of every bundle of the build ({@code host/<bundle>/src/main/resources/
 * OSGI-INF/l10n/<name>*.properties}: the console's, the engine's, the SDK's...): for each name,
 * French, English and German have the same keys and the same placeholders, none empty; and every
 * text key a bundle's code names exists, so that no page, refusal or health reason ever shows a
 * key instead of its text.
 */
class ConsoleLanguagesTest {

    /** A string literal in Java code. */
    private static final Pattern LITERAL = Pattern.compile("\"([a-z][a-zA-Z0-9]*(?:\\.[a-zA-Z0-9-]+)+)\"");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\d+}");
    /** A block or line comment (good enough for this build's sources: no comment markers inside strings). */
    private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//[^\\n]*", Pattern.DOTALL);

    /** A bundle's texts of one name: {@code console}, {@code engine}... */
    private record Family(Path bundle, String name) {

        Path file(String suffix) {
            return bundle.resolve("src/main/resources/OSGI-INF/l10n/" + name + suffix + ".properties");
        }

        @Override
        public String toString() {
            return bundle.getFileName() + "/" + name;
        }
    }

    /** Every family of texts of every bundle beside this one (and this one's). */
    private static List<Family> families() throws IOException {
        Path host = Path.of("").toAbsolutePath().getParent();
        List<Family> found = new ArrayList<>();
        try (Stream<Path> modules = Files.list(host)) {
            for (Path bundle : modules.sorted().toList()) {
                Path folder = bundle.resolve("src/main/resources/OSGI-INF/l10n");
                if (!Files.isDirectory(folder)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(folder)) {
                    files.map(f -> f.getFileName().toString()).filter(f -> f.endsWith(".properties"))
                            .map(f -> f.substring(0, f.length() - ".properties".length()))
                            .filter(n -> !n.matches(".*_[a-z]{2}")).sorted()
                            .forEach(n -> found.add(new Family(bundle, n)));
                }
            }
        }
        return found;
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
    void theConsoleBothRolesPagesTheEngineAndTheSdkHaveTexts() throws IOException {
        Set<String> names = families().stream().map(Family::toString).collect(Collectors.toSet());
        assertTrue(names.containsAll(Set.of("console/console", "commune/console", "repository/console", "commune/engine",
                "api/imio-sdk")), "families of texts: " + names);
    }

    @Test
    void everyTextIsInEveryLanguageWithTheSamePlaceholders() throws IOException {
        for (Family family : families()) {
            Properties french = load(family.file(""));
            for (String language : List.of("en", "de")) {
                Properties other = load(family.file("_" + language));
                String where = family + " " + language;
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
        Map<Path, Set<String>> byBundle = new java.util.TreeMap<>();
        for (Family family : families()) {
            byBundle.computeIfAbsent(family.bundle(), b -> new java.util.HashSet<>())
                    .addAll(load(family.file("")).stringPropertyNames());
        }
        for (Map.Entry<Path, Set<String>> entry : byBundle.entrySet()) {
            Path bundle = entry.getKey();
            Set<String> keys = entry.getValue();
            Set<String> prefixes = keys.stream().map(k -> k.substring(0, k.indexOf('.') + 1)).filter(p -> !p.isEmpty())
                    .collect(Collectors.toSet());
            List<Path> sources;
            try (Stream<Path> files = Files.walk(bundle.resolve("src/main/java"))) {
                sources = files.filter(f -> f.toString().endsWith(".java")).toList();
            }
            for (Path source : sources) {
                // Comments may quote a key as an example; only code names texts.
                String code = COMMENT.matcher(Files.readString(source, StandardCharsets.UTF_8)).replaceAll(" ");
                Matcher literal = LITERAL.matcher(code);
                while (literal.find()) {
                    String named = literal.group(1);
                    if (prefixes.stream().anyMatch(named::startsWith) && !keys.contains(named)) {
                        missing.add(bundle.getFileName() + ": " + source.getFileName() + " names " + named);
                    }
                }
            }
        }
        assertTrue(missing.isEmpty(), "texts named in code but missing from the bundle's texts:\n" + String.join("\n", missing));
    }
}
