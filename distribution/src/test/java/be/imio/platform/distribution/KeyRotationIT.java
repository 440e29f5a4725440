package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.TrustRoot;

/**
 * The key rotation drill, as iMio runs it with the root key brought back from offline storage:
 * each online role (timestamp, snapshot, targets) gets a new key in turn, through
 * {@code imio:root-sign --rotate}; a real host follows each new root without a restart and installs
 * a module released after it. Then an online key file is lost: the restarted repository signs
 * nothing, refuses releases and says why in its health, rather than signing with a key no root
 * lists; rotating that key mends it. The tests build on one another, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationIT {

    private static final String PUBLISHER = "publisher-rotation";
    private static final String PASSWORD = "Rotation-Secret-" + System.nanoTime();
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;
    /** Where the root key is kept between signings, off the repository's folder. */
    private static Path usb;
    private static TrustRoot trusted;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform");
        repository.start();
        usb = Files.createTempDirectory(distribution.root, "usb-");
        Files.move(keyFile("root"), usb.resolve("root.key"));
        trusted = TrustRoot.initial(metadata("1.root.json"));
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void eachOnlineKeyRotatesInTurnAndTheHostFollowsWithoutRestarting() throws Exception {
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "courrier", "1.0.0");
        sync(1);
        runOperation("courrier", "enable", "1.0.0");
        long karaf = host.karafPid();

        String[][] drill = {
            {"timestamp", "courrier", "1.1.0", "update"},
            {"snapshot", "conseil", "1.0.0", "enable"},
            {"targets", "conseil", "1.1.0", "update"},
        };
        for (String[] step : drill) {
            Role role = Role.valueOf(step[0].toUpperCase(java.util.Locale.ROOT));
            TrustRoot before = trusted;
            String out = rootSign("--rotate " + step[0]);
            assertTrue(out.contains("Published root metadata version " + (before.version() + 1)), out);
            trusted = before.next(metadata((before.version() + 1) + ".root.json"));
            assertNotEquals(before.keyIds(role), trusted.keyIds(role), "the " + step[0] + " key changed");
            for (Role other : Role.values()) {
                if (other != role) {
                    assertEquals(before.keyIds(other), trusted.keyIds(other), "the " + other.id() + " key stays");
                }
            }
            assertTrue(trusted.keyIds(role).contains(SigningKey.readFrom(keyFile(step[0])).publicKey().id()),
                    "the repository signs with the key the new root lists");
            assertTrue(out.contains("New " + step[0] + " key " + trusted.keyIds(role).iterator().next()), out);
            assertFalse(Files.exists(keyFile("root")), "the root key stays off the server");
            Instant now = Instant.now();
            for (Role below : new Role[] {Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP}) {
                trusted.verify(metadata(below.fileName()), below, now);
            }

            // A host follows: the new root, then a module released after the rotation.
            PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, step[1], step[2]);
            sync(trusted.version());
            runOperation(step[1], step[3], step[2]);
            assertEquals(step[2], installedVersion(step[1]), step[1] + " runs " + step[2] + " after " + step[0]);
        }
        assertEquals(karaf, host.karafPid(), "the host followed every rotation without a restart");
    }

    @Test
    @Order(2)
    void aLostOnlineKeyIsReportedAndMendedByRotationNeverMadeUp() throws Exception {
        byte[] targetsBefore = bytes("/repository/metadata/targets.json");
        repository.stop();
        Files.delete(keyFile("targets"));
        repository.start();

        assertFalse(Files.exists(keyFile("targets")), "no key that no root lists is created");
        JsonNode health = JSON.readTree(repository.get("/health", null).body());
        assertEquals("DEGRADED", health.path("status").asText(), "health says something is wrong: " + health);
        String status = repository.getAsAdmin("/api/status").body();
        assertTrue(status.contains("the targets key (keys/targets.key) is missing") && status.contains("--rotate"),
                "/api/status says which key and what to do: " + status);
        assertTrue(repository.karafLog().contains("The repository signs nothing until a new root lists new keys"));

        HttpResponse<String> refused = put("be/imio/platform/salles/1.0.0/salles-1.0.0.pom",
                Files.readAllBytes(Path.of(System.getProperty("imio.plugins", "../plugins"), "salles/release-1.0.0/target/.flattened-pom.xml")));
        assertEquals(503, refused.statusCode(), refused.body());
        assertEquals("metadata_signing_unavailable", JSON.readTree(refused.body()).path("error").asText(), refused.body());
        assertEquals(404, repository.get("/repository/maven/be/imio/platform/salles/1.0.0/salles-1.0.0.pom", null)
                .statusCode(), "nothing was released");
        assertArrayEquals(targetsBefore, bytes("/repository/metadata/targets.json"), "nothing was signed");

        // Hosts keep what they have: the metadata already published is still valid, nothing is refused.
        sync(trusted.version());

        String out = rootSign("--rotate targets");
        assertTrue(out.contains("Published root metadata version " + (trusted.version() + 1)), out);
        trusted = trusted.next(metadata((trusted.version() + 1) + ".root.json"));
        assertEquals("UP", JSON.readTree(repository.get("/health", null).body()).path("status").asText(),
                "mended without a restart");
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "salles", "1.0.0");
        sync(trusted.version());
        runOperation("salles", "enable", "1.0.0");
        assertEquals("1.0.0", installedVersion("salles"));
    }

    // ---- the repository ----

    private static Path keyFile(String role) {
        return repository.dir.resolve("data/repository/keys/" + role + ".key");
    }

    private static String rootSign(String options) throws Exception {
        return repository.shell("admin", repository.adminPassword(), "imio:root-sign --key " + usb.resolve("root.key")
                + " " + options);
    }

    private static SignedMetadata metadata(String name) throws Exception {
        return SignedMetadata.parse(bytes("/repository/metadata/" + name));
    }

    private static byte[] bytes(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "GET " + path);
        return response.body();
    }

    private static HttpResponse<String> put(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (PUBLISHER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    // ---- the host ----

    /** Syncs the host now; it must then trust root {@code rootVersion} and report no warning. */
    private static void sync(long rootVersion) throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), synced.body());
        JsonNode status = JSON.readTree(synced.body());
        assertEquals(rootVersion, status.path("trustedRoot").path("version").asLong(), "the host's root: " + status);
        assertTrue(status.path("warning").isNull(), "the host accepted the metadata: " + status);
    }

    private static void runOperation(String module, String action, String version) throws Exception {
        HttpResponse<String> queued = host.postAsAdmin("/api/host/modules/" + module + "/" + action,
                "{\"version\":\"" + version + "\"}");
        assertEquals(202, queued.statusCode(), action + " " + module + " " + version + ": " + queued.body());
        long id = JSON.readTree(queued.body()).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = host.getAsAdmin("/api/host/operations/" + id);
            operation = answer.statusCode() == 200 ? JSON.readTree(answer.body()) : null;
            if (operation != null && FINAL_STATES.contains(operation.path("state").asText())) {
                assertEquals("succeeded", operation.path("state").asText(), action + " " + module + ": " + operation);
                return;
            }
            Thread.sleep(250);
        }
        fail(action + " " + module + " " + version + " did not finish: " + operation);
    }

    private static String installedVersion(String module) throws Exception {
        for (JsonNode installed : JSON.readTree(host.getAsAdmin("/api/host/modules").body()).path("modules")) {
            if (module.equals(installed.path("name").asText())) {
                return installed.path("version").asText();
            }
        }
        return fail(module + " is not installed");
    }
}
