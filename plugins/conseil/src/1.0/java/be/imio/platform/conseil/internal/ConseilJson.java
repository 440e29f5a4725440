package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;

/** The module's JSON: meetings with their agenda, errors in French then English, the checks of every change. */
final class ConseilJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private ConseilJson() {
    }

    static ObjectNode of(Meeting meeting) {
        ObjectNode json = JSON.createObjectNode().put("id", meeting.id()).put("title", meeting.title())
                .put("heldAt", meeting.heldAt().toString()).put("place", meeting.place());
        ArrayNode agenda = json.putArray("agenda");
        for (AgendaItem item : meeting.agenda()) {
            agenda.addObject().put("id", item.id()).put("position", item.position()).put("title", item.title())
                    .put("public", item.isPublic()).put("decision", item.decision()).put("decidedBy", item.decidedBy())
                    .put("decidedAt", item.decidedAt() == null ? null : item.decidedAt().toString());
        }
        return json;
    }

    static void send(HttpServletResponse response, int status, JsonNode body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static void error(HttpServletResponse response, int status, String code, String message) throws IOException {
        send(response, status, JSON.createObjectNode().put("error", code).put("message", message));
    }

    static void invalid(HttpServletResponse response, Map<String, String> errors) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("error", "invalid").put("message", String.join("; ", errors.values()));
        errors.forEach(body.putObject("fields")::put);
        send(response, 400, body);
    }

    /** The JSON object of a change by an administrator, or null once the request is answered (403, 415, 400). */
    static JsonNode change(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof Set<?> set) || !set.contains(WebContexts.ADMIN)) {
            error(response, 403, "forbidden", "réservé aux administrateurs / administrators only");
            return null;
        }
        if (request.getContentType() == null || !request.getContentType().startsWith("application/json")) {
            error(response, 415, "json_required", "corps JSON requis / a JSON body is required");
            return null;
        }
        try {
            JsonNode body = JSON.readTree(request.getInputStream().readNBytes(16 * 1024));
            return body != null && body.isObject() ? body : fail(response);
        } catch (IOException e) {
            return fail(response);
        }
    }

    private static JsonNode fail(HttpServletResponse response) throws IOException {
        error(response, 400, "bad_json", "corps JSON invalide / invalid JSON body");
        return null;
    }
}
