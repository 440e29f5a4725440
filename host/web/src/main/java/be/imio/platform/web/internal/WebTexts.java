package be.imio.platform.web.internal;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;

/** What the web bundle says to people ({@code OSGI-INF/l10n/web*.properties}), in French, English and German. */
final class WebTexts {

    static final Texts TEXTS = Texts.of(WebTexts.class.getClassLoader(), "web");

    private WebTexts() {
    }

    /** {@code key} with {@code arguments}, put into words in the reader's language. */
    static Message message(String key, Object... arguments) {
        return TEXTS.message(key, arguments);
    }
}
