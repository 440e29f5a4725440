package be.imio.platform.repository.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;


import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.web.Languages;

/**
 * What the central repository says to people ({@code OSGI-INF/l10n/repository*.properties}), in
 * French, English and German, and its JSON refusals: {@code {"error": code, "message": ...,
 * "message_en": ...}}, the message in the language the request names, or in French then English
 * when it names none, as this API has always answered ({@link Languages#words}).
 */
public final class RepositoryTexts {

    /** The texts, in French, English and German. */
    public static final Texts TEXTS = Texts.of(RepositoryTexts.class.getClassLoader(), "repository");

    private RepositoryTexts() {
    }

    /** {@code key} with {@code arguments}, put into words in the reader's language. */
    public static Message message(String key, Object... arguments) {
        return TEXTS.message(key, arguments);
    }

    /** Answers {@code status} with {@code code} and the text {@code key}. */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
            String key, Object... arguments) throws IOException {
        refuse(request, response, status, code, message(key, arguments));
    }

    /**
     * Answers {@code status} with {@code code} and {@code message}; a refusal's reason phrase is
     * {@code code: English} ({@link JsonAnswers#send}), which Maven prints of a refused upload.
     */
    public static void refuse(HttpServletRequest request, HttpServletResponse response, int status, String code,
            Message message) throws IOException {
        JsonAnswers.error(request, response, status, code, message);
    }


}
