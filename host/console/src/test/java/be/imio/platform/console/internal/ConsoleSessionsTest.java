package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.imio.platform.web.internal.MovableClock;

/** Console sessions: new ids at every log-in, idle and absolute expiry, the anti-forgery token. */
class ConsoleSessionsTest {

    private final MovableClock clock = new MovableClock();
    private final ConsoleSessions sessions = new ConsoleSessions(clock);

    @Test
    void everyLogInGetsItsOwnUnguessableIdAndToken() {
        ConsoleSessions.Session first = sessions.open("admin", Set.of("admin"));
        ConsoleSessions.Session second = sessions.open("admin", Set.of("admin"));

        assertNotEquals(first.id(), second.id());
        assertNotEquals(first.csrf(), second.csrf());
        assertNotEquals(first.id(), first.csrf());
        assertTrue(first.id().length() >= 43, "256 bits in base64url");
        assertEquals(ConsoleSessions.Lookup.VALID, sessions.find(first.id()).lookup());
        assertEquals(ConsoleSessions.Lookup.NONE, sessions.find("made-up").lookup());
        assertEquals(ConsoleSessions.Lookup.NONE, sessions.find(null).lookup());
    }

    @Test
    void aSessionEndsAfterThirtyIdleMinutesButNotWhileUsed() {
        ConsoleSessions.Session session = sessions.open("agent", Set.of("viewer"));

        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertEquals(ConsoleSessions.Lookup.VALID, sessions.find(session.id()).lookup());
        clock.now = clock.now.plus(Duration.ofMinutes(29));
        assertEquals(ConsoleSessions.Lookup.VALID, sessions.find(session.id()).lookup(), "a request renews it");
        clock.now = clock.now.plus(Duration.ofMinutes(30));
        assertEquals(ConsoleSessions.Lookup.EXPIRED, sessions.find(session.id()).lookup());
        assertEquals(ConsoleSessions.Lookup.NONE, sessions.find(session.id()).lookup(), "and it is forgotten");
    }

    @Test
    void aSessionEndsTwelveHoursAfterLogInEvenWhenUsed() {
        ConsoleSessions.Session session = sessions.open("admin", Set.of("admin"));
        for (int i = 0; i < 24; i++) {
            clock.now = clock.now.plus(Duration.ofMinutes(29));
            sessions.find(session.id());
        }
        clock.now = clock.now.plus(Duration.ofMinutes(29));

        assertEquals(ConsoleSessions.Lookup.EXPIRED, sessions.find(session.id()).lookup());
    }

    @Test
    void logOutEndsTheSessionAndOnlyTheExactTokenMatches() {
        ConsoleSessions.Session session = sessions.open("admin", Set.of("admin"));

        assertTrue(session.csrfMatches(session.csrf()));
        assertFalse(session.csrfMatches(session.csrf() + "x"));
        assertFalse(session.csrfMatches(""));
        assertFalse(session.csrfMatches(null));
        assertTrue(sessions.close(session.id()).isPresent());
        assertEquals(ConsoleSessions.Lookup.NONE, sessions.find(session.id()).lookup());
    }

    @Test
    void oneAccountLoggingInAgainAndAgainClosesItsOwnOldestSessionsNeverAnotherAccounts() {
        ConsoleSessions.Session staff = sessions.open("admin", Set.of("admin"));
        ConsoleSessions.Session first = sessions.open("deleg", Set.of("publisher"));
        for (int i = 0; i < 5_000; i++) {
            clock.now = clock.now.plusMillis(1);
            sessions.open("deleg", Set.of("publisher"));
        }
        assertEquals(ConsoleSessions.Lookup.VALID, sessions.find(staff.id()).lookup(), "the staff's session stays");
        assertEquals(ConsoleSessions.Lookup.NONE, sessions.find(first.id()).lookup(), "its own oldest went");
    }
}
