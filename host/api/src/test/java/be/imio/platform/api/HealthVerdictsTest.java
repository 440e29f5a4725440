package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

/** A check that does not keep its contract is a verdict, never a caller held. */
class HealthVerdictsTest {

    private static final Duration LIMIT = Duration.ofMillis(300);

    @Test
    void aCheckThatKeepsItsContractIsAnswered() {
        assertEquals(HealthStatus.State.UP, HealthVerdicts.ask(() -> HealthStatus.up("ok"), LIMIT).state());
        HealthStatus degraded = HealthVerdicts.ask(() -> HealthStatus.degraded("slow"), LIMIT);
        assertEquals("slow", degraded.message());
    }

    @Test
    void throwingAnythingOrAnsweringNothingIsDown() {
        HealthStatus error = HealthVerdicts.ask(() -> {
            throw new NoClassDefFoundError("be/imio/Gone");
        }, LIMIT);
        assertEquals(HealthStatus.State.DOWN, error.state());
        assertTrue(error.message().contains("NoClassDefFoundError") && error.message().contains("be/imio/Gone"),
                error.message());
        assertEquals(HealthStatus.State.DOWN, HealthVerdicts.ask(() -> {
            throw new IllegalStateException("broken");
        }, LIMIT).state());
        assertEquals(HealthStatus.State.DOWN, HealthVerdicts.ask(() -> null, LIMIT).state());
    }

    @Test
    void aCheckThatBlocksIsDownAtTheLimitAndIsNotAskedAgainWhileItBlocks() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger asked = new AtomicInteger();
        HealthCheck blocking = () -> {
            asked.incrementAndGet();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return HealthStatus.up("");
        };
        HealthStatus first = HealthVerdicts.ask(blocking, LIMIT);
        assertEquals(HealthStatus.State.DOWN, first.state());
        assertTrue(first.message().contains("300 ms"), first.message());
        assertEquals("keine Antwort innerhalb von 300 ms", first.message(Texts.GERMAN));
        for (int i = 0; i < 20; i++) {
            assertEquals(HealthStatus.State.DOWN, HealthVerdicts.ask(blocking, LIMIT).state());
        }
        assertEquals(1, asked.get(), "one thread waits on it, not one per question");
        release.countDown();
        Thread.sleep(100);
        assertEquals(HealthStatus.State.UP, HealthVerdicts.ask(blocking, LIMIT).state(), "asked again once it answered");
    }
}
