package be.imio.platform.api;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The words of one shell command for the person who runs it: a bundle's {@link Texts} and any
 * {@link Message}, in the language the shell session names ({@link Texts#ofShell}: {@code LANG = de}
 * typed in the session, the {@code LANG} an SSH client sent, else the instance's own environment),
 * or in French then English when it names none, as the platform writes for a reader who named no
 * language ({@link Message#forReader}). For the platform's Karaf commands and a module's own.
 *
 * @since 1.6
 */
public final class ShellWords {

    private final Texts texts;
    private final Locale reader;

    ShellWords(Texts texts, Locale reader) {
        this.texts = texts;
        this.reader = reader;
    }

    /**
     * @param texts the command's bundle's texts
     * @param session the session's variables, such as Karaf's {@code Session::get}; null outside a session
     */
    public static ShellWords of(Texts texts, Function<String, Object> session) {
        return new ShellWords(texts, Texts.ofShell(session));
    }

    /** The language the session names; null when it names none (French then English). */
    public Locale reader() {
        return reader;
    }

    /** The text {@code key} with {@code arguments} (messages among them put into the same words). */
    public String say(String key, Object... arguments) {
        return texts.forReader(reader, key, arguments);
    }

    /** {@code message} in the reader's words. */
    public String say(Message message) {
        return message.forReader(reader);
    }

    /** The texts {@code keys}, for a table's column titles. */
    public List<String> headers(String... keys) {
        return Arrays.stream(keys).map(this::say).toList();
    }

    /** {@code at} as Belgians read it (Europe/Brussels), in the reader's words; "" when null. */
    public String dateTime(Instant at) {
        return at == null ? "" : say(Message.written(language -> BelgianFormats.dateTime(language, at)));
    }
}
