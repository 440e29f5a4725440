package be.imio.platform.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Properties;

import org.osgi.framework.Bundle;

/**
 * A module's texts in French and English, from its bundle: {@code OSGI-INF/l10n/<name>.properties}
 * (French, the default, UTF-8) and {@code OSGI-INF/l10n/<name>_en.properties}. A key missing in
 * English falls back to French, and a key missing in both shows as itself, so a forgotten text is
 * visible instead of blank. Placeholders are {@code {0}}, {@code {1}}...; apostrophes need no
 * escaping.
 */
public final class Texts {

    /** The language of commune staff and citizens first; English on request. */
    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;

    private final Properties french;
    private final Properties english;

    private Texts(Properties french, Properties english) {
        this.french = french;
        this.english = english;
    }

    /** The texts named {@code name} in {@code bundle}. */
    public static Texts of(Bundle bundle, String name) {
        return new Texts(load(bundle.getEntry("OSGI-INF/l10n/" + name + ".properties")),
                load(bundle.getEntry("OSGI-INF/l10n/" + name + "_en.properties")));
    }

    /**
     * The language to answer in: English when asked explicitly ({@code lang=en}) or when the
     * browser prefers English to French; French otherwise.
     */
    public static Locale language(String explicit, String acceptLanguage) {
        if (explicit != null && !explicit.isBlank()) {
            return explicit.strip().toLowerCase(Locale.ROOT).startsWith("en") ? ENGLISH : FRENCH;
        }
        if (acceptLanguage != null) {
            for (String range : acceptLanguage.toLowerCase(Locale.ROOT).split(",")) {
                String tag = range.strip();
                if (tag.startsWith("fr")) {
                    return FRENCH;
                }
                if (tag.startsWith("en")) {
                    return ENGLISH;
                }
            }
        }
        return FRENCH;
    }

    /** The text of {@code key} in {@code language}, with {@code {n}} replaced by {@code arguments[n]}. */
    public String get(Locale language, String key, Object... arguments) {
        String text = ENGLISH.getLanguage().equals(language.getLanguage()) ? english.getProperty(key) : null;
        if (text == null) {
            text = french.getProperty(key, key);
        }
        for (int i = 0; i < arguments.length; i++) {
            text = text.replace("{" + i + "}", String.valueOf(arguments[i]));
        }
        return text;
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
