package be.imio.platform.commune.internal.texts;

import java.util.Optional;

/**
 * A text for staff in French and English. Stored and sent as one string, {@code "français /
 * English"}, the form the console splits to show the reader's language ({@link ConsoleView#bilingual}):
 * so each part must not contain {@code " / "} itself, which {@link #of} ensures.
 */
public record Bilingual(String fr, String en) {

    static final String SEPARATOR = " / ";

    /** Both parts, with any {@code " / "} inside them softened so that the stored form stays one pair. */
    public static Bilingual of(String fr, String en) {
        return new Bilingual(soften(fr), soften(en));
    }

    /** A refusal's words in French and English, for the journal. */
    public static Bilingual of(be.imio.platform.commune.api.Refusal refusal) {
        return of(refusal.message(be.imio.platform.api.Texts.FRENCH), refusal.message(be.imio.platform.api.Texts.ENGLISH));
    }

    /** {@code text} when it is exactly one {@code "français / English"} pair. */
    public static Optional<Bilingual> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        int slash = text.indexOf(SEPARATOR);
        if (slash <= 0 || slash + SEPARATOR.length() >= text.length() || text.indexOf(SEPARATOR, slash + 1) >= 0) {
            return Optional.empty();
        }
        return Optional.of(new Bilingual(text.substring(0, slash), text.substring(slash + SEPARATOR.length())));
    }

    /** The French part, then the English part, as stored in the journal and sent in JSON. */
    public String stored() {
        return fr + SEPARATOR + en;
    }

    private static String soften(String text) {
        return text == null ? "" : text.replace(SEPARATOR, " - ").strip();
    }
}
