package be.imio.platform.commune.internal.sync;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.WordedIOException;

/**
 * Reads one HTTP body within a deadline and at a minimum rate, up to a number of bytes. A mirror
 * that sends its headers and then stalls, or trickles a byte now and then, is cut off: a watchdog
 * closes the body when the deadline passes or when a window of {@link #WINDOW} brought fewer than
 * {@link #MIN_BYTES_PER_SECOND} bytes a second, which wakes up the read blocked on it.
 */
public final class TransferWatch {

    /** The slowest a body may come, averaged over each {@link #WINDOW}. */
    static final long MIN_BYTES_PER_SECOND = 1024;
    /** How long the rate is averaged over; also how soon a stalled body is noticed. */
    static final Duration WINDOW = Duration.ofSeconds(10);

    /** The body ended past the limit of bytes allowed. */
    static final class TooLarge extends WordedIOException {
        private static final long serialVersionUID = 1L;

        TooLarge(Message message) {
            super(message);
        }
    }

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "imio-transfer-watchdog");
        thread.setDaemon(true);
        return thread;
    });

    private final String what;
    private final long deadlineNanos;
    private final Duration window;
    private final long minBytesPerSecond;
    private volatile long received;
    private volatile Message cutOff;

    /** Watches a transfer of {@code what} that must end by {@code deadlineNanos} ({@link System#nanoTime()}). */
    TransferWatch(String what, long deadlineNanos) {
        this(what, deadlineNanos, WINDOW, MIN_BYTES_PER_SECOND);
    }

    TransferWatch(String what, long deadlineNanos, Duration window, long minBytesPerSecond) {
        this.what = what;
        this.deadlineNanos = deadlineNanos;
        this.window = window;
        this.minBytesPerSecond = minBytesPerSecond;
    }

    /** What is left of the deadline, at least a millisecond (for the wait for headers). */
    Duration remaining() {
        return Duration.ofNanos(Math.max(1_000_000, deadlineNanos - System.nanoTime()));
    }

    /** Throws when the deadline has passed already (between redirects, for example). */
    void check() throws IOException {
        if (System.nanoTime() > deadlineNanos) {
            throw new WordedIOException(tooLong());
        }
    }

    /**
     * Copies {@code body} to {@code out}, at most {@code maxBytes}; closes {@code body}.
     *
     * @throws TooLarge when the body holds more than {@code maxBytes}
     * @throws IOException when the deadline passed or the body came too slowly (the message says which)
     */
    long copy(InputStream body, OutputStream out, long maxBytes) throws IOException {
        ScheduledFuture<?> watch = WATCHDOG.scheduleAtFixedRate(new Check(body), window.toMillis(), window.toMillis(),
                TimeUnit.MILLISECONDS);
        ScheduledFuture<?> deadline = WATCHDOG.schedule(() -> cut(body, tooLong()),
                Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        try (body) {
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = body.read(buffer)) != -1; ) {
                total += read;
                received = total;
                if (total > maxBytes) {
                    throw new TooLarge(Message.of("cause.too-much-received", what, maxBytes));
                }
                out.write(buffer, 0, read);
                if (System.nanoTime() > deadlineNanos) {
                    throw new WordedIOException(tooLong());
                }
            }
            if (cutOff != null) {
                throw new WordedIOException(cutOff);
            }
            return total;
        } catch (IOException e) {
            if (cutOff != null && !(e instanceof TooLarge)) {
                throw new WordedIOException(cutOff, null, e);
            }
            throw e;
        } finally {
            watch.cancel(false);
            deadline.cancel(false);
        }
    }

    private Message tooLong() {
        return Message.of("cause.took-too-long", what);
    }

    private void cut(Closeable body, Message reason) {
        if (cutOff == null) {
            cutOff = reason;
        }
        try {
            body.close();
        } catch (IOException | RuntimeException ignored) {
            // Closing is only how the blocked read is woken up; the reason is kept above.
        }
    }

    /** Every window: were enough bytes received during it? */
    private final class Check implements Runnable {
        private final Closeable body;
        private long atStart;

        Check(Closeable body) {
            this.body = body;
        }

        @Override
        public void run() {
            long now = received;
            if (now - atStart < minBytesPerSecond * window.toMillis() / 1000) {
                cut(body, Message.of("cause.too-slow", what, minBytesPerSecond, window.toSeconds()));
            }
            atStart = now;
        }
    }
}
