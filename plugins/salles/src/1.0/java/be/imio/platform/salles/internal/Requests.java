package be.imio.platform.salles.internal;

import java.sql.SQLException;
import java.time.LocalDateTime;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/**
 * What staff ask of the rooms, checked the same way for the JSON API and the pages' forms: each
 * reads its fields through {@code fields} (a JSON body's, or a form's) and records each problem
 * there; null when there is one.
 */
final class Requests {

    /** A new room. */
    record NewRoom(String name, int capacity, String location) {
    }

    /** A booking asked for: the room, the slot, what for and for whom. */
    record NewBooking(long room, Slot slot, String purpose, String bookedFor) {
    }

    private Requests() {
    }

    static NewRoom room(JsonFields fields, Bookings bookings, Texts texts) throws SQLException {
        String name = fields.text("name", 100, texts.message("field.room_name"));
        int capacity = fields.number("capacity", 1, 5000);
        String location = fields.text("location", 200, texts.message("field.location"));
        if (fields.valid() && bookings.rooms().stream().anyMatch(r -> r.name().equalsIgnoreCase(name))) {
            fields.reject("name", texts.message("error.room_exists"));
        }
        return fields.valid() ? new NewRoom(name, capacity, location) : null;
    }

    static NewBooking booking(JsonFields fields, Bookings bookings, OpeningHours hours, Texts texts) throws SQLException {
        long roomId = fields.number("room", 1, Integer.MAX_VALUE);
        LocalDateTime starts = fields.dateTime("startsAt");
        LocalDateTime ends = fields.dateTime("endsAt");
        String purpose = fields.text("purpose", 300, texts.message("field.purpose"));
        String bookedFor = fields.text("bookedFor", 200, texts.message("field.booked_for"));
        Slot slot = Slot.check(starts, ends, LocalDateTime.now(BelgianFormats.BRUSSELS), hours.opens(), hours.closes(),
                fields, texts);
        if (fields.valid() && bookings.room(roomId).isEmpty()) {
            fields.reject("room", texts.message("error.unknown_room"));
        }
        return fields.valid() ? new NewBooking(roomId, slot, purpose, bookedFor) : null;
    }

    /** Why a booking was refused when the room is taken: when, and by what, in words. */
    static Message conflict(Texts texts, Booking other) {
        return texts.message("error.conflict", time(other.startsAt()), time(other.endsAt()), other.purpose());
    }

    /** {@code at}'s time as Belgians write it in every language: 18:00. */
    private static Message time(LocalDateTime at) {
        return Message.written(language -> BelgianFormats.time(language, at.toLocalTime()));
    }
}
