package be.imio.platform.commune.internal.sync;

import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.texts.Worded;
import be.imio.platform.trust.MetadataException;

/** Metadata this host refuses for a reason of its own, worded as a {@link Message}; its message is French / English. */
final class RefusedMetadata extends MetadataException implements Worded {
    private static final long serialVersionUID = 1L;
    private final transient Bilingual words;

    RefusedMetadata(Message message) {
        this(message, null);
    }

    /** {@code technical}: what follows the English, untranslated ({@link Worded#stored}). */
    RefusedMetadata(Message message, String technical) {
        super(Worded.stored(Bilingual.of(message), technical));
        this.words = Bilingual.of(message);
    }

    @Override
    public Bilingual words() {
        return words;
    }
}
