package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import be.imio.platform.trust.Digests;

/**
 * Released files and published metadata versions never change, so the bytes served for a path
 * can be kept in memory with their ETag: a request then costs no disk read and no hashing. The
 * cache holds at most {@code maxBytes}; files larger than a tenth of it are read each time.
 */
final class ImmutableFileCache {

    /** A file's bytes and the ETag that names them. */
    record Cached(byte[] bytes, String etag, ByteBuffer direct) {
    }

    private final Map<Path, Cached> entries = new ConcurrentHashMap<>();
    private final AtomicLong size = new AtomicLong();
    private final long maxBytes;

    ImmutableFileCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The file's bytes, or null when there is no such file. */
    Cached get(Path file) throws IOException {
        Cached cached = entries.get(file);
        if (cached != null) {
            return cached;
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        Cached loaded = of(bytes);
        if (bytes.length <= maxBytes / 10) {
            if (size.addAndGet(bytes.length) > maxBytes) {
                // Simple and bounded: start again rather than track recency.
                entries.clear();
                size.set(bytes.length);
            }
            entries.put(file, loaded);
        }
        return loaded;
    }

    static Cached of(byte[] bytes) {
        // A direct copy as well: the container writes it to the socket without copying it first.
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new Cached(bytes, "\"" + Digests.sha256Hex(bytes) + "\"", direct);
    }
}
