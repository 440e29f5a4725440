package be.imio.platform.api.internal;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;

/** Not exported. The SDK's own texts ({@code OSGI-INF/l10n/imio-sdk*.properties} of the API bundle): what every module says alike. */
public final class SdkTexts {

    /** The texts, in French, English and German. */
    public static final Texts TEXTS = Texts.of(SdkTexts.class.getClassLoader(), "imio-sdk");

    private SdkTexts() {
    }

    /** {@code key} of the SDK's texts with {@code arguments}. */
    public static Message message(String key, Object... arguments) {
        return TEXTS.message(key, arguments);
    }
}
