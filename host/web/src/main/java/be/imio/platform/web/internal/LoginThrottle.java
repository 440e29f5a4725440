package be.imio.platform.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code limit} failed log-ins from one address within
 * {@code window}, that address is refused until the window has passed. Memory stays bounded: old
 * entries are dropped, and beyond {@code MAX_TRACKED} addresses the oldest are forgotten first.
 */
final class LoginThrottle {

    private static final int MAX_TRACKED = 10_000;

    private record Failures(Instant since, int count) {
    }

    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final int limit;
    private final Duration window;
    private final Clock clock;

    LoginThrottle(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** How long {@code address} must still wait, or zero when it may try. */
    Duration waitFor(String address) {
        Failures current = failures.get(address);
        if (current == null || current.count() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), current.since().plus(window));
        if (left.isNegative() || left.isZero()) {
            failures.remove(address, current);
            return Duration.ZERO;
        }
        return left;
    }

    void failed(String address) {
        Instant now = clock.instant();
        if (failures.size() >= MAX_TRACKED) {
            failures.values().removeIf(f -> f.since().plus(window).isBefore(now));
            if (failures.size() >= MAX_TRACKED) {
                failures.clear();
            }
        }
        failures.merge(address, new Failures(now, 1), (old, one) -> old.since().plus(window).isBefore(now)
                ? one : new Failures(old.since(), old.count() + 1));
    }

    void succeeded(String address) {
        failures.remove(address);
    }
}
