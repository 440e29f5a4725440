package be.imio.platform.conseil.internal;

import java.time.Clock;
import java.time.LocalDateTime;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.web.json.JsonFields;

/**
 * A meeting as staff typed it: a title, a date and time ({@code 15/12/2026 20:00}) within a year
 * back (to record a past meeting) and two years ahead, and a place.
 */
record MeetingDraft(String title, LocalDateTime heldAt, String place) {

    /** The draft, or null with each problem in {@code errors}. */
    static MeetingDraft parse(JsonNode json, Clock clock, Map<String, String> errors) {
        String title = JsonFields.text(json, "title", 300, "le titre de la séance", "the meeting's title", errors);
        LocalDateTime heldAt = JsonFields.dateTime(json, "heldAt", errors);
        String place = JsonFields.text(json, "place", 200, "le lieu", "the place", errors);
        LocalDateTime now = LocalDateTime.now(clock);
        if (heldAt != null && (heldAt.isBefore(now.minusYears(1)) || heldAt.isAfter(now.plusYears(2)))) {
            errors.put("heldAt", "une séance se tient entre il y a un an et dans deux ans / a meeting is held between"
                    + " a year ago and two years ahead");
        }
        return errors.isEmpty() ? new MeetingDraft(title, heldAt, place) : null;
    }
}
