package be.imio.platform.repository.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How an upload's body is received: within its limit, and not a byte at a time for ever. */
class ReceiveTest {

    @TempDir
    Path dir;

    /** A body of {@code bytes} bytes, one per read, each arriving {@code secondsEach} later on {@code clock}. */
    private static InputStream dribble(int bytes, long secondsEach, AtomicLong clock) {
        return new InputStream() {
            int left = bytes;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (left == 0) {
                    return -1;
                }
                clock.addAndGet(TimeUnit.SECONDS.toNanos(secondsEach));
                buffer[offset] = 'x';
                left--;
                return 1;
            }
        };
    }

    @Test
    void aBodyDribbledPastTheGraceIsCutOffAndOneThatKeepsUpIsKept() throws Exception {
        AtomicLong clock = new AtomicLong();
        // A byte every 25 s, under Jetty's idle timeout each time: cut off once 30 s have passed.
        ReleaseRefused slow = assertThrows(ReleaseRefused.class,
                () -> UploadBody.receive(dribble(100, 25, clock), dir.resolve("slow"), 1000, clock::get));
        assertEquals("upload_too_slow", slow.code());
        assertEquals(408, slow.status());
        // Small and quick: kept whole, whatever the clock says of the first 30 s.
        AtomicLong quick = new AtomicLong();
        UploadBody.Received kept = UploadBody.receive(dribble(20, 1, quick), dir.resolve("quick"), 1000, quick::get);
        assertEquals(20, kept.length());
        assertEquals(20, Files.size(dir.resolve("quick")));
        ReleaseRefused large = assertThrows(ReleaseRefused.class,
                () -> UploadBody.receive(new ByteArrayInputStream(new byte[2000]), dir.resolve("large"), 1000));
        assertEquals("too_large", large.code());
    }

    @Test
    void aSmallBodyIsKeptToItsFirstBytesAndToTheSizeOfAPom() throws Exception {
        byte[] sha1 = "da39a3ee5e6b4b0d3255bfef95601890afd80709  extra".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertEquals(40, UploadBody.readSmall(new ByteArrayInputStream(sha1), 40).length);
        // Endless metadata or checksums: refused past a pom's size, not read for ever.
        ReleaseRefused endless = assertThrows(ReleaseRefused.class, () -> UploadBody.readSmall(
                new ByteArrayInputStream(new byte[(int) ReleaseDesk.MAX_POM_BYTES + 1]), 0));
        assertEquals("too_large", endless.code());
    }

    @Test
    void aClientThatStopsSendingGetsAnIncompleteUploadNotAServerError() throws Exception {
        for (java.io.IOException stopped : new java.io.IOException[] {
            new java.io.IOException(new java.util.concurrent.TimeoutException("Idle timeout expired: 30000/30000 ms")),
            new java.io.EOFException("Early EOF")}) {
            InputStream body = new InputStream() {
                @Override
                public int read() throws java.io.IOException {
                    throw stopped;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws java.io.IOException {
                    throw stopped;
                }
            };
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> UploadBody.readSmall(body, 0));
            assertEquals(408, refused.status());
            assertEquals("upload_incomplete", refused.code());
            assertThrows(ReleaseRefused.class, () -> UploadBody.receive(body, dir.resolve("part"), 1000));
        }
        InputStream broken = new InputStream() {
            @Override
            public int read() throws java.io.IOException {
                throw new java.io.IOException("disk says no");
            }
        };
        assertThrows(java.io.IOException.class, () -> UploadBody.readSmall(broken, 0), "other failures stay the server's");
    }
}
