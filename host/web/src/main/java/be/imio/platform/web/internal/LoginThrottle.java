package be.imio.platform.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Slows down password guessing: after {@code limit} failed log-ins for one key (an address, an
 * account, or both) within {@code window}, that key is refused until the window has passed.
 *
 * <p>A log-in {@link #begin}s before its password is checked: the check and the counting of the
 * attempt in progress are one atomic step, and attempts beyond what the limit leaves wait their
 * turn, so that many attempts sent at once cannot all pass the check before the first failure is
 * counted; it then ends as {@link #failed}, {@link #succeeded} or {@link #release}d.
 *
 * <p>Memory stays bounded: past {@code MAX_TRACKED} keys, expired ones go first, then those with
 * the fewest failures, oldest first. Keys are never all forgotten at once, so flooding the
 * throttle with failures for made-up names cannot wipe the count of guesses at a real account.
 */
final class LoginThrottle {

    static final int MAX_TRACKED = 10_000;
    /** What an attempt is told to wait when attempts in progress still fill the limit after {@link #TURN_WAIT}. */
    static final Duration IN_PROGRESS_WAIT = Duration.ofSeconds(1);
    /** How long an attempt waits for its turn behind attempts in progress. */
    static final Duration TURN_WAIT = Duration.ofSeconds(10);

    /** Failures since {@code since}, and attempts begun and not ended. */
    private record Failures(Instant since, int count, int inProgress) {
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

    /** How long {@code key} must still wait, or zero when it may try; counts nothing. */
    Duration waitFor(String key) {
        Failures current = failures.get(key);
        if (current == null || current.count() < limit) {
            return Duration.ZERO;
        }
        Duration left = Duration.between(clock.instant(), current.since().plus(window));
        if (left.isNegative() || left.isZero()) {
            failures.remove(key, current);
            return Duration.ZERO;
        }
        return left;
    }

    /**
     * Begins an attempt for {@code key}: zero when it may go on (it is then counted in progress
     * until it ends), else how long to wait (nothing counted). While as many attempts are in
     * progress as failures are left before the limit, it waits for their outcome (a few
     * milliseconds each), up to {@link #TURN_WAIT}: log-ins sent at once take turns, so a burst of
     * right passwords (parallel uploads) goes through, and a burst of guesses gets no more tries
     * than the limit.
     */
    Duration begin(String key) {
        long deadline = System.nanoTime() + TURN_WAIT.toNanos();
        while (true) {
            Duration wait = tryBegin(key);
            if (wait != IN_PROGRESS_WAIT || System.nanoTime() > deadline) {
                return wait;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return wait;
            }
        }
    }

    private Duration tryBegin(String key) {
        Instant now = clock.instant();
        makeRoom(now);
        Duration[] wait = {Duration.ZERO};
        failures.compute(key, (k, old) -> {
            // An attempt takes seconds at most: one still counted in progress after the window was lost.
            Failures current = old == null || expired(old, now) ? new Failures(now, 0, 0) : old;
            if (current.count() >= limit) {
                wait[0] = Duration.between(now, current.since().plus(window));
                return current;
            }
            if (current.count() + current.inProgress() >= limit) {
                wait[0] = IN_PROGRESS_WAIT;
                return current;
            }
            return new Failures(current.since(), current.count(), current.inProgress() + 1);
        });
        return wait[0];
    }

    /** An attempt for {@code key} failed (begun or not): one more failure, one fewer in progress. */
    void failed(String key) {
        Instant now = clock.instant();
        makeRoom(now);
        failures.compute(key, (k, old) -> old == null || expired(old, now) ? new Failures(now, 1, 0)
                : new Failures(old.since(), old.count() + 1, Math.max(0, old.inProgress() - 1)));
    }

    /** An attempt for {@code key} ended neither way (a valid account without the role asked): uncounted. */
    void release(String key) {
        failures.computeIfPresent(key, (k, old) -> old.count() == 0 && old.inProgress() <= 1 ? null
                : new Failures(old.since(), old.count(), Math.max(0, old.inProgress() - 1)));
    }

    /** An authorised log-in for {@code key}: its failures are forgotten. */
    void succeeded(String key) {
        failures.remove(key);
    }

    /** How many keys are tracked (for tests). */
    int tracked() {
        return failures.size();
    }

    private boolean expired(Failures f, Instant now) {
        return !f.since().plus(window).isAfter(now);
    }

    private void makeRoom(Instant now) {
        if (failures.size() < MAX_TRACKED) {
            return;
        }
        failures.entrySet().removeIf(e -> expired(e.getValue(), now));
        int excess = failures.size() - MAX_TRACKED * 9 / 10;
        if (excess <= 0) {
            return;
        }
        // The fewest failures first, then the oldest: a key close to its limit is the last to go.
        failures.entrySet().stream().filter(e -> e.getValue().inProgress() == 0)
                .sorted(Comparator.comparingInt((Map.Entry<String, Failures> e) -> e.getValue().count())
                        .thenComparing(e -> e.getValue().since()))
                .limit(excess).map(Map.Entry::getKey).toList().forEach(failures::remove);
    }
}
