package be.imio.platform.commune.internal.mount;

import java.time.Duration;
import java.util.Map;
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

    /** When each swap under way began (System.nanoTime()). */
    private final Map<String, Long> began = new ConcurrentHashMap<>();
    /** Requests being served by each module's servlets now. */
    private final Map<String, AtomicInteger> inside = new ConcurrentHashMap<>();

    public void begin(String module) {
        began.put(module, System.nanoTime());
        swapping.add(module);
        changed();
    }

    public void end(String module) {
        swapping.remove(module);
        began.remove(module);
        changed();
    }

    /**
     * True when no request may be handed to a servlet of {@code module}: a swap of the module is
     * under way. Requests wait until it ends, then go to the release the swap left running: the new
     * one once the platform's checks passed, or the old one restored. The old release takes no new
     * request once the swap began (its classes are about to go); a new release takes none before
     * the host found its bundles, components and pages working.
     */
    boolean holds(String module) {
        return began.containsKey(module);
    }

    /** A request enters one of {@code module}'s servlets; {@link #left} must follow. */
    void entered(String module) {
        inside.computeIfAbsent(module, m -> new AtomicInteger()).incrementAndGet();
    }

    void left(String module) {
        AtomicInteger count = inside.get(module);
        if (count != null && count.decrementAndGet() <= 0) {
            changed();
        }
    }

    /**
     * Waits, at most {@code max}, until no request is inside {@code module}'s servlets, so that a
     * request already in the old release finishes in it before the release is replaced (its classes
     * would go with its bundle). Called after {@link #begin}, which stops new requests from entering.
     *
     * @return true when none is inside; false when the time ran out or the thread was interrupted
     */
    public boolean awaitDrained(String module, Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        synchronized (changes) {
            AtomicInteger count;
            while ((count = inside.get(module)) != null && count.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(changes, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
        }
        return true;
    }

    public void enabled(Set<String> modules) {
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
