package be.imio.platform.courrier.internal;

import java.time.Instant;
import java.time.LocalDate;

/** A registered letter. */
record Mail(MailReference reference, Direction direction, String correspondent, String subject, LocalDate date,
        String service, Status status, String registeredBy, Instant registeredAt) {
}
