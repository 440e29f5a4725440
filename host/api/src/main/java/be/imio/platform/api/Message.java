package be.imio.platform.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * A text not yet put into words: a key of a bundle's {@link Texts} and its arguments. Code that
 * finds a problem before it knows who reads it (a field's check, a refusal deep in a module)
 * returns a message; the page or the JSON answer puts it into the reader's language with
 * {@link #in(Locale)}, and into English for {@code message_en}. Immutable.
 *
 * @since 1.6
 */
public final class Message {

    private final Texts texts;
    private final String key;
    private final Object[] arguments;

    Message(Texts texts, String key, Object... arguments) {
        this.texts = Objects.requireNonNull(texts, "texts");
        this.key = Objects.requireNonNull(key, "key");
        this.arguments = arguments == null ? new Object[0] : arguments.clone();
    }

    /** The key in the bundle's texts, for tests and logs. */
    public String key() {
        return key;
    }

    /** The message in {@code language} (see {@link Texts#get}). */
    public String in(Locale language) {
        return texts.get(language, key, arguments);
    }

    @Override
    public String toString() {
        return key + Arrays.toString(arguments);
    }
}
