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

    @Test
    void guessesFromManyAddressesDoNotLockTheOwnerOutOfTheAddressItLogsInFrom() {
        MovableClock clock = new MovableClock();
        FailedLogins failures = new FailedLogins(clock);
        String office = "192.0.2.10";
        failures.authorised(office, "admin");
        // The review's attack: five wrong passwords from each of eleven addresses.
        for (int address = 1; address <= 11; address++) {
            for (int guess = 0; guess < FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
                failures.failed("198.51.100." + address, "admin");
            }
        }
        assertEquals(Duration.ZERO, failures.waitFor(office, "admin"), "the owner logs in from the usual address");
        assertEquals(Duration.ZERO, failures.waitFor(office, " Admin "), "whatever the spaces and case it types");
        assertTrue(failures.waitFor("203.0.113.9", "admin").compareTo(Duration.ZERO) > 0,
                "a new address is still held back by the account's count");
        assertTrue(failures.waitFor("198.51.100.1", "admin").compareTo(Duration.ZERO) > 0,
                "and each guessing address by its own");

        clock.now = clock.now.plus(FailedLogins.KNOWN_FOR).plusSeconds(1);
        for (int address = 1; address <= 11; address++) {
            for (int guess = 0; guess < FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
                failures.failed("198.51.100." + address, "admin");
            }
        }
        assertTrue(failures.waitFor(office, "admin").compareTo(Duration.ZERO) > 0,
                "an address is known for " + FailedLogins.KNOWN_FOR.toDays() + " days after its last log-in only");
    }

    @Test
    void aKnownAddressIsStillHeldBackByItsOwnCounts() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        failures.authorised(HERE, "admin");
        for (int guess = 0; guess < FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
            failures.failed(HERE, "admin");
        }
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, "admin"), "guesses from the known address itself");
        FailedLogins addresses = new FailedLogins(new MovableClock());
        addresses.authorised(HERE, "admin");
        for (int i = 0; i < FailedLogins.PER_ADDRESS; i++) {
            addresses.failed(HERE, "name" + i);
        }
        assertEquals(FailedLogins.WINDOW, addresses.waitFor(HERE, "admin"), "guesses at other accounts from it");
    }

    @Test
    void onlyAnAuthorisedLogInMakesAnAddressKnown() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        failures.authorised(HERE, "agent");
        for (int i = 0; i < FailedLogins.PER_ACCOUNT; i++) {
            failures.failed("198.51.100." + i, "admin");
        }
        assertTrue(failures.waitFor(HERE, "admin").compareTo(Duration.ZERO) > 0,
                "another account's log-in from the address does not make it the admin's");
    }

    @Test
    void namesCountAsTheRealmMatchesThem() {
        FailedLogins failures = new FailedLogins(new MovableClock());
        String[] typed = {"admin", "admin ", " ADMIN", "Admin\t", "aDmIn"};
        for (String name : typed) {
            failures.failed(HERE, name);
        }
        assertEquals(FailedLogins.WINDOW, failures.waitFor(HERE, "admin"),
                "five guesses at one account, however its name was typed");
        assertEquals("admin", FailedLogins.key(" \tAdmin \n"));
    }

    @Test
    void aBlockIsAnnouncedOncePerAccountAndChannelAndAtMostFiveTimesPerAddress() {
        MovableClock clock = new MovableClock();
        FailedLogins failures = new FailedLogins(clock);
        java.time.Duration wait = java.time.Duration.ofMinutes(10);

        org.junit.jupiter.api.Assertions.assertTrue(failures.firstBlocked("203.0.113.9", "http", "admin", wait));
        for (int i = 0; i < 50; i++) {
            org.junit.jupiter.api.Assertions.assertFalse(failures.firstBlocked("203.0.113.9", "http", "Admin ", wait));
        }
        org.junit.jupiter.api.Assertions.assertTrue(failures.firstBlocked("203.0.113.9", "ssh", "admin", wait), "over SSH");
        int announced = 2;
        for (int i = 0; i < 100; i++) {
            announced += failures.firstBlocked("203.0.113.9", "http", "guess-" + i, wait) ? 1 : 0;
        }
        org.junit.jupiter.api.Assertions.assertEquals(FailedLogins.ANNOUNCED_PER_ADDRESS, announced,
                "a guesser changing names fills no log");
        org.junit.jupiter.api.Assertions.assertTrue(failures.firstBlocked("198.51.100.7", "http", "admin", wait),
                "another address");
        org.junit.jupiter.api.Assertions.assertFalse(failures.firstBlocked("2001:db8:1:2::5", "http", "admin", wait)
                && failures.firstBlocked("2001:db8:1:2::6", "http", "admin", wait), "one /64 is one address");
        clock.now = clock.now.plus(wait).plusSeconds(1);
        org.junit.jupiter.api.Assertions.assertTrue(failures.firstBlocked("203.0.113.9", "http", "admin", wait),
                "a new block");
    }
}
