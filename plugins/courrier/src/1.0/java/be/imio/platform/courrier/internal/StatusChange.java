package be.imio.platform.courrier.internal;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * A letter moved on, as staff asked it: its next status (forward only, see {@link Status#next()}) and,
 * when given, the service it goes to. The same checks for the JSON API and the page's form.
 */
record StatusChange(Status status, String service) {

    /**
     * The change {@code json} asks of {@code mail}, read through {@code fields}; {@link InvalidInput}
     * names the field to correct, with {@code conflict} true when the status cannot follow the
     * letter's present one.
     */
    static StatusChange parse(JsonNode json, JsonFields fields, Mail mail, Texts texts) throws InvalidInput {
        Status next = Status.parse(json.path("status").asText(null));
        boolean conflict = false;
        if (next == null) {
            fields.reject("status", texts.message("error.bad_status"));
        } else if (!mail.status().next().contains(next)) {
            fields.reject("status", texts.message("error.bad_transition", texts.message(mail.status().key()),
                    texts.message(next.key())));
            conflict = true;
        }
        String service = null;
        if (json.hasNonNull("service")) {
            service = fields.text("service", 100, texts.message("field.service"));
        }
        if (!fields.valid()) {
            throw new InvalidInput(fields, conflict);
        }
        return new StatusChange(next, service);
    }
}
