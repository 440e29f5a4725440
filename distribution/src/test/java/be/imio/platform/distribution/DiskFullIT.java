package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TrustRoot;

/**
 * A central repository whose disk fills up, on a real small file system: the instance's
 * {@code data/repository} (released files, uploads in progress, signed metadata and keys) is a
 * 3 MB tmpfs, the database stays on the main disk. A release is recorded and signed together or
 * not at all: with room for the jar but not for the metadata that would pin it, the upload answers
 * 507 {@code storage_full} and nothing is listed, signed or served; once room is made, the same
 * upload is released. Below the reserve kept for signing ({@code minFreeMegabytes}), uploads are
 * refused before their body is read and health says why. Mounting needs root (as in CI); elsewhere
 * the test is skipped, saying so.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DiskFullIT {

    private static final String PUBLISHER = "publisher-full";
    private static final String PASSWORD = "Full-" + System.nanoTime();
    private static final String BASE = "be/imio/platform/courrier/1.0.0/courrier-1.0.0";
    private static final JsonMapper JSON = new JsonMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;
    private static Path disk;
    private static boolean mounted;

    @BeforeAll
    static void start() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), PUBLISHER, PASSWORD,
                "be.imio.platform");
        disk = repository.dir.resolve("data/repository");
        Path aside = repository.dir.resolve("repository-before-mount");
        Files.createDirectories(disk);
        Files.move(disk, aside);
        Files.createDirectories(disk);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=3m,mode=0700", "tmpfs", disk.toString())
                .redirectErrorStream(true).start();
        String said = new String(mount.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        mounted = mount.waitFor() == 0;
        if (!mounted && "true".equals(System.getenv("CI"))) {
            throw new IllegalStateException("cannot mount a tmpfs (CI runs as root): " + said);
        }
        Assumptions.assumeTrue(mounted, "a small file system needs root to mount: " + said);
        moveTree(aside, disk);
        // The reserve off at first: the first test fills the disk between the jar and its metadata.
        repository.writeMetadataConfig("minFreeMegabytes = 0\n");
        repository.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (repository != null) {
            repository.close();
        }
        if (mounted) {
            new ProcessBuilder("umount", disk.toString()).inheritIO().start().waitFor();
        }
    }

    @Test
    @Order(1)
    void aReleaseTheDiskCannotSignIsNeitherRecordedNorSignedNorServedAndGoesThroughOnceThereIsRoom() throws Exception {
        byte[] jar = Files.readAllBytes(release().resolve("target/courrier-1.0.0.jar"));
        long targetsBefore = targetsVersion();
        // Room for the jar, not for the targets, snapshot and timestamp that would pin it.
        Path filler = fillLeaving(round(jar.length) + 4096);
        HttpResponse<String> full = put(BASE + ".jar", jar);
        assertEquals(507, full.statusCode(), full.body());
        JsonNode refused = JSON.readTree(full.body());
        assertEquals("storage_full", refused.path("error").asText(), full.body());
        assertTrue(refused.path("message").asText().contains("rien n'a été publié")
                && refused.path("message_en").asText().contains("nothing was released"), full.body());
        assertNothingOf("the refused jar");
        assertEquals(targetsBefore, targetsVersion(), "no new targets were signed");
        assertEquals(200, repository.get("/repository/metadata/timestamp.json", null).statusCode(),
                "the repository keeps serving its metadata");

        // The administrator makes room: the same upload (Maven retries it as is) is released and signed.
        Files.delete(filler);
        HttpResponse<String> retried = put(BASE + ".jar", jar);
        assertEquals(201, retried.statusCode(), retried.body());
        assertTrue(signedTargets().containsKey(BASE + ".jar"), "pinned in signed targets");
        assertTrue(releases().contains(BASE + ".jar"), "listed in the releases");
    }

    @Test
    @Order(2)
    void belowTheReserveUploadsAreRefusedAtOnceAndHealthSaysWhy() throws Exception {
        repository.writeMetadataConfig("minFreeMegabytes = 1\n");
        Path filler = fillLeaving(512 * 1024);
        awaitHealth("DEGRADED");
        String status = repository.getAsAdmin("/api/status").body();
        assertTrue(status.contains("presque plein") && status.contains("almost full") && status.contains("Ko libres"),
                "the reason, French first, with the figures: " + status);
        byte[] pom = Files.readAllBytes(release().resolve("target/.flattened-pom.xml"));
        HttpResponse<String> refused = put(BASE + ".pom", pom);
        assertEquals(507, refused.statusCode(), refused.body());
        assertEquals("storage_full", JSON.readTree(refused.body()).path("error").asText(), refused.body());
        assertFalse(releases().contains(BASE + ".pom"), "nothing listed");
        assertEquals(404, repository.get("/repository/maven/" + BASE + ".pom", null).statusCode(), "nothing served");

        Files.delete(filler);
        awaitHealth("UP");
        HttpResponse<String> released = put(BASE + ".pom", pom);
        assertEquals(201, released.statusCode(), released.body());
        assertTrue(signedTargets().containsKey(BASE + ".pom"));
    }

    @Test
    @Order(3)
    void anUploadOfUnsaidLengthIsCountedAtTheMostItMayWrite() throws Exception {
        // 1 MB kept for signing, about 2 MB free: a jar may hold 64 MB, so one sent without its length
        // (chunked) could fill the disk past the reserve before it is refused. Refused before its body.
        repository.writeMetadataConfig("minFreeMegabytes = 1\n");
        awaitHealth("UP");
        byte[] sources = Files.readAllBytes(release().resolve("target/courrier-1.0.0.jar"));
        HttpResponse<String> chunked = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + "/repository/maven/" + BASE + "-sources.jar"))
                .PUT(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(sources)))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(507, chunked.statusCode(), chunked.body());
        assertEquals("storage_full", JSON.readTree(chunked.body()).path("error").asText(), chunked.body());
        assertEquals(404, repository.get("/repository/maven/" + BASE + "-sources.jar", null).statusCode());
        // The same bytes with their length: room enough, kept.
        HttpResponse<String> said = put(BASE + "-sources.jar", sources);
        assertEquals(201, said.statusCode(), said.body());
    }

    // ---- helpers ----

    private static Path release() {
        return Path.of(System.getProperty("imio.plugins", "../plugins")).resolve("courrier/release-1.0.0");
    }

    private static long round(long bytes) {
        return (bytes + 4095) / 4096 * 4096;
    }

    /** A file taking all the space of the small disk but {@code free} bytes. */
    private static Path fillLeaving(long free) throws IOException {
        Path filler = disk.resolve("filler.bin");
        long usable = Files.getFileStore(disk).getUsableSpace();
        assertTrue(usable > free, "the disk has " + usable + " bytes free, the test needs more than " + free);
        byte[] block = new byte[4096];
        try (var out = Files.newOutputStream(filler)) {
            for (long left = usable - free; left > 0; left -= block.length) {
                out.write(block, 0, (int) Math.min(block.length, left));
            }
        }
        return filler;
    }

    private static void assertNothingOf(String what) throws Exception {
        assertFalse(releases().contains(BASE + ".jar"), what + " is not listed: " + releases());
        assertFalse(signedTargets().containsKey(BASE + ".jar"), what + " is not in signed targets");
        assertEquals(404, repository.get("/repository/maven/" + BASE + ".jar", null).statusCode(), what + " is not served");
    }

    private static JsonNode awaitHealth(String state) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode health = null;
        while (System.nanoTime() < deadline) {
            health = JSON.readTree(repository.get("/health", null).body());
            if (state.equals(health.path("status").asText())) {
                return health;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("health never " + state + ": " + health);
    }

    private static String releases() throws Exception {
        return repository.getAsAdmin("/api/repository/releases/").body();
    }

    private static long targetsVersion() throws Exception {
        return SignedMetadata.parse(repository.get("/repository/metadata/targets.json", null).body().getBytes(StandardCharsets.UTF_8)).version();
    }

    private static Map<String, Target> signedTargets() throws Exception {
        TrustRoot root = TrustRoot.initial(SignedMetadata.parse(repository.get("/repository/metadata/root.json", null)
                .body().getBytes(StandardCharsets.UTF_8)));
        SignedMetadata targets = SignedMetadata.parse(repository.get("/repository/metadata/targets.json", null).body().getBytes(StandardCharsets.UTF_8));
        root.verify(targets, Role.TARGETS, Instant.now());
        return MetadataDocuments.targetsOf(targets);
    }

    private static HttpResponse<String> put(String path, byte[] body) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Moves the folder {@code from} into {@code to} (another file system): copied, then deleted. */
    private static void moveTree(Path from, Path to) throws IOException {
        Distribution.copyTree(from, to);
        try (var all = Files.walk(from)) {
            for (Path gone : (Iterable<Path>) all.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(gone);
            }
        }
    }
}
