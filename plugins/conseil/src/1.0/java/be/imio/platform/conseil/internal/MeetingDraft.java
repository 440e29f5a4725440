package be.imio.platform.conseil.internal;

import java.time.Clock;
import java.time.LocalDateTime;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * A meeting as staff typed it: a title, a date and time ({@code 15/12/2026 20:00}) within a year
 * back (to record a past meeting) and two years ahead, and a place.
 */
record MeetingDraft(String title, LocalDateTime heldAt, String place) {

    /** The draft, or null with each problem in {@code fields}. */
    static MeetingDraft parse(JsonFields fields, Clock clock, Texts texts) {
        String title = fields.text("title", 300, texts.message("field.meeting_title"));
        LocalDateTime heldAt = fields.dateTime("heldAt");
        String place = fields.text("place", 200, texts.message("field.place"));
        LocalDateTime now = LocalDateTime.now(clock);
        if (heldAt != null && (heldAt.isBefore(now.minusYears(1)) || heldAt.isAfter(now.plusYears(2)))) {
            fields.reject("heldAt", texts.message("error.held_at"));
        }
        return fields.valid() ? new MeetingDraft(title, heldAt, place) : null;
    }
}
