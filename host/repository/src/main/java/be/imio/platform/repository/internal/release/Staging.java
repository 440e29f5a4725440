package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Where uploads are received before they are released ({@code data/repository/incoming}, never
 * served), and the room they may take on the disk of the repository's files: each upload reserves
 * what it may write before its body is read, so that what is left is always enough to sign
 * metadata ({@code minFreeMegabytes}).
 */
public final class Staging {

    private final Path folder;
    private final Path files;
    private final LongSupplier minFreeMegabytes;

    /** {@code folder} for uploads being received; {@code files} where releases are kept; the reserve, read at each use. */
    Staging(Path folder, Path files, LongSupplier minFreeMegabytes) {
        this.folder = folder;
        this.files = files;
        this.minFreeMegabytes = minFreeMegabytes;
    }

    /** The folder of uploads being received. */
    Path folder() {
        return folder;
    }

    /** Room an upload being received holds on the disk until it ends; {@link #close} gives it back. */
    public interface Reservation extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Reserves room for an upload of {@code declaredLength} bytes (negative when not said, as a
     * chunked body: then {@code limit}, the most it may have), before its body is read. Refused
     * with 507 {@code storage_full} (RFC 4918, section 11.5) when the disk of the repository's files
     * would keep less than {@code minFreeMegabytes} free once this and every upload being received
     * have written all they may: what is left is for signing metadata. Refused with 429
     * {@code too_many_uploads} when the account's uploads in progress would hold more than
     * {@link #ACCOUNT_STAGING_BYTES}: one publisher cannot take the room of all.
     */
    public Reservation reserve(long declaredLength, long limit, String account) throws ReleaseRefused, IOException {
        long wanted = declaredLength >= 0 ? Math.min(declaredLength, limit) : limit;
        String key = account == null ? "" : account;
        synchronized (reserved) {
            Space space = space();
            long all = reserved.values().stream().mapToLong(Long::longValue).sum();
            if (space.usable() - all - wanted < space.reserve()) {
                throw storageFull(space.usable());
            }
            if (reserved.getOrDefault(key, 0L) + wanted > ACCOUNT_STAGING_BYTES) {
                throw new ReleaseRefused(429, "too_many_uploads", "release.too_many_uploads", key);
            }
            reserved.merge(key, wanted, Long::sum);
        }
        return () -> {
            synchronized (reserved) {
                reserved.computeIfPresent(key, (k, held) -> held - wanted == 0 ? null : held - wanted);
            }
        };
    }

    /** The most the uploads of one account in progress may hold on the disk together. */
    static final long ACCOUNT_STAGING_BYTES = 4 * ReleaseDesk.MAX_BYTES;
    /** Bytes reserved by uploads being received, by account; guarded by itself. */
    private final Map<String, Long> reserved = new java.util.HashMap<>();

    /** Free space on the disk of the repository's files and the reserve kept, in bytes. */
    public record Space(long usable, long reserve) {
        public boolean low() {
            return usable < reserve;
        }
    }

    /** The space left now for releases. */
    public Space space() throws IOException {
        return new Space(Files.getFileStore(files).getUsableSpace(), minFreeMegabytes.getAsLong() * 1024L * 1024L);
    }

    public static ReleaseRefused storageFull(long usable) {
        return new ReleaseRefused(507, "storage_full", "release.storage_full", usable / 1024);

    }

    /** True when {@code e}, or what caused it, says the disk is full (ENOSPC). */
    public static boolean diskFull(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            String message = cause.getMessage();
            if (message != null && (message.contains("No space left on device") || message.contains("Disk quota exceeded"))) {
                return true;
            }
        }
        return false;
    }

    /** Uploads cut off by a crash leave parts behind; none of them was released. */
    void empty() throws IOException {
        Files.createDirectories(folder);
        try (var parts = Files.list(folder)) {
            for (Path part : (Iterable<Path>) parts::iterator) {
                Files.deleteIfExists(part);
            }
        }
    }
}
