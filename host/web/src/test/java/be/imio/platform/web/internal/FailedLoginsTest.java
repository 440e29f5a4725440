package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class FailedLoginsTest {

    private static final String HERE = "192.0.2.1";

    @Test
    void loggingInAsAnotherAccountNeverClearsTheGuessesAtTheAdministrator() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        // The attack of the review: a wrong admin password, then a valid viewer log-in, again and again.
        for (int guess = 1; guess < FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
            failures.failed(HERE, "admin");
            failures.authorised(HERE, "agent");
            assertEquals(Duration.ZERO, failures.waitFor(HERE, "admin"), "guess " + guess);
        }
        failures.failed(HERE, "admin");
        failures.authorised(HERE, "agent");
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, "admin"), "the fifth guess throttles the admin");
        assertEquals(Duration.ZERO, failures.waitFor(HERE, "agent"), "the viewer is not held back");
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, "ADMIN"), "whatever the case of the name");
    }

    @Test
    void theAddressIsThrottledWhateverTheAccountsTriedAndOnlyItsWindowEndsIt() {
        MovableClock clock = new MovableClock();
        FailedLogins failures = new FailedLogins(clock);
        for (int i = 0; i < FailedLogins.PER_ADDRESS; i++) {
            failures.failed(HERE, "name" + i);
            failures.authorised(HERE, "agent");
        }
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, "someone-else"));
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, null), "also before any name is given");
        assertEquals(Duration.ZERO, failures.waitFor("192.0.2.2", "someone-else"), "other addresses may try");
        clock.now = clock.now.plus(FailedLogins.WINDOW);
        assertEquals(Duration.ZERO, failures.waitFor(HERE, "someone-else"));
    }

    @Test
    void guessesAtOneAccountFromManyAddressesAddUp() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        for (int i = 0; i < FailedLogins.PER_ACCOUNT; i++) {
            failures.failed("198.51.100." + i, "admin");
        }
        assertTrue(failures.waitFor("203.0.113.9", "admin").compareTo(Duration.ZERO) > 0,
                "the account is held back from a new address too");
        assertEquals(Duration.ZERO, failures.waitFor("203.0.113.9", "agent"));
    }

    @Test
    void anAuthorisedLogInClearsItsOwnAccount() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        for (int i = 1; i < FailedLogins.PER_ACCOUNT_AND_ADDRESS; i++) {
            failures.failed(HERE, "admin");
        }
        failures.authorised(HERE, "admin");
        failures.failed(HERE, "admin");
        assertEquals(Duration.ZERO, failures.waitFor(HERE, "admin"), "a mistyped password after a good log-in");
    }
}
