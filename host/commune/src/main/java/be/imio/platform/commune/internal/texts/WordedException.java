package be.imio.platform.commune.internal.texts;

import be.imio.platform.commune.api.Message;

/** A failure for staff worded as a {@link Message}; its message is French {@code " / "} English (see {@link Worded#stored}). */
public class WordedException extends Exception implements Worded {
    private static final long serialVersionUID = 1L;
    private final transient Bilingual words;
    private final String technical;

    public WordedException(Message message) {
        this(message, null);
    }

    public WordedException(Message message, String technical) {
        this(Bilingual.of(message), technical);
    }

    private WordedException(Bilingual words, String technical) {
        super(Worded.stored(words, technical));
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
