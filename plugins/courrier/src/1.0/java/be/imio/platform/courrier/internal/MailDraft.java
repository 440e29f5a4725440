package be.imio.platform.courrier.internal;

import java.time.Clock;
import java.time.LocalDate;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * A letter as staff typed it, checked before it is registered: direction, correspondent,
 * subject, date (ISO {@code 2026-11-29} or Belgian {@code 29/11/2026}, not in the future) and
 * the service it goes to.
 */
record MailDraft(Direction direction, String correspondent, String subject, LocalDate date, String service) {

    /** A letter from the JSON API's body. */
    static MailDraft parse(JsonNode json, Clock clock, Texts texts) throws InvalidInput {
        return parse(json, new JsonFields(json), clock, texts);
    }

    /** A letter from {@code json} read through {@code fields} (the API's body, or a page's form: {@link JsonFields#ofForm}). */
    static MailDraft parse(JsonNode json, JsonFields fields, Clock clock, Texts texts) throws InvalidInput {
        Direction direction = Direction.parse(json.path("direction").asText(null));
        if (direction == null) {
            fields.reject("direction", texts.message("error.direction"));
        }
        String correspondent = fields.text("correspondent", 200, texts.message("field.correspondent"));
        String subject = fields.text("subject", 300, texts.message("field.subject"));
        String service = fields.text("service", 100, texts.message("field.service"));
        LocalDate date = fields.date("date");
        if (date != null && date.isAfter(LocalDate.now(clock))) {
            fields.reject("date", texts.message("error.date_future"));
        }
        if (!fields.valid()) {
            throw new InvalidInput(fields);
        }
        return new MailDraft(direction, correspondent, subject, date, service);
    }
}
