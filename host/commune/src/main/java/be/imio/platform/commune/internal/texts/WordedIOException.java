package be.imio.platform.commune.internal.texts;

import java.io.IOException;

import be.imio.platform.commune.api.Message;

/** A failed transfer or file, for staff worded as a {@link Message}; its message is French {@code " / "} English. */
public class WordedIOException extends IOException implements Worded {
    private static final long serialVersionUID = 1L;
    private final transient Bilingual words;
    private final String technical;

    public WordedIOException(Message message) {
        this(message, null, null);
    }

    public WordedIOException(Message message, String technical, Throwable cause) {
        this(Bilingual.of(message), technical, cause);
    }

    private WordedIOException(Bilingual words, String technical, Throwable cause) {
        super(Worded.stored(words, technical), cause);
        this.words = words;
        this.technical = technical;
    }

    @Override
    public Bilingual words() {
        return words;
    }

    @Override
    public String technical() {
        return technical;
    }
}
