package be.imio.platform.api.json;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Message;
import be.imio.platform.api.internal.SdkTexts;

/**
 * The fields of one JSON body read as people type them: texts within limits, dates and times as
 * Belgians write them ({@code 29/11/2026}, {@code 29.11.2026}, {@code 29/11/2026 14:30}) or in ISO
 * form, whole numbers within bounds. Each problem is kept under its field's name as a
 * {@link Message}, so that one answer lists everything to correct, in the reader's language
 * ({@link JsonAnswers#invalid}). Not thread-safe: one per request.
 */
public final class JsonFields {

    // Day and month in one or two digits (1/12/2026 as 01/12/2026), the hour too (9:30).
    private static final DateTimeFormatter SLASHED_DATE = strict("d/M/uuuu");
    private static final DateTimeFormatter DOTTED_DATE = strict("d.M.uuuu");
    private static final DateTimeFormatter SLASHED_DATE_TIME = strict("d/M/uuuu H:mm");
    private static final DateTimeFormatter DOTTED_DATE_TIME = strict("d.M.uuuu H:mm");
    /** 29/11/2026, 1/12/2026, 29.11.2026 or 2026-11-29: a year from 1000 to 9999, as people write one. */
    private static final Pattern DATE_SHAPE = Pattern.compile("\\d{1,2}/\\d{1,2}/[1-9]\\d{3}|\\d{1,2}\\.\\d{1,2}\\.[1-9]\\d{3}"
            + "|[1-9]\\d{3}-\\d{2}-\\d{2}");
    /** 29/11/2026 14:30, 29.11.2026 14:30 (14h30 as well) or 2026-11-29T14:30 (seconds allowed in ISO form). */
    private static final Pattern DATE_TIME_SHAPE = Pattern.compile("\\d{1,2}/\\d{1,2}/[1-9]\\d{3} \\d{1,2}:\\d{2}"
            + "|\\d{1,2}\\.\\d{1,2}\\.[1-9]\\d{3} \\d{1,2}:\\d{2}|[1-9]\\d{3}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2})?");
    /** 14h30, as many Belgians write a time: read as 14:30. */
    private static final Pattern HOURS_WITH_H = Pattern.compile("(\\d)h(\\d{2})$");

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,10}");
    /** 1 500, 1.500, 1'500: thousands separated as Belgians write them (a space, a no-break space, a dot). */
    private static final Pattern GROUPED_NUMBER = Pattern.compile("-?\\d{1,3}(?:([ \\u00a0\\u202f.'])\\d{3})(?:\\1\\d{3}){0,2}");

    private final JsonNode body;
    private final boolean form;
    private final Map<String, Message> problems = new LinkedHashMap<>();

    /** The fields of {@code body}; a missing body has no fields. */
    public JsonFields(JsonNode body) {
        this(body, false);
    }

    private JsonFields(JsonNode body, boolean form) {
        this.body = body == null ? Json.object() : body;
        this.form = form;
    }

    /**
     * The fields of a form a page posted ({@code be.imio.platform.api.web.Call#form}), checked as
     * the JSON API checks them: the same rules, except that a form sends every value as text, so
     * {@link #number} reads a whole number written in digits ({@code "200"}).
     *
     * @since 1.1
     */
    public static JsonFields ofForm(JsonNode form) {
        return new JsonFields(form, true);
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern).withResolverStyle(ResolverStyle.STRICT);
    }

    /**
     * A required text of at most {@code max} characters, without control characters; stripped.
     * {@code label} names the field in the problem ("indiquez {@code label}"), as a module's text:
     * {@code texts.message("field.subject")}.
     */
    public String text(String field, int max, Message label) {
        String value = body.path(field).isTextual() ? body.path(field).asText().strip() : "";
        if (value.isEmpty()) {
            reject(field, SdkTexts.message("field.required", label));
        } else if (value.length() > max) {
            reject(field, SdkTexts.message("field.too_long", label, max));
        } else if (value.chars().anyMatch(JsonFields::hidden)) {
            reject(field, SdkTexts.message("field.control", label));
        }
        return value;
    }

    /**
     * A character people cannot see or that changes how the text around it reads: control
     * characters (C0, DEL, C1) and format characters (Unicode category Cf: bidirectional overrides
     * such as U+202E, zero-width spaces and joiners), which could make "gpj.exe" read "exe.jpg".
     */
    private static boolean hidden(int c) {
        return c < 0x20 || c >= 0x7f && c <= 0x9f || Character.getType(c) == Character.FORMAT;
    }

    /** {@code 29/11/2026}, {@code 1/12/2026}, {@code 29.11.2026} or {@code 2026-11-29}; null (and a problem) otherwise. */
    public LocalDate date(String field) {
        return parsed(field, DATE_SHAPE, SLASHED_DATE, DOTTED_DATE, LocalDate::parse, LocalDate::parse, "field.date");
    }

    /** {@code 29/11/2026 14:30}, {@code 29.11.2026 14:30} or {@code 2026-11-29T14:30}; null (and a problem) otherwise. */
    public LocalDateTime dateTime(String field) {
        return parsed(field, DATE_TIME_SHAPE, SLASHED_DATE_TIME, DOTTED_DATE_TIME, LocalDateTime::parse,
                LocalDateTime::parse, "field.date_time");
    }

    /** The field read with the Belgian form its separator shows, or in ISO form; null and {@code problem} otherwise. */
    private <T> T parsed(String field, Pattern shape, DateTimeFormatter slashed, DateTimeFormatter dotted,
            BiFunction<String, DateTimeFormatter, T> belgian, Function<String, T> iso, String problem) {
        String value = HOURS_WITH_H.matcher(body.path(field).asText("").strip()).replaceFirst("$1:$2");
        if (!shape.matcher(value).matches()) {
            // Four-digit years from 1000, no sign: what the formatters alone would take (-2026, +12026, 0000) is
            // no date people write, and year 0 would not read back as it was given.
            reject(field, SdkTexts.message(problem));
            return null;
        }
        try {
            return value.contains("/") ? belgian.apply(value, slashed)
                    : value.contains(".") ? belgian.apply(value, dotted) : iso.apply(value);
        } catch (DateTimeParseException e) {
            reject(field, SdkTexts.message(problem));
            return null;
        }
    }

    /** A whole number from {@code min} to {@code max}; {@code min} (and a problem) otherwise. */
    public int number(String field, int min, int max) {
        JsonNode value = body.path(field);
        if (form && value.isTextual()) {
            String typed = value.asText().strip();
            if (GROUPED_NUMBER.matcher(typed).matches()) {
                typed = typed.replaceAll("[ \\u00a0\\u202f.']", "");
            }
            if (WHOLE_NUMBER.matcher(typed).matches()) {
                value = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.numberNode(Long.parseLong(typed));
            }
        }
        // A number past 64 bits is refused, never cut to its low bits (2^64 + 5 is not 5).
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < min || value.asLong() > max) {
            reject(field, SdkTexts.message("field.number", min, max));
            return min;
        }
        return value.asInt();
    }

    /** Records {@code problem} for {@code field}, in place of any earlier one: what the module itself checks. */
    public void reject(String field, Message problem) {
        problems.put(field, problem);
    }

    /** True when no field has a problem so far. */
    public boolean valid() {
        return problems.isEmpty();
    }

    /** The problems so far, by field, in the order found. */
    public Map<String, Message> problems() {
        return Collections.unmodifiableMap(problems);
    }

    /** The problems so far, by field, put into {@code language}. */
    public Map<String, String> problems(Locale language) {
        Map<String, String> words = new LinkedHashMap<>();
        problems.forEach((field, problem) -> words.put(field, problem.in(language)));
        return words;
    }
}
