package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import be.imio.platform.trust.Digests;

/**
 * Released files and published metadata versions never change, so the bytes served for a path
 * can be kept in memory with their ETag: a request then costs no disk read and no hashing. The
 * cache holds at most {@code maxBytes} of memory, counting both copies of each file (on the heap
 * and in direct memory); only files of at most a tenth of that are kept ({@link #keeps}). Larger
 * files are not for this cache: the Maven servlet streams them from disk; {@link #get} still reads
 * one when asked (metadata, bounded in size elsewhere), once, without keeping it.
 */
public final class ImmutableFileCache {

    /** A file's bytes and the ETag that names them; {@code direct} is null for a file not kept. */
    public record Cached(byte[] bytes, String etag, ByteBuffer direct) {
    }

    private final Map<Path, Cached> entries = new ConcurrentHashMap<>();
    private final long maxBytes;
    /** Memory held by {@link #entries}; changed under this object's lock only. */
    private long size;

    public ImmutableFileCache(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** Whether a file of {@code length} bytes is kept in memory once read. */
    boolean keeps(long length) {
        return length <= maxBytes / 10;
    }

    /** The file's bytes, or null when there is no such file. */
    public Cached get(Path file) throws IOException {
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
        if (!keeps(bytes.length)) {
            // Read for this request only: no direct copy, which would outlive it until a collection.
            return new Cached(bytes, etagOf(bytes), null);
        }
        Cached loaded = of(bytes);
        synchronized (this) {
            Cached previous = entries.put(file, loaded);
            size += 2L * bytes.length - (previous == null ? 0 : 2L * previous.bytes().length);
            if (size > maxBytes) {
                // Simple and bounded: start again rather than track recency.
                entries.clear();
                entries.put(file, loaded);
                size = 2L * bytes.length;
            }
        }
        return loaded;
    }

    public static Cached of(byte[] bytes) {
        // A direct copy as well: the container writes it to the socket without copying it first.
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip().asReadOnlyBuffer();
        return new Cached(bytes, etagOf(bytes), direct);
    }

    private static String etagOf(byte[] bytes) {
        return "\"" + Digests.sha256Hex(bytes) + "\"";
    }
}
