package be.imio.platform.trust;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;

/** Why a file breaks a release rule, for people ({@code OSGI-INF/l10n/trust*.properties}), in French, English and German. */
final class TrustTexts {

    private static final Texts TEXTS = Texts.of(TrustTexts.class.getClassLoader(), "trust");

    private TrustTexts() {
    }

    /** {@code key} with {@code arguments}, put into words in the reader's language. */
    static Message message(String key, Object... arguments) {
        return TEXTS.message(key, arguments);
    }
}
