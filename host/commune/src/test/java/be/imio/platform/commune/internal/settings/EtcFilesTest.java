package be.imio.platform.commune.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcFilesTest {

    /** Reads that give each of {@code values} in turn, then the last one for ever; counts the reads. */
    private static final class Reads implements Supplier<String> {
        private final Deque<String> values;
        private String last;
        int count;

        Reads(String... values) {
            this.values = new ArrayDeque<>(List.of(values));
        }

        @Override
        public String get() {
            count++;
            if (!values.isEmpty()) {
                last = values.pop();
            }
            return last;
        }
    }

    @Test
    void anUnchangedFileIsReadOnce() {
        Reads reads = new Reads("a");
        assertEquals("a", EtcFiles.settled(reads, "a", 1, 10));
        assertEquals(1, reads.count);
    }

    @Test
    void aFileCaughtHalfWrittenIsTakenOnceItHoldsStill() {
        // Truncated, then its first save of two, then the whole file twice: the whole file, read four times.
        Reads reads = new Reads("admin=x,admin\nin", "admin=x,admin\nintrus=y,", "admin=x,admin\nintrus=y,_g_:g",
                "admin=x,admin\nintrus=y,_g_:g");
        assertEquals("admin=x,admin\nintrus=y,_g_:g", EtcFiles.settled(reads, "admin=x,admin", 1, 10));
        assertEquals(4, reads.count);
    }

    @Test
    void aFileThatNeverHoldsStillIsTakenAsLastReadAfterTheTries() {
        Reads reads = new Reads("1", "2", "3", "4", "5", "6");
        assertEquals("4", EtcFiles.settled(reads, "0", 1, 3));
        assertEquals(4, reads.count);
    }

    @Test
    void aFileBackToWhatWasSeenIsNoChange() {
        Reads reads = new Reads("half", "whole", "whole");
        assertEquals("whole", EtcFiles.settled(reads, "whole", 1, 10));
    }

    @Test
    void accountsShowTheirRolesAndOnlyNameTheirSecret(@TempDir Path etc) throws Exception {
        Files.writeString(etc.resolve("users.properties"), "admin = {CRYPT}abc{CRYPT},_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager\n");
        Map<String, String> settings = EtcFiles.read(etc, "users.properties");
        assertEquals("_g_:admingroup", settings.get("admin"));
        assertEquals("{CRYPT}abc{CRYPT}", settings.get("admin (secret)"));
        assertEquals("admin,manager", settings.get("_g_:admingroup"));
        assertEquals(Map.of(), EtcFiles.read(etc, "keys.properties"));
    }
}
