package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

import be.imio.platform.repository.internal.maven.Checksums;

/**
 * Reads an upload's body, as every upload to the repository is read: at most a given number of
 * bytes (413 {@code too_large}), at least {@link #MIN_BYTES_PER_SECOND} on average once
 * {@link #RATE_GRACE_SECONDS} have passed (408 {@code upload_too_slow}), and 408
 * {@code upload_incomplete} when the client stops sending before the end.
 */
public final class UploadBody {

    /** An upload must bring at least this many bytes a second on average, once {@link #RATE_GRACE_SECONDS} have passed. */
    static final long MIN_BYTES_PER_SECOND = 1024;
    static final long RATE_GRACE_SECONDS = 30;

    private UploadBody() {
    }

    public record Received(long length, String sha256) {
    }

    public static Received receive(InputStream body, Path file, long limit) throws IOException, ReleaseRefused {
        return receive(body, file, limit, System::nanoTime);
    }

    /** As {@link #receive(InputStream, Path, long)}, with {@code nanoTime} as the clock (tests). */
    public static Received receive(InputStream body, Path file, long limit, java.util.function.LongSupplier nanoTime)
            throws IOException, ReleaseRefused {
        MessageDigest sha256 = Checksums.digest("sha256");
        long total;
        try (OutputStream out = new java.security.DigestOutputStream(Files.newOutputStream(file), sha256)) {
            total = copy(body, out, limit, nanoTime);
        }
        return new Received(total, HexFormat.of().formatHex(sha256.digest()));
    }

    /**
     * Copies {@code body} to {@code out}: at most {@code limit} bytes (413 {@code too_large}), and
     * {@link #MIN_BYTES_PER_SECOND} on average once {@link #RATE_GRACE_SECONDS} have passed on
     * {@code nanoTime} (408 {@code upload_too_slow}); answers how many bytes came.
     */
    private static long copy(InputStream body, OutputStream out, long limit, java.util.function.LongSupplier nanoTime)
            throws IOException, ReleaseRefused {
        long total = 0;
        long started = nanoTime.getAsLong();
        byte[] buffer = new byte[64 * 1024];
        for (int read; (read = read(body, buffer)) != -1; ) {
            total += read;
            if (total > limit) {
                throw new ReleaseRefused(413, "too_large", "release.upload_too_large", limit);
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(nanoTime.getAsLong() - started);
            if (seconds > RATE_GRACE_SECONDS && total < seconds * MIN_BYTES_PER_SECOND) {
                // Each byte resets Jetty's idle timeout: without this, a body sent a byte at a time
                // would hold its thread and its room on the disk for as long as its sender likes.
                throw new ReleaseRefused(408, "upload_too_slow", "release.upload_too_slow", MIN_BYTES_PER_SECOND / 1024);
            }
            out.write(buffer, 0, read);
        }
        return total;
    }

    /**
     * Reads the body; a client that stopped sending (the connection's idle timeout passed, or it
     * closed the connection before the end) gets 408 {@code upload_incomplete}: its upload, not the
     * repository, failed, and nothing was released.
     */
    private static int read(InputStream body, byte[] buffer) throws IOException, ReleaseRefused {
        try {
            return body.read(buffer);
        } catch (IOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof java.util.concurrent.TimeoutException || cause instanceof java.io.EOFException) {
                    throw new ReleaseRefused(408, "upload_incomplete", "release.upload_incomplete");

                }
            }
            throw e;
        }
    }

    /**
     * The first {@code max} bytes of a small body (a checksum, a {@code maven-metadata.xml}), the
     * rest read and dropped, under the same rules as a release's files: at most {@link ReleaseDesk#MAX_POM_BYTES}
     * in all (413), and {@link #MIN_BYTES_PER_SECOND} on average once {@link #RATE_GRACE_SECONDS}
     * have passed (408).
     */
    public static byte[] readSmall(InputStream body, int max) throws IOException, ReleaseRefused {
        java.io.ByteArrayOutputStream kept = new java.io.ByteArrayOutputStream();
        OutputStream bounded = new OutputStream() {
            @Override
            public void write(int b) {
                if (kept.size() < max) {
                    kept.write(b);
                }
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                kept.write(bytes, offset, Math.max(0, Math.min(length, max - kept.size())));
            }
        };
        copy(body, bounded, ReleaseDesk.MAX_POM_BYTES, System::nanoTime);
        return kept.toByteArray();
    }
}
