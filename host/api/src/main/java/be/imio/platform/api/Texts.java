package be.imio.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

import org.osgi.framework.Bundle;

/**
 * A bundle's texts in French, English and German, from its {@code OSGI-INF/l10n/<name>.properties}
 * (French, the default), {@code <name>_en.properties} and {@code <name>_de.properties}, all UTF-8.
 * A key missing in a language falls back to French, and a key missing in French shows as itself,
 * so a forgotten text is visible instead of blank. Placeholders are {@code {0}}, {@code {1}}...;
 * apostrophes need no escaping. French is the language of commune staff and citizens first;
 * German is an official language of nine communes of the Walloon Region.
 *
 * <p>Immutable once read, so one instance serves every request of a bundle. A text that must
 * travel before its language is known (an error found deep in a module, a field's problem) is a
 * {@link Message}: a key and arguments, put into words with {@link Message#in(Locale)} at the edge.
 */
public final class Texts {

    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;
    public static final Locale GERMAN = Locale.GERMAN;
    /** The languages offered to people, French first. */
    public static final List<Locale> LANGUAGES = List.of(FRENCH, ENGLISH, GERMAN);

    /** {@code {0}}, {@code {1}}...: where an argument goes. */
    private static final java.util.regex.Pattern PLACEHOLDER = java.util.regex.Pattern.compile("\\{(\\d{1,2})}");

    private final String name;
    private final Map<String, Properties> byLanguage;

    private Texts(String name, Map<String, Properties> byLanguage) {
        this.name = name;
        this.byLanguage = byLanguage;
    }

    /** The texts named {@code name} in {@code bundle}. */
    public static Texts of(Bundle bundle, String name) {
        return of(bundle::getEntry, name);
    }

    /**
     * The texts named {@code name} that {@code loader} finds ({@code OSGI-INF/l10n/<name>.properties}
     * and its translations): for a bundle's own classes, its own files; for a unit test, the files
     * under {@code src/main/resources} without a running framework.
     *
     * @since 1.6
     */
    public static Texts of(ClassLoader loader, String name) {
        return of(loader::getResource, name);
    }

    private static Texts of(java.util.function.Function<String, URL> entries, String name) {
        Map<String, Properties> byLanguage = new HashMap<>();
        byLanguage.put(FRENCH.getLanguage(), load(entries.apply("OSGI-INF/l10n/" + name + ".properties")));
        for (Locale language : LANGUAGES.subList(1, LANGUAGES.size())) {
            byLanguage.put(language.getLanguage(), load(entries.apply("OSGI-INF/l10n/" + name + "_"
                    + language.getLanguage() + ".properties")));
        }
        return new Texts(name, Map.copyOf(byLanguage));
    }

    /**
     * {@code key} with {@code arguments}, to be put into words later, in the reader's language.
     *
     * @since 1.6
     */
    public Message message(String key, Object... arguments) {
        return Message.of(this, key, arguments);
    }

    /**
     * The language to answer in: the one asked explicitly ({@code lang=en}, {@code lang=de}), else
     * the one of French, English and German that the browser's {@code Accept-Language} weighs most
     * (RFC 9110 section 12.5.4; of equal weights, the first it names), else French.
     */
    public static Locale language(String explicit, String acceptLanguage) {
        if (explicit != null && !explicit.isBlank()) {
            Locale asked = offered(explicit);
            return asked == null ? FRENCH : asked;
        }
        if (acceptLanguage != null) {
            // The offered language of highest weight; of equal weights, the first the reader lists.
            Locale best = null;
            double bestWeight = 0;
            for (String range : acceptLanguage.split(",")) {
                String[] parts = range.split(";");
                Locale offered = offered(parts[0]);
                double weight = weight(parts);
                if (offered != null && weight > bestWeight) {
                    best = offered;
                    bestWeight = weight;
                }
            }
            if (best != null) {
                return best;
            }
        }
        return FRENCH;
    }

    /** The {@code q} weight of a language range ({@code de;q=0.5}): 1 when none is given, 0 when unreadable. */
    private static double weight(String[] parts) {
        for (int i = 1; i < parts.length; i++) {
            String parameter = parts[i].strip();
            if (parameter.startsWith("q=")) {
                try {
                    return Double.parseDouble(parameter.substring(2));
                } catch (NumberFormatException e) {
                    return 0;
                }
            }
        }
        return 1;
    }

    /** The offered language {@code tag} names ({@code de}, {@code de-BE}...), or null. */
    private static Locale offered(String tag) {
        String language = tag.strip().toLowerCase(Locale.ROOT);
        for (Locale offered : LANGUAGES) {
            if (language.equals(offered.getLanguage()) || language.startsWith(offered.getLanguage() + "-")) {
                return offered;
            }
        }
        return null;
    }

    /**
     * The offered language that a POSIX locale environment names for messages, or null when it
     * names none of them: the first of {@code LC_ALL}, {@code LC_MESSAGES} and {@code LANG} that is
     * set and not empty decides (POSIX.1-2017, Base Definitions, section 8.2), read as
     * {@code language[_territory][.codeset][@modifier]}: {@code de_BE.UTF-8} is German,
     * {@code C}, {@code POSIX} and {@code nl_BE} name none.
     *
     * @param variables the environment, such as {@code System::getenv} or a shell session's variables;
     *     a value that is not text is taken as not set
     * @since 1.6
     */
    public static Locale ofEnvironment(java.util.function.Function<String, ?> variables) {
        for (String name : new String[] {"LC_ALL", "LC_MESSAGES", "LANG"}) {
            // A shell's variable may be any text (Gogo keeps an unquoted word as its own CharSequence).
            if (variables.apply(name) instanceof CharSequence value && !value.toString().isBlank()) {
                String language = value.toString().strip().split("[_.@]", 2)[0].toLowerCase(Locale.ROOT);
                return LANGUAGES.stream().filter(offered -> offered.getLanguage().equals(language)).findFirst().orElse(null);
            }
        }
        return null;
    }

    /**
     * The language a shell session's reader named: its own locale variables
     * ({@link #ofEnvironment}: those an SSH client sent, as OpenSSH's {@code SendEnv LANG LC_*} does,
     * or set in the session, {@code LANG = de}), else those of the process that runs the shell;
     * null when neither names French, English or German.
     *
     * @param session the session's variables, such as Karaf's {@code Session::get}; null for none
     * @since 1.6
     */
    public static Locale ofShell(java.util.function.Function<String, Object> session) {
        Locale named = session == null ? null : ofEnvironment(session);
        return named != null ? named : ofEnvironment(System::getenv);
    }

    /**
     * The text of {@code key} in the language the reader {@code named}, or in French then English
     * when null ({@link Message#forReader}).
     *
     * @since 1.6
     */
    public String forReader(Locale named, String key, Object... arguments) {
        return message(key, arguments).forReader(named);
    }

    /** The name of {@code language} in itself, as a language switch shows it: Français, English, Deutsch. */
    public static String nameOf(Locale language) {
        return switch (language.getLanguage()) {
            case "en" -> "English";
            case "de" -> "Deutsch";
            default -> "Français";
        };
    }

    /**
     * The text of {@code key} in {@code language}, with {@code {n}} replaced by {@code arguments[n]};
     * an argument that is a {@link Message} is put into words in the same language.
     */
    public String get(Locale language, String key, Object... arguments) {
        Properties texts = byLanguage.get(language.getLanguage());
        String text = texts == null ? null : texts.getProperty(key);
        if (text == null) {
            text = byLanguage.get(FRENCH.getLanguage()).getProperty(key, key);
        }
        // One pass over the text: an argument that itself holds "{1}" (a name taken from a checked
        // file, a visitor's input) is kept as it is, never filled in turn.
        java.util.regex.Matcher placeholder = PLACEHOLDER.matcher(text);
        StringBuilder words = new StringBuilder();
        while (placeholder.find()) {
            int index = Integer.parseInt(placeholder.group(1));
            String replacement = placeholder.group();
            if (index < arguments.length) {
                Object argument = arguments[index] instanceof Message message ? message.in(language) : arguments[index];
                replacement = String.valueOf(argument);
            }
            placeholder.appendReplacement(words, java.util.regex.Matcher.quoteReplacement(replacement));
        }
        placeholder.appendTail(words);
        return words.toString();
    }

    /** The keys of {@code language}'s file, to check that every language has every text. */
    public java.util.Set<String> keys(Locale language) {
        Properties texts = byLanguage.get(language.getLanguage());
        return texts == null ? java.util.Set.of() : texts.stringPropertyNames();
    }

    /**
     * For each language that lacks some, the keys another language has and it has not: empty when
     * every text exists in French, English and German. A module's unit test asserts it is empty,
     * so that no reader meets a text in another language than theirs. A language whose file is
     * absent lacks every key.
     *
     * @throws IllegalStateException when no language has a single text: the files are absent, or
     *         named otherwise than these texts, and an empty answer would prove nothing
     * @since 1.6
     */
    public Map<Locale, java.util.Set<String>> missingKeys() {
        java.util.Set<String> all = new java.util.TreeSet<>();
        LANGUAGES.forEach(language -> all.addAll(keys(language)));
        if (all.isEmpty()) {
            throw new IllegalStateException("no text in OSGI-INF/l10n/" + name + ".properties nor in its "
                    + "translations: the files are absent, empty, or named otherwise");
        }
        Map<Locale, java.util.Set<String>> missing = new java.util.LinkedHashMap<>();
        for (Locale language : LANGUAGES) {
            java.util.Set<String> lacking = new java.util.TreeSet<>(all);
            lacking.removeAll(keys(language));
            if (!lacking.isEmpty()) {
                missing.put(language, lacking);
            }
        }
        return missing;
    }

    private static Properties load(URL entry) {
        Properties texts = new Properties();
        if (entry != null) {
            try (InputStream in = entry.openStream()) {
                texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + entry + ": " + e.getMessage(), e);
            }
        }
        return texts;
    }
}
