package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LoginThrottleTest {

    @Test
    void blocksAnAddressAfterTooManyFailuresUntilTheWindowPasses() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(3, Duration.ofMinutes(10), clock);

        throttle.failed("10.0.0.1");
        throttle.failed("10.0.0.1");
        assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
        throttle.failed("10.0.0.1");

        assertEquals(Duration.ofMinutes(10), throttle.waitFor("10.0.0.1"));
        assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.2"), "other addresses are not affected");
        clock.now = clock.now.plus(Duration.ofMinutes(10));
        assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
    }

    @Test
    void aSuccessfulLoginForgetsEarlierFailures() {
        LoginThrottle throttle = new LoginThrottle(2, Duration.ofMinutes(10), new MovableClock());

        throttle.failed("10.0.0.1");
        throttle.succeeded("10.0.0.1");
        throttle.failed("10.0.0.1");

        assertEquals(Duration.ZERO, throttle.waitFor("10.0.0.1"));
    }

    @Test
    void attemptsSentAtOnceAreCountedBeforeTheirPasswordsAreChecked() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(10), new MovableClock());
        java.util.concurrent.atomic.AtomicInteger let = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                if (throttle.begin("10.0.0.1").isZero()) {
                    let.incrementAndGet(); // its password is checked now, and found wrong
                    throttle.failed("10.0.0.1");
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(5, let.get(), "30 guesses at once: as many as the limit get their password checked");
        assertEquals(Duration.ofMinutes(10), throttle.begin("10.0.0.1"), "then the window");
        throttle.release("10.0.0.2");
        assertEquals(Duration.ZERO, throttle.begin("10.0.0.2"));
        throttle.release("10.0.0.2");
        assertEquals(0, throttle.tracked() - 1, "a released attempt leaves nothing behind");
    }

    @Test
    void floodingWithMadeUpNamesNeverWipesTheCountOfARealAccount() {
        MovableClock clock = new MovableClock();
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(10), clock);
        for (int i = 0; i < 4; i++) {
            throttle.failed("admin");
        }
        // The review's flood: far more made-up names than are tracked, each failing once.
        for (int i = 0; i < LoginThrottle.MAX_TRACKED + 400; i++) {
            throttle.failed("junk-" + i);
        }
        assertEquals(true, throttle.tracked() <= LoginThrottle.MAX_TRACKED, "memory stays bounded: " + throttle.tracked());
        throttle.failed("admin");
        assertEquals(Duration.ofMinutes(10), throttle.waitFor("admin"), "admin's four earlier guesses still count");
    }

    @Test
    void rightPasswordsSentAtOnceAllGoThroughTakingTurns() throws Exception {
        LoginThrottle throttle = new LoginThrottle(5, Duration.ofMinutes(10), new MovableClock());
        java.util.concurrent.atomic.AtomicInteger let = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        java.util.List<Thread> threads = new java.util.ArrayList<>();
        for (int i = 0; i < 40; i++) {
            Thread thread = new Thread(() -> {
                try {
                    start.await();
                    if (throttle.begin("10.0.0.1\nadmin").isZero()) {
                        Thread.sleep(5); // the password is checked, and right
                        let.incrementAndGet();
                        throttle.succeeded("10.0.0.1\nadmin");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            thread.start();
            threads.add(thread);
        }
        start.countDown();
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(40, let.get(), "40 parallel uploads with the right password are all let in");
    }
}
