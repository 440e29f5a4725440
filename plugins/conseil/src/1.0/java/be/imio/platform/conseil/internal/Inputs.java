package be.imio.platform.conseil.internal;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

/** Reading what staff typed: texts within limits, Belgian dates and times, positions. */
final class Inputs {

    static final DateTimeFormatter BELGIAN = DateTimeFormatter.ofPattern("dd/MM/uuuu HH:mm")
            .withResolverStyle(ResolverStyle.STRICT);

    private Inputs() {
    }

    static String text(JsonNode json, String field, int max, String french, String english, Map<String, String> errors) {
        String value = json.path(field).isTextual() ? json.path(field).asText().strip() : "";
        if (value.isEmpty()) {
            errors.put(field, "indiquez " + french + " / give " + english);
        } else if (value.length() > max) {
            errors.put(field, french + " : " + max + " caractères au plus / " + english + ": at most " + max + " characters");
        }
        return value;
    }

    /** {@code 15/12/2026 20:00} or ISO {@code 2026-12-15T20:00}. */
    static LocalDateTime dateTime(JsonNode json, String field, Map<String, String> errors) {
        String value = json.path(field).asText("").strip();
        try {
            return value.contains("/") ? LocalDateTime.parse(value, BELGIAN) : LocalDateTime.parse(value);
        } catch (DateTimeParseException e) {
            errors.put(field, "date et heure attendues sous la forme 15/12/2026 20:00 / date and time expected as"
                    + " 15/12/2026 20:00");
            return null;
        }
    }

    /** A whole number from {@code min} to {@code max}. */
    static int number(JsonNode json, String field, int min, int max, Map<String, String> errors) {
        JsonNode value = json.path(field);
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            errors.put(field, "nombre entier de " + min + " à " + max + " attendu / a whole number from " + min
                    + " to " + max);
            return min;
        }
        return value.asInt();
    }
}
