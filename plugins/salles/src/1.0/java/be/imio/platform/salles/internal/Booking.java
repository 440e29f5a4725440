package be.imio.platform.salles.internal;

import java.time.LocalDateTime;

/** A room booked from {@code startsAt} to {@code endsAt}, for an association or a service. */
record Booking(long id, long roomId, String roomName, LocalDateTime startsAt, LocalDateTime endsAt, String purpose,
        String bookedFor, String bookedBy) {
}
