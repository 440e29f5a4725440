package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;

import org.junit.jupiter.api.Test;

class FailureReasonsTest {

    @Test
    void joinsTheMessageItsSuppressedFailuresAndItsCauses() {
        Exception failure = new Exception("installing courrier failed", new IOException("disk full"));
        failure.addSuppressed(new IllegalStateException("bundle 42 did not start"));

        assertEquals("installing courrier failed : bundle 42 did not start : disk full", FailureReasons.of(failure));
    }

    @Test
    void saysEachMessageOnce() {
        IOException root = new IOException("disk full");
        Exception failure = new Exception("disk full", root);
        failure.addSuppressed(new RuntimeException("disk   full\n"));
        failure.addSuppressed(new RuntimeException("timeout", new IOException("disk full")));

        assertEquals("disk full : timeout", FailureReasons.of(failure));
    }

    @Test
    void followsCausesOfSuppressedFailures() {
        Exception failure = new Exception("start failed");
        failure.addSuppressed(new RuntimeException("bundle a", new ClassNotFoundException("org.example.Missing")));

        assertEquals("start failed : bundle a : org.example.Missing", FailureReasons.of(failure));
    }

    @Test
    void theHostsOwnWordsAreTheReasonNotTheDetailOnlyWhatLiesBehindThem() {
        be.imio.platform.commune.api.Message words = be.imio.platform.commune.api.Message.of("refusal.unavailable", "x");
        assertEquals("HTTP 503 from the repository", FailureReasons.of(
                new be.imio.platform.commune.internal.texts.WordedException(words, "HTTP 503 from the repository")));
        assertEquals(null, FailureReasons.of(new be.imio.platform.commune.internal.texts.WordedException(words)),
                "nothing behind the words: no detail, never the words again in French and English");
        assertEquals("Connection refused", FailureReasons.of(new be.imio.platform.commune.internal.texts.WordedIOException(
                words, null, new IOException("Connection refused"))), "a cause is detail");
    }

    @Test
    void namesTheFailureWhenNothingSaysWhy() {
        assertEquals("NullPointerException", FailureReasons.of(new NullPointerException()));
        assertEquals("IllegalStateException", FailureReasons.of(new IllegalStateException("  ")));
    }

    @Test
    void endsOnACycleOfCauses() {
        Exception first = new Exception("first");
        Exception second = new Exception("second");
        first.initCause(second);
        second.initCause(first);

        assertEquals("first : second", FailureReasons.of(first));
    }
}
