package be.imio.platform.web.json;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reading the fields of a JSON body as people typed them: texts within limits, dates and times as
 * Belgians write them ({@code 29/11/2026}, {@code 29/11/2026 14:30}) or in ISO form, whole numbers
 * within bounds. Each problem goes into {@code errors} under the field's name, in French then
 * English, so that one answer lists everything to correct ({@link JsonAnswers#invalid}).
 *
 * @deprecated use {@link be.imio.platform.api.json.JsonFields}, whose problems are put into the
 *             request's language.
 */
@Deprecated
public final class JsonFields {

    public static final DateTimeFormatter BELGIAN_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu")
            .withResolverStyle(ResolverStyle.STRICT);
    public static final DateTimeFormatter BELGIAN_DATE_TIME = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private JsonFields() {
    }

    /** A required text of at most {@code max} characters, without control characters; stripped. */
    public static String text(JsonNode json, String field, int max, String french, String english,
            Map<String, String> errors) {
        String value = json.path(field).isTextual() ? json.path(field).asText().strip() : "";
        if (value.isEmpty()) {
            errors.put(field, "indiquez " + french + " / give " + english);
        } else if (value.length() > max) {
            errors.put(field, french + " : " + max + " caractères au plus / " + english + ": at most " + max
                    + " characters");
        } else if (value.chars().anyMatch(c -> c < 0x20)) {
            errors.put(field, french + " : caractères de contrôle interdits / " + english + ": no control characters");
        }
        return value;
    }

    /** {@code 29/11/2026} or {@code 2026-11-29}; null (and an error) otherwise. */
    public static LocalDate date(JsonNode json, String field, Map<String, String> errors) {
        LocalDate date = new be.imio.platform.api.json.JsonFields(json).date(field);
        if (date == null) {
            errors.put(field, "date attendue sous la forme 29/11/2026 / date expected as 29/11/2026");
        }
        return date;
    }

    /** {@code 29/11/2026 14:30} or {@code 2026-11-29T14:30}; null (and an error) otherwise. */
    public static LocalDateTime dateTime(JsonNode json, String field, Map<String, String> errors) {
        LocalDateTime dateTime = new be.imio.platform.api.json.JsonFields(json).dateTime(field);
        if (dateTime == null) {
            errors.put(field, "date et heure attendues sous la forme 29/11/2026 14:30 / date and time expected as"
                    + " 29/11/2026 14:30");
        }
        return dateTime;
    }

    /** A whole number from {@code min} to {@code max}; {@code min} (and an error) otherwise. */
    public static int number(JsonNode json, String field, int min, int max, Map<String, String> errors) {
        be.imio.platform.api.json.JsonFields fields = new be.imio.platform.api.json.JsonFields(json);
        int number = fields.number(field, min, max);
        if (!fields.valid()) {
            errors.put(field, "nombre entier de " + min + " à " + max + " attendu / a whole number from " + min
                    + " to " + max);
        }
        return number;
    }
}
