package be.imio.platform.web.json;

import java.io.IOException;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;

/**
 * JSON answers of REST endpoints: results, and errors with a code and a "français / English" message.
 *
 * @deprecated use {@link be.imio.platform.api.json.JsonAnswers}, which answers in the request's language.
 */
@Deprecated
public final class JsonAnswers {

    /**
     * A mapper of its own, kept for modules released against this package, which read it; changing
     * it changes nothing else.
     *
     * @deprecated use {@link be.imio.platform.api.json.Json}, whose reader and writer nobody can reconfigure.
     */
    @Deprecated
    public static final ObjectMapper JSON = new ObjectMapper();

    private JsonAnswers() {
    }

    /**
     * True when the request may change state: the account holds {@code admin} and the body is JSON
     * (a cross-site form cannot send that). Otherwise answers 403 or 415 and returns false.
     */
    private static boolean adminChangeAllowed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof Set<?> set) || !set.contains(WebContexts.ADMIN)) {
            send(response, 403, error("forbidden", "réservé aux administrateurs / administrators only"));
            return false;
        }
        String type = request.getContentType() == null ? "" : request.getContentType();
        if (!type.startsWith("application/json")) {
            send(response, 415, error("json_required", "corps JSON requis (Content-Type: application/json)"
                    + " / a JSON body is required"));
            return false;
        }
        return true;
    }

    /**
     * The JSON body of a state change, or null once the request has been answered: 403 when the
     * account is no administrator, 415 when the body is not JSON, 400 when it does not parse.
     */
    public static JsonNode adminChange(HttpServletRequest request, HttpServletResponse response, int maxBytes)
            throws IOException {
        return adminChangeAllowed(request, response) ? readBody(request, response, maxBytes) : null;
    }

    /**
     * The request's JSON body (at most {@code maxBytes}), or null after answering 400 when it is not
     * JSON. An empty body reads as an empty object.
     */
    public static JsonNode readBody(HttpServletRequest request, HttpServletResponse response, int maxBytes) throws IOException {
        JsonNode body = be.imio.platform.api.json.JsonAnswers.parse(be.imio.platform.api.json.JsonAnswers.read(request,
                maxBytes));
        if (body == null) {
            send(response, 400, error("bad_json", "corps JSON invalide / invalid JSON body"));
        }
        return body;
    }

    /** Answers 400 listing every field to correct: {@code {"error": "invalid", "message", "fields": {...}}}. */
    public static void invalid(HttpServletResponse response, java.util.Map<String, String> fields) throws IOException {
        ObjectNode body = error("invalid", String.join("; ", fields.values()));
        fields.forEach(body.putObject("fields")::put);
        send(response, 400, body);
    }

    /** Answers {@code status} with {@code {"error": code, "message": message, "message_en": ...}} (see {@link #error(String, String)}). */
    public static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        send(response, status, error(code, message));
    }

    /**
     * {@code {"error": code, "message": message, "message_en": ...}}: {@code message_en} is the
     * English half of a message written "français / English" (one {@code " / "}), else the message
     * itself, so that every error carries both fields.
     */
    public static ObjectNode error(String code, String message) {
        return JsonNodeFactory.instance.objectNode().put("error", code).put("message", message)
                .put("message_en", english(message));
    }

    /** The English half of {@code message} when it is one "français / English" pair; else {@code message}. */
    static String english(String message) {
        if (message == null) {
            return null;
        }
        int slash = message.indexOf(" / ");
        if (slash <= 0 || message.indexOf(" / ", slash + 1) >= 0 || slash + 3 >= message.length()) {
            return message;
        }
        return message.substring(slash + 3);
    }

    /**
     * Answers {@code status} with {@code body}; an error's {@code error} code and {@code message_en}
     * go in the reason phrase too (see {@link #status}).
     */
    public static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
        be.imio.platform.api.json.JsonAnswers.send(response, status, body);
    }

    /** Longest reason phrase sent: Jetty sends at most 1,024 characters of it. */
    static final int MAX_REASON = be.imio.platform.api.json.JsonAnswers.MAX_REASON;

    /**
     * Sets {@code status} with {@code reason} as the HTTP reason phrase (RFC 9112, section 4): the
     * only part of a refusal that command-line clients such as Maven print, which never show the
     * body. Printable ASCII only (anything else becomes {@code ?}; a reason phrase cannot carry a
     * line break), at most {@value #MAX_REASON} characters.
     */
    public static void status(HttpServletResponse response, int status, String reason) {
        be.imio.platform.api.json.JsonAnswers.status(response, status, reason);
    }

    /** {@code reason} as a reason phrase may carry it: see {@link #status}. */
    public static String reasonPhrase(String reason) {
        return be.imio.platform.api.json.JsonAnswers.reasonPhrase(reason);
    }
}
