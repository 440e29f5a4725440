package be.imio.platform.repository.internal.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileChecksumsTest {

    @TempDir
    Path tmp;

    private static String hex(String algorithm, byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(bytes));
    }

    private Path released(String name, byte[] bytes) throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("maven/be/imio/solutions/x/1.0.0"));
        Path staged = Files.write(Files.createTempFile(tmp, "upload-", ".part"), bytes);
        // As a release puts a file in place: written elsewhere, then moved.
        return Files.move(staged, folder.resolve(name), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void everyAlgorithmMavenAsksForIsComputedInOneRead() throws Exception {
        byte[] bytes = new byte[300_000];
        new Random(7).nextBytes(bytes);
        Path jar = released("x-1.0.0.jar", bytes);

        Map<String, String> sums = FileChecksums.record(jar);

        assertEquals(hex("MD5", bytes), sums.get("md5"));
        assertEquals(hex("SHA-1", bytes), sums.get("sha1"));
        assertEquals(hex("SHA-256", bytes), sums.get("sha256"));
        assertEquals(hex("SHA-512", bytes), sums.get("sha512"));
        assertEquals(sums, FileChecksums.of(jar));
        assertEquals(hex("SHA-1", bytes), Checksums.of(jar, "sha1"));
    }

    @Test
    void aRequestReadsTheChecksumsRecordedAtReleaseAndNotTheFile() throws Exception {
        Path jar = released("x-1.0.0.jar", "bundle".getBytes(StandardCharsets.UTF_8));
        FileChecksums.record(jar);
        Path record = jar.resolveSibling(".x-1.0.0.jar.checksums");
        assertTrue(Files.isRegularFile(record), "kept beside the file, under a name no request can reach");
        assertFalse(MavenPath.safe("be/imio/solutions/x/1.0.0/.x-1.0.0.jar.checksums"));
        // Marked, to tell a value read from the record from one computed again.
        String sha1 = hex("SHA-1", "bundle".getBytes(StandardCharsets.UTF_8));
        Files.writeString(record, Files.readString(record).replace(sha1, "recorded-at-release"));

        assertEquals("recorded-at-release", FileChecksums.of(jar).get("sha1"));
    }

    @Test
    void anotherFileAtTheSamePathHasItsOwnChecksums() throws Exception {
        Path jar = released("x-1.0.0.jar", "first".getBytes(StandardCharsets.UTF_8));
        FileChecksums.record(jar);
        Thread.sleep(5);
        // An orphan of a crash replaced by the real release, or a restore from a backup.
        released("x-1.0.0.jar", "other".getBytes(StandardCharsets.UTF_8));

        assertEquals(hex("SHA-256", "other".getBytes(StandardCharsets.UTF_8)), FileChecksums.of(jar).get("sha256"));
    }

    @Test
    void aDamagedRecordIsComputedAgainAndNoFileHasNone() throws Exception {
        Path jar = released("x-1.0.0.jar", "bundle".getBytes(StandardCharsets.UTF_8));
        FileChecksums.record(jar);
        Files.writeString(jar.resolveSibling(".x-1.0.0.jar.checksums"), "file garbage\nsha1 00\n");

        assertEquals(hex("MD5", "bundle".getBytes(StandardCharsets.UTF_8)), FileChecksums.of(jar).get("md5"));
        assertNull(FileChecksums.of(jar.resolveSibling("x-1.0.0.pom")));
        assertNull(FileChecksums.of(jar.getParent()), "a folder has no checksums");
    }
}
