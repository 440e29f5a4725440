package be.imio.platform.commune.internal;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.osgi.service.component.annotations.Component;

/**
 * Which modules are being swapped now, and which are enabled, so that a request to a module whose
 * servlet is momentarily missing waits for it ({@link #await}) rather than getting an error: staff
 * in the middle of a form see a slower answer during an update, not an error page.
 */
@Component(service = SwapGuard.class)
public final class SwapGuard {

    private final Set<String> swapping = ConcurrentHashMap.newKeySet();
    private final Object changes = new Object();
    private volatile Set<String> enabled = Set.of();
    private final AtomicInteger waiting = new AtomicInteger();

    void begin(String module) {
        swapping.add(module);
        changed();
    }

    void end(String module) {
        swapping.remove(module);
        changed();
    }

    void enabled(Set<String> modules) {
        enabled = Set.copyOf(modules);
        changed();
    }

    boolean isSwapping(String module) {
        return swapping.contains(module);
    }

    /** True when requests to {@code module} should wait for its servlet rather than be refused. */
    boolean expectsModule(String module) {
        return swapping.contains(module) || enabled.contains(module);
    }

    /** Wakes the requests waiting in {@link #await}: a servlet came or went, or a swap began or ended. */
    void changed() {
        synchronized (changes) {
            changes.notifyAll();
        }
    }

    /**
     * Waits for {@code ready} to give a value (the module's servlet) while {@code module} is
     * expected, at most {@code max}; at most {@code limit} requests wait at once, and the ones
     * beyond get no wait, so that requests held here never take all the web container's threads.
     *
     * @return the value, or null when the module is no longer expected (disabled), the wait ran
     *         out, too many requests wait already, or the thread was interrupted
     */
    <T> T await(String module, Supplier<T> ready, Duration max, int limit) {
        T value = ready.get();
        if (value != null || !expectsModule(module) || max.isZero()) {
            return value;
        }
        if (waiting.incrementAndGet() > limit) {
            waiting.decrementAndGet();
            return null;
        }
        try {
            long deadline = System.nanoTime() + max.toNanos();
            synchronized (changes) {
                while ((value = ready.get()) == null && expectsModule(module)) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return null;
                    }
                    TimeUnit.NANOSECONDS.timedWait(changes, left);
                }
            }
            return value;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } finally {
            waiting.decrementAndGet();
        }
    }
}
