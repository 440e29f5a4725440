package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import be.imio.platform.api.json.JsonAnswers;

/**
 * Error answers of the platform's HTTP interfaces: a JSON body with a stable code for programs,
 * a message for people and the same in English ({@code message_en}), as every JSON refusal of the
 * platform writes them ({@link JsonAnswers#error}).
 */
final class Problems {

    private Problems() {
    }

    /** Answers {@code status} with {@code code} and {@code key} of the web bundle's texts. */
    static void send(HttpServletRequest request, HttpServletResponse response, int status, String code, String key,
            Object... arguments) throws IOException {
        JsonAnswers.error(request, response, status, code, WebTexts.message(key, arguments));
        // Commit now: a security handler that returns false on an uncommitted answer gets it
        // replaced by the container's own 403 page.
        response.flushBuffer();
    }
}
