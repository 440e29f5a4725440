package be.imio.platform.courrier.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.web.json.JsonFields;

/**
 * A letter as staff typed it, checked before it is registered: direction, correspondent,
 * subject, date (ISO {@code 2026-11-29} or Belgian {@code 29/11/2026}, not in the future) and
 * the service it goes to.
 */
record MailDraft(Direction direction, String correspondent, String subject, LocalDate date, String service) {

    static MailDraft parse(JsonNode json, Clock clock) throws InvalidInput {
        Map<String, String> errors = new LinkedHashMap<>();
        Direction direction = Direction.parse(json.path("direction").asText(null));
        if (direction == null) {
            errors.put("direction", "indiquez « entrant » ou « sortant » / give \"entrant\" (incoming) or \"sortant\" (outgoing)");
        }
        String correspondent = JsonFields.text(json, "correspondent", 200, "l'expéditeur ou le destinataire",
                "the sender or recipient", errors);
        String subject = JsonFields.text(json, "subject", 300, "l'objet", "the subject", errors);
        String service = JsonFields.text(json, "service", 100, "le service", "the service", errors);
        LocalDate date = JsonFields.date(json, "date", errors);
        if (date != null && date.isAfter(LocalDate.now(clock))) {
            errors.put("date", "la date ne peut pas être dans le futur / the date cannot be in the future");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new MailDraft(direction, correspondent, subject, date, service);
    }
}
