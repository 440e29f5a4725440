package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

/** The log-in page's token: only this instance's, only until it expires. */
class LoginTokensTest {

    private static Clock at(Instant instant) {
        return Clock.fixed(instant, ZoneOffset.UTC);
    }

    @Test
    void aTokenHoldsUntilItExpiresAndOnlyForTheInstanceThatIssuedIt() {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");
        LoginTokens tokens = new LoginTokens(at(now));
        String token = tokens.issue();
        assertTrue(tokens.valid(token));
        assertNotEquals(token, tokens.issue(), "each page its own");
        assertFalse(new LoginTokens(at(now)).valid(token), "another key: another start of the instance");
        LoginTokens later = new LoginTokens(at(now.plus(LoginTokens.VALIDITY).plusSeconds(1)));
        assertFalse(later.valid(later.issue().substring(0, 10) + token.substring(10)), "a mix of two tokens");
    }

    @Test
    void madeUpAndAlteredTokensAreRefused() {
        LoginTokens tokens = new LoginTokens(Clock.systemUTC());
        String token = tokens.issue();
        int dot = token.indexOf('.');
        for (String forged : new String[] {null, "", ".", "AAAA.BBBB", token.substring(0, dot), token + "x",
                token.substring(0, dot) + "." + token.substring(0, dot), "%%%." + token.substring(dot + 1),
                (token.charAt(0) == 'A' ? "B" : "A") + token.substring(1), "x".repeat(300)}) {
            assertFalse(tokens.valid(forged), String.valueOf(forged));
        }
    }

    @Test
    void anotherSpellingOfAGoodTokenIsRefused() {
        LoginTokens tokens = new LoginTokens(Clock.systemUTC());
        String token = tokens.issue();
        String body = token.substring(0, token.indexOf('.'));
        String mac = token.substring(token.indexOf('.') + 1);
        // The MAC's last character carries 4 bits and 2 unused ones: the three other characters
        // with the same 4 bits decode to the same bytes.
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        int last = alphabet.indexOf(mac.charAt(mac.length() - 1));
        for (int unused = 1; unused < 4; unused++) {
            String respelled = body + "." + mac.substring(0, mac.length() - 1) + alphabet.charAt(last ^ unused);
            assertFalse(tokens.valid(respelled), respelled);
        }
        for (String padded : new String[] {token + "=", body + "." + mac + "=", body + "==." + mac}) {
            assertFalse(tokens.valid(padded), padded);
        }
        assertTrue(tokens.valid(token));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Instant now = Instant.parse("2026-12-01T08:00:00Z");
        MutableClock clock = new MutableClock(now);
        LoginTokens tokens = new LoginTokens(clock);
        String token = tokens.issue();
        clock.now = now.plus(LoginTokens.VALIDITY).minusSeconds(1);
        assertTrue(tokens.valid(token));
        clock.now = now.plus(LoginTokens.VALIDITY).plusSeconds(1);
        assertFalse(tokens.valid(token));
    }

    private static final class MutableClock extends Clock {
        Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
