package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.web.Languages;

/**
 * Error answers of the platform's HTTP interfaces: a JSON body with a stable code for programs,
 * a message for people in the request's language ({@link Languages#of}) and the same in English
 * ({@code message_en}), as every JSON refusal of the platform.
 */
final class Problems {

    private Problems() {
    }

    /** Answers {@code status} with {@code code} and {@code key} of the web bundle's texts. */
    static void send(HttpServletRequest request, HttpServletResponse response, int status, String code, String key,
            Object... arguments) throws IOException {
        Message message = WebTexts.message(key, arguments);
        JsonAnswers.status(response, status, code + ": " + message.in(Texts.ENGLISH));
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":" + Text.json(code)
                + ",\"message\":" + Text.json(message.in(Languages.of(request)))
                + ",\"message_en\":" + Text.json(message.in(Texts.ENGLISH)) + "}\n");
        // Commit now: a security handler that returns false on an uncommitted answer gets it
        // replaced by the container's own 403 page.
        response.flushBuffer();
    }
}
