package be.imio.platform.courrier.internal;

import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A letter as staff typed it, checked before it is registered: direction, correspondent,
 * subject, date (ISO {@code 2026-11-29} or Belgian {@code 29/11/2026}, not in the future) and
 * the service it goes to.
 */
record MailDraft(Direction direction, String correspondent, String subject, LocalDate date, String service) {

    static final DateTimeFormatter BELGIAN = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);

    static MailDraft parse(JsonNode json, Clock clock) throws InvalidInput {
        Map<String, String> errors = new LinkedHashMap<>();
        Direction direction = Direction.parse(json.path("direction").asText(null));
        if (direction == null) {
            errors.put("direction", "indiquez « entrant » ou « sortant » / give \"entrant\" (incoming) or \"sortant\" (outgoing)");
        }
        String correspondent = text(json, "correspondent", 200, "l'expéditeur ou le destinataire",
                "the sender or recipient", errors);
        String subject = text(json, "subject", 300, "l'objet", "the subject", errors);
        String service = text(json, "service", 100, "le service", "the service", errors);
        LocalDate date = date(json.path("date").asText(""), "date", errors);
        if (date != null && date.isAfter(LocalDate.now(clock))) {
            errors.put("date", "la date ne peut pas être dans le futur / the date cannot be in the future");
        }
        if (!errors.isEmpty()) {
            throw new InvalidInput(errors);
        }
        return new MailDraft(direction, correspondent, subject, date, service);
    }

    static String text(JsonNode json, String field, int max, String french, String english, Map<String, String> errors) {
        String value = json.path(field).isTextual() ? json.path(field).asText().strip() : "";
        if (value.isEmpty()) {
            errors.put(field, "indiquez " + french + " / give " + english);
        } else if (value.length() > max) {
            errors.put(field, french + " : " + max + " caractères au plus / " + english + ": at most " + max + " characters");
        } else if (value.chars().anyMatch(c -> c < 0x20)) {
            errors.put(field, french + " : caractères de contrôle interdits / " + english + ": no control characters");
        }
        return value;
    }

    static LocalDate date(String text, String field, Map<String, String> errors) {
        String value = text.strip();
        try {
            return value.contains("/") ? LocalDate.parse(value, BELGIAN) : LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, "date attendue sous la forme 29/11/2026 / date expected as 29/11/2026 or 2026-11-29");
            return null;
        }
    }
}
