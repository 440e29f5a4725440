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
}
