package be.imio.platform.salles.internal;

import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Map;

/**
 * A time slot asked for: it ends after it starts, on the same day, within the opening hours, and
 * does not start in the past.
 */
record Slot(LocalDateTime starts, LocalDateTime ends) {

    static final Duration LONGEST = Duration.ofHours(16);

    /** Checks the slot; problems go into {@code errors} under {@code startsAt} or {@code endsAt}. */
    static Slot check(LocalDateTime starts, LocalDateTime ends, LocalDate today, LocalTime opens, LocalTime closes,
            Map<String, String> errors) {
        if (starts == null || ends == null) {
            return null;
        }
        if (!ends.isAfter(starts)) {
            errors.put("endsAt", "la fin doit suivre le début / the end must come after the start");
        } else if (Duration.between(starts, ends).compareTo(LONGEST) > 0) {
            errors.put("endsAt", "16 heures au plus / at most 16 hours");
        } else if (starts.toLocalTime().isBefore(opens) || !ends.toLocalDate().equals(starts.toLocalDate())
                || ends.toLocalTime().isAfter(closes)) {
            errors.put("endsAt", "les salles se réservent de " + opens + " à " + closes + " / rooms are booked from "
                    + opens + " to " + closes);
        }
        if (starts.toLocalDate().isBefore(today)) {
            errors.put("startsAt", "une réservation ne peut commencer dans le passé / a booking cannot start in the past");
        }
        return errors.isEmpty() ? new Slot(starts, ends) : null;
    }
}
