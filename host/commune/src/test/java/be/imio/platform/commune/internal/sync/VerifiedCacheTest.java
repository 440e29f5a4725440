package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.Texts;
import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;

class VerifiedCacheTest {

    private static final String PATH = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String URL_PATH = "/repository/maven/" + PATH;
    private static final byte[] JAR = "the signed bundle".getBytes(StandardCharsets.UTF_8);
    private static final Target TARGET = new Target(PATH, JAR.length, Digests.sha256Hex(JAR), null);
    private static final long LIMIT = 1024 * 1024;

    @TempDir
    Path dir;

    private RepositoryServer repository;
    private RepositoryClient client;
    private VerifiedCache cache;

    @BeforeEach
    void start() throws Exception {
        repository = new RepositoryServer();
        client = repository.client();
        cache = new VerifiedCache(dir.resolve("verified"));
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private List<Path> filesUnder(Path folder) throws IOException {
        try (Stream<Path> files = Files.walk(folder)) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private void assertNothingKept() throws IOException {
        assertEquals(List.of(), filesUnder(dir.resolve("verified")), "nothing unverified in the cache");
        assertEquals(List.of(), filesUnder(dir.resolve("incoming")), "no part left behind");
    }

    @Test
    void keepsADownloadWhoseLengthAndHashMatchTheTarget() throws Exception {
        repository.maven(PATH, JAR);

        Path file = cache.ensure(TARGET, client, LIMIT);

        assertEquals(dir.resolve("verified").resolve(PATH), file);
        assertArrayEquals(JAR, Files.readAllBytes(file));
        assertEquals(List.of(), filesUnder(dir.resolve("incoming")));
    }

    @Test
    void refusesATamperedDownloadOfTheSameLengthAndKeepsNothing() throws Exception {
        byte[] tampered = JAR.clone();
        tampered[0] ^= 1;
        repository.maven(PATH, tampered);

        VerifiedCache.Mismatch mismatch = assertThrows(VerifiedCache.Mismatch.class, () -> cache.ensure(TARGET, client, LIMIT));

        assertNothingKept();
        assertEquals(PATH + " : longueur ou SHA-256 différents de ceux signés, fichier refusé / " + PATH
                + ": length or SHA-256 differ from the signed ones, file refused", mismatch.getMessage());
        assertEquals(PATH + ": Länge oder SHA-256 weichen von den signierten Werten ab, Datei abgelehnt",
                mismatch.words().message().in(Texts.GERMAN));
    }

    @Test
    void refusesADownloadLongerThanTheTargetAndKeepsNothing() throws Exception {
        byte[] longer = (new String(JAR, StandardCharsets.UTF_8) + " and more").getBytes(StandardCharsets.UTF_8);
        repository.maven(PATH, longer);

        IOException refused = assertThrows(IOException.class, () -> cache.ensure(TARGET, client, LIMIT));

        assertTrue(refused.getMessage().contains("bytes received"), refused.getMessage());
        assertNothingKept();
    }

    @Test
    void refusesADownloadShorterThanTheTarget() throws Exception {
        repository.maven(PATH, "short".getBytes(StandardCharsets.UTF_8));

        assertThrows(VerifiedCache.Mismatch.class, () -> cache.ensure(TARGET, client, LIMIT));

        assertNothingKept();
    }

    @Test
    void reportsAMissingArtifactAndKeepsNothing() throws Exception {
        RepositoryClient.NotServed refused = assertThrows(RepositoryClient.NotServed.class,
                () -> cache.ensure(TARGET, client, LIMIT));

        assertEquals(404, refused.status);
        assertNothingKept();
    }

    @Test
    void doesNotDownloadAnIntactCachedFileAgain() throws Exception {
        repository.maven(PATH, JAR);
        cache.ensure(TARGET, client, LIMIT);

        Path again = cache.ensure(TARGET, client, LIMIT);

        assertArrayEquals(JAR, Files.readAllBytes(again));
        assertEquals(1, repository.requests(URL_PATH));
        assertArrayEquals(JAR, Files.readAllBytes(cache.ensure(TARGET, null, LIMIT)),
                "an intact file is served even without a repository");
    }

    @Test
    void downloadsADamagedCachedFileAgain() throws Exception {
        repository.maven(PATH, JAR);
        Path file = cache.ensure(TARGET, client, LIMIT);
        Files.writeString(file, "damaged on disk", StandardCharsets.UTF_8);

        Path again = cache.ensure(TARGET, client, LIMIT);

        assertArrayEquals(JAR, Files.readAllBytes(again));
        assertEquals(2, repository.requests(URL_PATH));
    }

    @Test
    void refusesATargetLongerThanTheLimitBeforeDownloadingIt() throws Exception {
        repository.maven(PATH, JAR);

        IOException refused = assertThrows(IOException.class, () -> cache.ensure(TARGET, client, JAR.length - 1));

        assertTrue(refused.getMessage().contains("more than the limit of " + (JAR.length - 1)), refused.getMessage());
        assertEquals(List.of(), repository.log());
        assertNothingKept();
    }

    @Test
    void withoutARepositoryAFileNotCachedCannotBeHad() {
        IOException refused = assertThrows(IOException.class, () -> cache.ensure(TARGET, null, LIMIT));

        assertTrue(refused.getMessage().contains("no repository is configured"), refused.getMessage());
    }

    @Test
    void forgetsPartsLeftByACrash() throws Exception {
        Path part = Files.writeString(dir.resolve("incoming").resolve("download-1.part"), "half", StandardCharsets.UTF_8);

        new VerifiedCache(dir.resolve("verified"));

        assertFalse(Files.exists(part));
    }
}
