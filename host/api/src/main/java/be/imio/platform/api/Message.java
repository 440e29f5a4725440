package be.imio.platform.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * A text not yet put into words: usually a key of a bundle's {@link Texts} and its arguments
 * ({@link Texts#message}). Code that finds a problem before it knows who reads it (a field's
 * check, a refusal deep in a module) returns a message; the page or the JSON answer puts it into
 * the reader's language with {@link #in(Locale)}, and into English for {@code message_en}. A
 * message given as an argument of another is put into the same language, so a time or a date
 * written differently in each language is a message too ({@link #written}). Immutable.
 *
 * @since 1.6
 */
public final class Message {

    private final String name;
    private final Function<Locale, String> words;

    private Message(String name, Function<Locale, String> words) {
        this.name = Objects.requireNonNull(name, "name");
        this.words = Objects.requireNonNull(words, "words");
    }

    static Message of(Texts texts, String key, Object... arguments) {
        Object[] kept = arguments == null ? new Object[0] : arguments.clone();
        return new Message(key + Arrays.toString(kept), language -> texts.get(language, key, kept));
    }

    /**
     * A message that code writes for each language: {@code Message.written(language ->
     * BelgianFormats.date(language, day))} is {@code 30/11/2026} in French and {@code 30.11.2026} in German.
     */
    public static Message written(Function<Locale, String> inLanguage) {
        return new Message("written", inLanguage);
    }

    /** The message in {@code language}. */
    public String in(Locale language) {
        return words.apply(language);
    }

    /**
     * The message in French, then in English ({@code "français / English"}): what the platform
     * writes for a reader who named no language (a program calling a JSON API, a shell session
     * without {@code LANG}) and in its journal and logs; once when both are the same or the English
     * is empty.
     *
     * @since 1.6
     */
    public String inFrenchThenEnglish() {
        String french = in(Texts.FRENCH);
        String english = in(Texts.ENGLISH);
        return french.equals(english) || english.isEmpty() ? french : french + " / " + english;
    }

    /**
     * The message in the language the reader named, or {@linkplain #inFrenchThenEnglish() in
     * French then English} when {@code named} is null.
     *
     * @since 1.6
     */
    public String forReader(Locale named) {
        return named == null ? inFrenchThenEnglish() : in(named);
    }

    /** Its key and arguments, for tests and logs. */
    @Override
    public String toString() {
        return name;
    }
}
