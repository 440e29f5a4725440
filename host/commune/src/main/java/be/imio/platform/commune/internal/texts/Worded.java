package be.imio.platform.commune.internal.texts;

import be.imio.platform.commune.api.Message;

/**
 * A failure that carries its words for staff as a {@link Bilingual} (a module found unhealthy,
 * module code interrupted, a file or metadata the host refused): the operation's reason quotes
 * them as they are, in each language, German included.
 */
public interface Worded {

    /** Why, for staff. */
    Bilingual words();

    /**
     * The technical message behind the words (Java's, the server's, untranslated), for the log and
     * an operation's detail; null when the words say it all.
     */
    default String technical() {
        return null;
    }

    /**
     * What a failure's message is: {@code words}' French, {@code " / "}, its English, then
     * {@code technical} when given (Java's or the server's own words, untranslated, kept for the
     * log and the operation's detail but not quoted in reasons).
     */
    static String stored(Bilingual words, String technical) {
        return technical == null ? words.stored() : words.stored() + technical;
    }

    /**
     * {@code failure}'s words, to quote in a message: its {@link Message} when it is {@link Worded},
     * else its text as {@link Message#journalled} reads one.
     */
    static Message message(Throwable failure) {
        if (failure instanceof Worded worded) {
            return worded.words().message();
        }
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return Message.journalled(text);
    }
}
