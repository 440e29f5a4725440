package be.imio.platform.api;

import java.time.Duration;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Asks a {@link HealthCheck} for its verdict without trusting it to keep its contract: a check
 * that throws anything (an {@code Error} included), answers nothing or does not answer within the
 * limit is {@link HealthStatus.State#DOWN}, with the reason, and the caller goes on. A check still
 * busy with an earlier question is not asked again (so a check that blocks for ever holds one
 * thread, not one per request): it is DOWN until that question ends.
 */
public final class HealthVerdicts {

    private static final AtomicInteger THREADS = new AtomicInteger();
    private static final ExecutorService CHECKS = Executors.newCachedThreadPool(task -> {
        Thread thread = new Thread(task, "imio-health-check-" + THREADS.incrementAndGet());
        thread.setDaemon(true);
        return thread;
    });
    /** The question each check is answering now; guarded by itself. */
    private static final Map<Object, Future<HealthStatus>> ASKED = new WeakHashMap<>();

    private HealthVerdicts() {
    }

    /**
     * The verdict of {@code check}, waited for at most {@code limit}.
     *
     * @return the check's own verdict, or DOWN with the reason (in each language) when it
     *         threw, answered null, took longer than {@code limit} or is still busy
     */
    public static HealthStatus ask(HealthCheck check, Duration limit) {
        return ask(check, check::check, limit);
    }

    /**
     * As {@link #ask(HealthCheck, Duration)}, for a verdict that takes more than calling a check,
     * such as getting the check's service first (which activates its component, however long that
     * takes). {@code question} is what is asked (a check, a service reference): while it is still
     * being answered, it is not asked again.
     */
    public static HealthStatus ask(Object question, java.util.concurrent.Callable<HealthStatus> asking, Duration limit) {
        Future<HealthStatus> asked;
        synchronized (ASKED) {
            asked = ASKED.get(question);
            if (asked != null && !asked.isDone()) {
                return down("health.still_busy");
            }
            asked = CHECKS.submit(asking);
            ASKED.put(question, asked);
        }
        try {
            HealthStatus verdict = asked.get(limit.toMillis(), TimeUnit.MILLISECONDS);
            return verdict == null ? down("health.no_verdict") : verdict;
        } catch (TimeoutException e) {
            return down("health.no_answer", limit.toMillis());
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            return down("health.failed", cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("health.interrupted");
        }
    }

    private static HealthStatus down(String key, Object... arguments) {
        return HealthStatus.of(HealthStatus.State.DOWN, be.imio.platform.api.internal.SdkTexts.message(key, arguments));
    }
}
