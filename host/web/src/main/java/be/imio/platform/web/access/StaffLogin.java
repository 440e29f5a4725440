package be.imio.platform.web.access;

import java.time.Duration;

/**
 * What a log-in came to: {@code staff} for {@link Outcome#LOGGED_IN}, {@code retryAfter} for
 * {@link Outcome#THROTTLED}; both null otherwise.
 */
public record StaffLogin(Outcome outcome, Staff staff, Duration retryAfter) {

    /** The ways a log-in ends. */
    public enum Outcome {
        /** The password is right and the account holds {@code admin} or {@code viewer}. */
        LOGGED_IN,
        /** Wrong user name or password. */
        REFUSED,
        /** Too many failures for this account or address: not checked. */
        THROTTLED,
        /** A valid account without a staff role (a publisher, for instance). */
        NO_STAFF_ROLE
    }
}
