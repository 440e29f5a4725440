package be.imio.platform.commune.internal.mount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SwapGuardTest {

    private static final Duration LONG = Duration.ofSeconds(30);

    private final SwapGuard guard = new SwapGuard();
    private final AtomicReference<String> servlet = new AtomicReference<>();
    private final ExecutorService requests = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        requests.shutdownNow();
    }

    @Test
    void aRequestDuringASwapIsServedByTheServletThatComes() throws Exception {
        guard.begin("courrier");
        Future<String> waiting = requests.submit(() -> guard.await("courrier", servlet::get, LONG, 10));
        Thread.sleep(200);
        servlet.set("courrier 1.0.1");
        guard.changed();
        assertEquals("courrier 1.0.1", waiting.get(5, TimeUnit.SECONDS));
    }

    @Test
    void aRequestForAModuleDisabledMeanwhileEndsAtOnce() throws Exception {
        guard.enabled(Set.of("courrier"));
        guard.begin("courrier");
        Future<String> waiting = requests.submit(() -> guard.await("courrier", servlet::get, LONG, 10));
        Thread.sleep(200);
        guard.enabled(Set.of());
        guard.end("courrier");
        assertNull(waiting.get(5, TimeUnit.SECONDS), "nothing to wait for: the dispatcher answers 404");
    }

    @Test
    void theWaitIsBounded() {
        guard.begin("courrier");
        long started = System.nanoTime();
        assertNull(guard.await("courrier", servlet::get, Duration.ofMillis(300), 10));
        assertTrue(System.nanoTime() - started >= Duration.ofMillis(300).toNanos());
        assertNull(guard.await("courrier", servlet::get, Duration.ZERO, 10), "zero: no wait at all");
    }

    @Test
    void aModuleThatIsNotExpectedIsNotWaitedFor() {
        assertNull(guard.await("inconnu", servlet::get, LONG, 10));
    }

    @Test
    void beyondTheLimitRequestsDoNotWait() throws Exception {
        guard.begin("courrier");
        CountDownLatch started = new CountDownLatch(3);
        List<Future<String>> held = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            held.add(requests.submit(() -> {
                started.countDown();
                return guard.await("courrier", servlet::get, LONG, 3);
            }));
        }
        started.await();
        Thread.sleep(300);
        long before = System.nanoTime();
        assertNull(guard.await("courrier", servlet::get, LONG, 3), "the fourth gets its answer at once");
        assertTrue(System.nanoTime() - before < Duration.ofSeconds(5).toNanos());
        servlet.set("courrier 1.1.0");
        guard.changed();
        for (Future<String> request : held) {
            assertEquals("courrier 1.1.0", request.get(5, TimeUnit.SECONDS));
        }
        servlet.set(null);
        Future<String> next = requests.submit(() -> guard.await("courrier", servlet::get, LONG, 3));
        Thread.sleep(200);
        servlet.set("courrier 1.1.1");
        guard.changed();
        assertEquals("courrier 1.1.1", next.get(5, TimeUnit.SECONDS), "the seats were given back: it waited");
    }

    @Test
    void aSwapHoldsTheOldServletAndWaitsForTheRequestsInsideIt() throws Exception {
        guard.entered("courrier");
        guard.begin("courrier");
        assertTrue(guard.holds("courrier"), "no new request for the module's servlets during the swap, old or new");
        assertTrue(!guard.holds("salles"), "other modules go on");
        Future<Boolean> drained = requests.submit(() -> guard.awaitDrained("courrier", LONG));
        Thread.sleep(300);
        assertTrue(!drained.isDone(), "the swap waits while a request is inside");
        guard.left("courrier");
        assertTrue(drained.get(5, TimeUnit.SECONDS), "and goes on once it left");
        guard.end("courrier");
        assertTrue(!guard.holds("courrier"), "once the swap ended, its outcome takes them");
    }

    @Test
    void theDrainIsBounded() {
        guard.entered("courrier");
        guard.begin("courrier");
        assertTrue(!guard.awaitDrained("courrier", Duration.ofMillis(200)), "a request that never ends does not hold the swap");
    }
}
