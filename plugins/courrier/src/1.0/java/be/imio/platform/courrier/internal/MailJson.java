package be.imio.platform.courrier.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.web.json.JsonAnswers;

/** A letter in JSON. */
final class MailJson {

    static final ObjectMapper JSON = JsonAnswers.JSON;

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
}
