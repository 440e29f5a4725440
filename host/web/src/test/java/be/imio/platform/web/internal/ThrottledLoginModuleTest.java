package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.junit.jupiter.api.Test;

class ThrottledLoginModuleTest {

    @Test
    void theClientsPortIsNotPartOfItsAddress() {
        assertEquals("192.0.2.7", ThrottledLoginModule.address("/192.0.2.7:50022"));
        assertEquals("192.0.2.7", ThrottledLoginModule.address("client.example/192.0.2.7:50023"));
        assertEquals("2001:db8::1", ThrottledLoginModule.address("/[2001:db8::1]:50022"));
        assertEquals("2001:db8:0:0:0:0:0:1", ThrottledLoginModule.address("/2001:db8:0:0:0:0:0:1:50022"));
        assertEquals("2001:db8:0:0:0:0:0:1", ThrottledLoginModule.address("/2001:db8:0:0:0:0:0:1"));
        assertEquals("192.0.2.7", ThrottledLoginModule.address("192.0.2.7"));
        assertEquals("unknown", ThrottledLoginModule.address(null));
    }

    @Test
    void sshGuessesCountWithTheHttpOnesAndAThrottledLogInIsRefusedBeforeItsPassword() throws LoginException {
        String address = "198.51.100.31";
        String account = "ssh-target";
        for (int guess = 1; guess <= FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
            ThrottledLoginModule module = module("/" + address + ":" + (40000 + guess), account);
            assertFalse(module.login(), "guess " + guess + " goes on to the password check, and this module"
                    + " never makes a log-in succeed");
            assertTrue(module.abort(), "and its failure is counted");
        }
        Duration wait = FailedLogins.INSTANCE.waitFor(address, account);
        assertTrue(wait.compareTo(FailedLogins.WINDOW.minusMinutes(1)) > 0,
                "the HTTP contexts see the SSH guesses: " + wait);
        FailedLoginException refused = assertThrows(FailedLoginException.class,
                () -> module("/" + address + ":40100", account.toUpperCase()).login());
        assertTrue(refused.getMessage().startsWith("Too many failed log-ins"), refused.getMessage());
        assertEquals(Duration.ZERO, FailedLogins.INSTANCE.waitFor("198.51.100.32", account),
                "another address may still try");
    }

    @Test
    void aSuccessfulLogInClearsItsAccountsFailures() throws LoginException {
        String address = "198.51.100.33";
        for (int guess = 1; guess < FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
            ThrottledLoginModule module = module("/" + address + ":1", "clerk");
            module.login();
            module.abort();
        }
        ThrottledLoginModule right = module("/" + address + ":2", "clerk");
        assertFalse(right.login());
        assertTrue(right.commit());
        ThrottledLoginModule wrong = module("/" + address + ":3", "clerk");
        wrong.login();
        wrong.abort();
        assertEquals(Duration.ZERO, FailedLogins.INSTANCE.waitFor(address, "clerk"), "one failure since the success");
    }

    @Test
    void aLogInWithoutClientIsLeftToItsCaller() throws LoginException {
        ThrottledLoginModule module = new ThrottledLoginModule();
        module.initialize(new Subject(), callbacks -> {
            throw new AssertionError("no name is asked for");
        }, Map.of(), Map.of());
        assertFalse(module.login());
        assertFalse(module.abort(), "nothing is counted");
    }

    @Test
    void aLogInByPublicKeyIsNeitherHeldBackNorCounted() throws LoginException {
        String address = "198.51.100.34";
        for (int guess = 1; guess <= FailedLogins.PER_ACCOUNT_AND_ADDRESS; guess++) {
            ThrottledLoginModule module = module("/" + address + ":1", "keyholder");
            module.login();
            module.abort();
        }
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", "/" + address + ":2"));
        ThrottledLoginModule byKey = new ThrottledLoginModule();
        byKey.initialize(subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName("keyholder");
                } else {
                    throw new UnsupportedCallbackException(callback, "a public key, no password");
                }
            }
        }, Map.of(), Map.of());
        assertFalse(byKey.login(), "a key cannot be guessed: not held back");
        assertFalse(byKey.abort(), "and its failure is not a guess");
    }

    private static ThrottledLoginModule module(String client, String account) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new ClientPrincipal("ssh", client));
        ThrottledLoginModule module = new ThrottledLoginModule();
        module.initialize(subject, callbacks -> {
            for (var callback : callbacks) {
                if (callback instanceof NameCallback name) {
                    name.setName(account);
                } else {
                    ((PasswordCallback) callback).setPassword("guess".toCharArray());
                }
            }
        }, Map.of(), Map.of());
        return module;
    }
}
