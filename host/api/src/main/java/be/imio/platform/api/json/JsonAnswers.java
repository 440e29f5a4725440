package be.imio.platform.api.json;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.internal.SdkTexts;
import be.imio.platform.api.web.Languages;

/**
 * JSON answers of REST endpoints: results, and errors as {@code {"error": code, "message": ...,
 * "message_en": ...}}, where {@code error} is a stable code for programs, {@code message} is for
 * the person who asked, in the language the request names ({@link Languages#named}), or in French
 * then English when it names none, as a program calling the API does ({@link Languages#words}),
 * and {@code message_en} is the same in English, for logs and tools. An error's code and English
 * message are also its HTTP reason phrase, the one part of a refusal that command-line clients
 * such as Maven print.
 */
public final class JsonAnswers {

    /** Longest reason phrase sent: Jetty sends at most 1,024 characters of it. */
    public static final int MAX_REASON = 1000;

    private JsonAnswers() {
    }

    /**
     * The JSON body of a state change, or null once the request has been answered: 403 when the
     * account is no administrator ({@link WebContexts#ROLES}), 415 when the body is not JSON (a
     * cross-site form cannot send JSON), 400 when it does not parse; at most {@code maxBytes} are read.
     */
    public static JsonNode adminChange(HttpServletRequest request, HttpServletResponse response, int maxBytes)
            throws IOException {
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof Set<?> set) || !set.contains(WebContexts.ADMIN)) {
            error(request, response, 403, "forbidden", SdkTexts.message("error.forbidden"));
            return null;
        }
        String type = request.getContentType() == null ? "" : request.getContentType();
        if (!type.startsWith("application/json")) {
            error(request, response, 415, "json_required", SdkTexts.message("error.json_required"));
            return null;
        }
        return readBody(request, response, maxBytes);
    }

    /**
     * The request's JSON body (at most {@code maxBytes}), or null after answering 400 when it is not
     * JSON, is longer, or cannot be read. An empty body reads as an empty object.
     */
    public static JsonNode readBody(HttpServletRequest request, HttpServletResponse response, int maxBytes)
            throws IOException {
        JsonNode body = parse(read(request, maxBytes));
        if (body == null) {
            error(request, response, 400, "bad_json", SdkTexts.message("error.bad_json"));
        }
        return body;
    }

    /**
     * At most {@code maxBytes} of the request's body; null when the body cannot be read (a chunk
     * size that is no number, a connection cut before the end): the client's request, not the
     * module, is at fault, and is answered as a body that is not JSON.
     */
    public static byte[] read(HttpServletRequest request, int maxBytes) {
        try {
            byte[] body = request.getInputStream().readNBytes(maxBytes + 1);
            // Longer than allowed: not cut to its first bytes, which could read as valid JSON.
            return body.length > maxBytes ? null : body;
        } catch (IOException unreadable) {
            return null;
        }
    }

    /**
     * {@code bytes} as JSON, an empty object when empty, null when they are not JSON (or null), and
     * when anything but blanks follows the first value ({@code {} garbage}).
     */
    public static JsonNode parse(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        try {
            JsonNode body = Json.ownReader().with(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .readTree(bytes);
            return body == null || body.isMissingNode() ? Json.object() : body;
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * {@code {"error": code, "message": ..., "message_en": ...}}: {@code message} in the language
     * the request names, else in French then English ({@link Languages#words}); {@code message_en}
     * in English. The one form of every JSON error of the platform and its modules.
     */
    public static ObjectNode error(HttpServletRequest request, String code, Message message) {
        return Json.object().put("error", code).put("message", Languages.words(request, message::in))
                .put("message_en", message.in(Texts.ENGLISH));
    }

    /** Answers {@code status} with {@link #error(HttpServletRequest, String, Message)}. */
    public static void error(HttpServletRequest request, HttpServletResponse response, int status, String code,
            Message message) throws IOException {
        send(response, status, error(request, code, message));
    }

    /**
     * Answers 400 naming every field to correct: {@code {"error": "invalid", "message": all problems,
     * "message_en": ..., "fields": {"date": "date attendue sous la forme 29/11/2026"}}}, each
     * problem worded as {@link #error} words its message.
     */
    public static void invalid(HttpServletRequest request, HttpServletResponse response, JsonFields fields)
            throws IOException {
        Map<String, Message> problems = fields.problems();
        Message all = Message.written(language -> String.join("; ", fields.problems(language).values()));
        ObjectNode body = error(request, "invalid", all);
        ObjectNode named = body.putObject("fields");
        problems.forEach((field, problem) -> named.put(field, Languages.words(request, problem::in)));
        send(response, 400, body);
    }

    /**
     * Answers {@code status} with {@code body}, not to be cached; an error's {@code error} code and
     * {@code message_en} go in the reason phrase too (see {@link #status}).
     */
    public static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
        String english = body.path("message_en").asText(null);
        if (status >= 400 && english != null) {
            status(response, status, body.path("error").asText("error") + ": " + english);
        } else {
            response.setStatus(status);
        }
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(Json.ownWriter().writeValueAsBytes(body));
    }

    /**
     * Sets {@code status} with {@code reason} as the HTTP reason phrase (RFC 9112, section 4):
     * printable ASCII only (anything else becomes {@code ?}; a reason phrase cannot carry a line
     * break), at most {@value #MAX_REASON} characters.
     */
    @SuppressWarnings("deprecation")
    public static void status(HttpServletResponse response, int status, String reason) {
        response.setStatus(status, reasonPhrase(reason));
    }

    /** {@code reason} as a reason phrase may carry it: see {@link #status}. */
    public static String reasonPhrase(String reason) {
        StringBuilder phrase = new StringBuilder();
        for (int i = 0; i < reason.length() && phrase.length() < MAX_REASON; i++) {
            char c = reason.charAt(i);
            phrase.append(c >= 0x20 && c <= 0x7E ? c : c == '\t' || c == '\n' || c == '\r' ? ' ' : '?');
        }
        return phrase.toString().strip();
    }
}
