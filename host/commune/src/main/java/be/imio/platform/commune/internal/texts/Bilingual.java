package be.imio.platform.commune.internal.texts;

import java.util.Optional;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Refusal;

/**
 * A text for staff, as the journal keeps it: the {@link Message} (key and arguments, shown in the
 * reader's language, German included) and its French and English words, stored and sent as one
 * string {@code "français / English"} for the REST API's {@code reason} and for rows journalled
 * before messages were: so each part must not contain {@code " / "} itself, which the factories
 * ensure.
 */
public record Bilingual(String fr, String en, Message message) {

    static final String SEPARATOR = " / ";

    /** A text given in French and English only (a module's own health check, Karaf's words): its message is a pair. */
    public Bilingual(String fr, String en) {
        this(fr, en, Message.pair(fr, en));
    }

    /** Both parts, with any {@code " / "} inside them softened so that the stored form stays one pair. */
    public static Bilingual of(String fr, String en) {
        return new Bilingual(soften(fr), soften(en));
    }

    /** {@code message}, and its words in French and English. */
    public static Bilingual of(Message message) {
        return new Bilingual(soften(message.in(Texts.FRENCH)), soften(message.in(Texts.ENGLISH)), message);
    }

    /** A refusal's words, for the journal. */
    public static Bilingual of(Refusal refusal) {
        return of(refusal.asMessage());
    }

    /** {@code text} when it is exactly one {@code "français / English"} pair. */
    public static Optional<Bilingual> parse(String text) {
        return Message.pairIn(text).map(pair -> new Bilingual(String.valueOf(pair.arguments().get(0)),
                String.valueOf(pair.arguments().get(1))));
    }

    /** The French part, then the English part, as stored in the journal and sent in JSON. */
    public String stored() {
        return fr + SEPARATOR + en;
    }

    private static String soften(String text) {
        return text == null ? "" : text.replace(SEPARATOR, " - ").strip();
    }
}
