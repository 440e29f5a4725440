package be.imio.platform.salles.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * A time slot asked for: it ends after it starts, on the same day, within the opening hours, and
 * does not start in the past.
 */
record Slot(LocalDateTime starts, LocalDateTime ends) {

    static final Duration LONGEST = Duration.ofHours(16);

    /**
     * Checks the slot asked at {@code now} (Brussels time); problems go into {@code fields} under
     * {@code startsAt} (it starts in the past, or before the opening hours) or {@code endsAt}, in
     * {@code texts}' words.
     */
    static Slot check(LocalDateTime starts, LocalDateTime ends, LocalDateTime now, LocalTime opens, LocalTime closes,
            JsonFields fields, Texts texts) {
        if (starts == null || ends == null) {
            return null;
        }
        if (!ends.isAfter(starts)) {
            fields.reject("endsAt", texts.message("slot.end_before_start"));
        } else if (Duration.between(starts, ends).compareTo(LONGEST) > 0) {
            fields.reject("endsAt", texts.message("slot.too_long", LONGEST.toHours()));
        } else if (starts.toLocalTime().isBefore(opens)) {
            // The hours as the commune set them (07:00), so that staff recognise their setting.
            fields.reject("startsAt", texts.message("slot.hours", opens, closes));
        } else if (!ends.toLocalDate().equals(starts.toLocalDate()) || ends.toLocalTime().isAfter(closes)) {
            fields.reject("endsAt", texts.message("slot.hours", opens, closes));
        }
        if (starts.isBefore(now)) {
            fields.reject("startsAt", texts.message("slot.past"));
        }
        return fields.valid() ? new Slot(starts, ends) : null;
    }
}
