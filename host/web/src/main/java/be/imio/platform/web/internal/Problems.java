package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletResponse;

/**
 * Error answers of the platform's HTTP interfaces: a JSON body with a stable code for programs and
 * a message for people, in French first and in English.
 */
final class Problems {

    private Problems() {
    }

    static void send(HttpServletResponse response, int status, String code, String messageFr, String messageEn)
            throws IOException {
        be.imio.platform.web.json.JsonAnswers.status(response, status, code + ": " + messageEn);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"error\":" + Text.json(code)
                + ",\"message\":" + Text.json(messageFr)
                + ",\"message_en\":" + Text.json(messageEn) + "}\n");
        // Commit now: a security handler that returns false on an uncommitted answer gets it
        // replaced by the container's own 403 page.
        response.flushBuffer();
    }
}
