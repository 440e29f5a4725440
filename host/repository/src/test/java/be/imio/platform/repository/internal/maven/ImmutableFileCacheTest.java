package be.imio.platform.repository.internal.maven;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImmutableFileCacheTest {

    @TempDir
    Path tmp;

    private final ImmutableFileCache cache = new ImmutableFileCache(10_000);

    @Test
    void smallFilesAreKeptLargeOnesAreNot() throws Exception {
        Path small = Files.write(tmp.resolve("small"), new byte[1_000]);
        Path large = Files.write(tmp.resolve("large"), new byte[1_001]);

        assertTrue(cache.keeps(1_000));
        assertFalse(cache.keeps(1_001));
        assertSame(cache.get(small), cache.get(small), "kept");
        ImmutableFileCache.Cached read = cache.get(large);
        assertArrayEquals(new byte[1_001], read.bytes());
        assertNull(read.direct(), "no direct copy of a file read for one request");
        assertNotSame(read, cache.get(large), "not kept");
        assertNull(cache.get(tmp.resolve("missing")));
    }

    @Test
    void theMemoryHeldStaysWithinItsBoundCountingBothCopies() throws Exception {
        // Ten files of 1,000 bytes are 20,000 bytes in memory (heap and direct): twice the bound.
        Path first = Files.write(tmp.resolve("f0"), new byte[1_000]);
        ImmutableFileCache.Cached kept = cache.get(first);
        for (int i = 1; i < 10; i++) {
            assertNotNull(cache.get(Files.write(tmp.resolve("f" + i), new byte[1_000])));
        }

        assertNotSame(kept, cache.get(first), "the first file was let go to stay within the bound");
    }
}
