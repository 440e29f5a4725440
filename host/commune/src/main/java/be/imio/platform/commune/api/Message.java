package be.imio.platform.commune.api;

import java.util.List;
import java.util.Locale;
import java.util.Objects;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Texts;

/**
 * Words for people, kept as a key of the engine's texts ({@code OSGI-INF/l10n/engine.properties},
 * {@code _en}, {@code _de}) and its arguments, and turned into words only when shown, in the
 * reader's language: {@link #in(Locale)}. An argument is text, or a message itself, shown in the
 * same language (a reason inside another). A text its author gave in French and English only (a
 * module's own health check, an older journal row) is the message {@link #PAIR}, shown in English
 * to English readers and in French to the others. A day or a time is the message {@link #day} or
 * {@link #time} of an instant, written as Belgians write it in each language, in Brussels time
 * (30/11/2026 in French and English, 30.11.2026 in German; 15:04).
 */
public record Message(String key, List<Object> arguments) {

    /** The key of a text given in French and English: its arguments are the French, then the English. */
    public static final String PAIR = "pair";

    /**
     * The key of a text its author gave in each language (a module's health verdict): its arguments
     * are the French, the English and the German, in the order of {@link Texts#LANGUAGES}.
     */
    public static final String GIVEN = "given";

    /** The key of a day: its one argument is an ISO-8601 instant (RFC 3339). */
    public static final String DAY = "day";
    /** The key of a time of day: its one argument is an ISO-8601 instant (RFC 3339). */
    public static final String TIME = "time";


    private static final Texts TEXTS = Texts.of(Message.class.getClassLoader(), "engine");

    public Message {
        Objects.requireNonNull(key, "key");
        arguments = List.copyOf(arguments.stream().map(a -> a instanceof Message ? a : String.valueOf(a)).toList());
    }

    /** The message {@code key} with {@code arguments}: each a {@link Message} or kept as its text. */
    public static Message of(String key, Object... arguments) {
        return new Message(key, List.of(arguments));
    }

    /** A text given in French and English by its author. */
    public static Message pair(String french, String english) {
        return new Message(PAIR, List.of(french == null ? "" : french, english == null ? "" : english));
    }

    /**
     * A text journalled before messages were, as {@code "français / English"}: the pair it holds when
     * it is exactly one such pair, else the text itself in every language ({@code "?"} when blank).
     */
    public static Message journalled(String text) {
        return text == null || text.isBlank() ? pair("?", "?") : pairIn(text).orElse(pair(text, text));
    }

    /**
     * The pair {@code text} holds when it is exactly one {@code "français / English"} pair (one
     * {@code " / "}, text on both sides), as the journal and older causes wrote them; else empty.
     */
    public static java.util.Optional<Message> pairIn(String text) {
        int slash = text == null ? -1 : text.indexOf(" / ");
        return slash > 0 && slash + 3 < text.length() && text.indexOf(" / ", slash + 3) < 0
                ? java.util.Optional.of(pair(text.substring(0, slash), text.substring(slash + 3)))
                : java.util.Optional.empty();
    }

    /** The words {@code inLanguage} gives in each language the platform speaks, kept as they are now. */
    public static Message given(java.util.function.Function<Locale, String> inLanguage) {
        return new Message(GIVEN, Texts.LANGUAGES.stream().map(language -> {
            String words = inLanguage.apply(language);
            return (Object) (words == null ? "" : words);
        }).toList());
    }

    /** This message, as the SDK's texts carry one: to give a {@link be.imio.platform.api.HealthStatus} its words. */
    public be.imio.platform.api.Message words() {
        return be.imio.platform.api.Message.written(this::in);
    }

    /** The day of {@code at} in Brussels. */
    public static Message day(java.time.Instant at) {
        return new Message(DAY, List.of(at.toString()));
    }

    /** The time of day of {@code at} in Brussels. */
    public static Message time(java.time.Instant at) {
        return new Message(TIME, List.of(at.toString()));
    }

    /**
     * The words in French, then in English ({@code "français / English"}), as the journal, the logs
     * and the shell write them; once when both are the same.
     */
    public String inFrenchThenEnglish() {
        return words().inFrenchThenEnglish();
    }

    /** The words in {@code language} (French, English or German; French for any other). */
    public String in(Locale language) {
        if ((DAY.equals(key) || TIME.equals(key)) && arguments.size() == 1) {
            try {
                var local = java.time.Instant.parse(String.valueOf(arguments.get(0))).atZone(BelgianFormats.BRUSSELS);
                return TIME.equals(key) ? BelgianFormats.time(language, local.toLocalTime())
                        : BelgianFormats.date(language, local.toLocalDate());
            } catch (java.time.format.DateTimeParseException e) {
                return "?";
            }
        }
        if (GIVEN.equals(key) && arguments.size() == Texts.LANGUAGES.size()) {
            int index = Texts.LANGUAGES.indexOf(Texts.LANGUAGES.stream()
                    .filter(offered -> offered.getLanguage().equals(language.getLanguage())).findFirst().orElse(Texts.FRENCH));
            return String.valueOf(arguments.get(index));
        }
        if (PAIR.equals(key) && arguments.size() == 2) {
            return String.valueOf(arguments.get(Texts.ENGLISH.getLanguage().equals(language.getLanguage()) ? 1 : 0));
        }
        Object[] words = arguments.stream().map(a -> a instanceof Message m ? m.in(language) : a).toArray();
        return TEXTS.get(language, key, words);
    }
}
