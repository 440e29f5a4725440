package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.util.Map;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;

/** The register's JSON: letters, errors in French then English, and the checks of every change. */
final class MailJson {

    static final ObjectMapper JSON = new ObjectMapper();

    private MailJson() {
    }

    static ObjectNode of(Mail mail) {
        ObjectNode json = JSON.createObjectNode();
        json.put("reference", mail.reference().toString());
        json.put("direction", mail.direction().id());
        json.put("correspondent", mail.correspondent());
        json.put("subject", mail.subject());
        json.put("date", mail.date().toString());
        json.put("service", mail.service());
        json.put("status", mail.status().id());
        json.put("statusLabel", mail.status().french() + " / " + mail.status().english());
        json.put("registeredBy", mail.registeredBy());
        json.put("registeredAt", mail.registeredAt().toString());
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

    static void invalid(HttpServletResponse response, InvalidInput invalid) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("error", "invalid").put("message", invalid.getMessage());
        ObjectNode fields = body.putObject("fields");
        for (Map.Entry<String, String> field : invalid.fields().entrySet()) {
            fields.put(field.getKey(), field.getValue());
        }
        send(response, 400, body);
    }

    /**
     * The JSON body of a change, or null once the request has been answered: only administrators
     * change the register (403), only with a JSON body (415), which a cross-site form cannot send.
     */
    static JsonNode change(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object roles = request.getAttribute(WebContexts.ROLES);
        if (!(roles instanceof Set<?> set) || !set.contains(WebContexts.ADMIN)) {
            error(response, 403, "forbidden", "réservé aux administrateurs / administrators only");
            return null;
        }
        String type = request.getContentType() == null ? "" : request.getContentType();
        if (!type.startsWith("application/json")) {
            error(response, 415, "json_required", "corps JSON requis / a JSON body is required");
            return null;
        }
        try {
            JsonNode body = JSON.readTree(request.getInputStream().readNBytes(16 * 1024));
            if (body == null || !body.isObject()) {
                throw new IOException("not an object");
            }
            return body;
        } catch (IOException e) {
            error(response, 400, "bad_json", "corps JSON invalide / invalid JSON body");
            return null;
        }
    }
}
