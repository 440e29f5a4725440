package be.imio.platform.courrier.internal;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;

/** A letter in JSON. */
final class MailJson {

    private MailJson() {
    }

    /** {@code statusLabel}, French then English, is kept as 1.0.0 released it; {@code statusText} is in {@code language}. */
    static ObjectNode of(Mail mail, Texts texts, java.util.Locale language) {
        ObjectNode json = Json.object();
        json.put("reference", mail.reference().toString());
        json.put("direction", mail.direction().id());
        json.put("correspondent", mail.correspondent());
        json.put("subject", mail.subject());
        json.put("date", mail.date().toString());
        json.put("service", mail.service());
        json.put("status", mail.status().id());
        // Kept as released in 1.0.0 for the programs that read it: French, then English.
        json.put("statusLabel", texts.get(Texts.FRENCH, mail.status().key()) + " / "
                + texts.get(Texts.ENGLISH, mail.status().key()));
        json.put("statusText", texts.get(language, mail.status().key()));
        json.put("registeredBy", mail.registeredBy());
        json.put("registeredAt", mail.registeredAt().toString());
        return json;
    }
}
