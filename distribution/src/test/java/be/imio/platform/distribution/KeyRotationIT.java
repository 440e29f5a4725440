package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

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
 * The key rotation drills, as iMio runs them with root keys brought back from offline storage:
 * each online role (timestamp, snapshot, targets) gets a new key in turn, through
 * {@code imio:root-sign --rotate}; a real host follows each new root without a restart and installs
 * a module released after it. Then an online key file is lost: the restarted repository signs
 * nothing, refuses releases and says why in its health, rather than signing with a key no root
 * lists; rotating that key mends it. Then a root key holder leaves: two of the three holders sign
 * a root that drops the leaver's key and adds a newcomer's; one holder alone, or the leaver with
 * one other, cannot sign a root. Last, the repository, created with its top-level targets key
 * online, moves it offline once its publisher signs its releases. The tests build on one another,
 * in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationIT {

    private static final String PUBLISHER = "publisher-rotation";
    private static final String PASSWORD = "Rotation-Secret-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;
    /** Where the root keys are kept between signings, off the repository's folder (each holder's, in life). */
    private static Path usb;
    private static TrustRoot trusted;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform");
        repository.start();
        usb = Files.createTempDirectory(distribution.root, "usb-");
        Files.move(repository.dir.resolve("offline-keys"), usb.resolve("keys"));
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
        host.runOperation("courrier", "enable", "1.0.0");
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
            assertFalse(Files.exists(repository.dir.resolve("offline-keys")), "the root keys stay off the server");
            assertFalse(Files.exists(keyFile("root")), "no root key on the server");
            Instant now = Instant.now();
            for (Role below : new Role[] {Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP}) {
                trusted.verify(metadata(below.fileName()), below, now);
            }

            // A host follows: the new root, then a module released after the rotation.
            PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, step[1], step[2]);
            sync(trusted.version());
            host.runOperation(step[1], step[3], step[2]);
            assertEquals(step[2], host.installedVersion(step[1]), step[1] + " runs " + step[2] + " after " + step[0]);
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
        host.runOperation("salles", "enable", "1.0.0");
        assertEquals("1.0.0", host.installedVersion("salles"));
    }

    @Test
    @Order(3)
    void aRootKeyHolderLeavesTwoOfThreeHandOverAndOneAloneCannotSign() throws Exception {
        assertEquals(3, trusted.keyIds(Role.ROOT).size(), "a new repository has three root keys");
        assertEquals(2, trusted.threshold(Role.ROOT), "two of them sign a root");
        String leaver = SigningKey.readFrom(usb.resolve("keys/root-3.key")).publicKey().id();

        // One holder alone, or the leaver with one other after the hand-over below, cannot sign.
        String alone = rootSignWith(List.of("root-1"), "--threshold 1");
        assertTrue(alone.contains("has 1 valid signature(s) of 2 required"), alone);
        assertEquals(404, repository.get("/repository/metadata/" + (trusted.version() + 1) + ".root.json", null)
                .statusCode(), "nothing was published");

        String out = rootSignWith(List.of("root-1", "root-2"), "--remove " + usb.resolve("keys/root-3.key")
                + " --new-key " + usb.resolve("keys/root-4.key"));
        assertTrue(out.contains("Published root metadata version " + (trusted.version() + 1)), out);
        assertTrue(out.contains("2 of 3 sign each root"), out);
        TrustRoot handedOver = trusted.next(metadata((trusted.version() + 1) + ".root.json"));
        assertFalse(handedOver.keyIds(Role.ROOT).contains(leaver), "the leaver's key is no longer a root key");
        assertTrue(handedOver.keyIds(Role.ROOT).contains(
                SigningKey.readFrom(usb.resolve("keys/root-4.key")).publicKey().id()), "the newcomer's is");
        trusted = handedOver;
        sync(trusted.version());

        String withLeaver = rootSignWith(List.of("root-3", "root-1"), "");
        assertTrue(withLeaver.contains("has 1 valid signature(s) of 2 required"), withLeaver);
        assertEquals(404, repository.get("/repository/metadata/" + (trusted.version() + 1) + ".root.json", null)
                .statusCode(), "nothing was published");

        // The remaining holders and the newcomer go on: the host follows and still installs.
        out = rootSignWith(List.of("root-2", "root-4"), "--rotate timestamp");
        assertTrue(out.contains("Published root metadata version " + (trusted.version() + 1)), out);
        trusted = trusted.next(metadata((trusted.version() + 1) + ".root.json"));
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "salles", "1.1.0");
        sync(trusted.version());
        host.runOperation("salles", "update", "1.1.0");
        assertEquals("1.1.0", host.installedVersion("salles"));
    }

    @Test
    @Order(4)
    void aRepositoryCreatedWithItsTargetsKeyOnlineMovesItOfflineOnceEveryPublisherSigns() throws Exception {
        Path offlineTargets = usb.resolve("keys/targets.key");
        String refused = rootSignWith(List.of("root-2", "root-4"), "--offline-targets " + offlineTargets);
        assertTrue(refused.contains("would no longer be") && refused.contains(PUBLISHER), refused);
        assertEquals(404, repository.get("/repository/metadata/" + (trusted.version() + 1) + ".root.json", null)
                .statusCode(), "nothing was published");
        assertTrue(Files.exists(keyFile("targets")));

        // The publisher registers a key and signs what it released; the repository delegates to it.
        SigningKey key = SigningKey.generate();
        PublisherSigning.registerKey(repository, PUBLISHER, key);
        List<be.imio.platform.trust.Target> released = new java.util.ArrayList<>();
        for (String module : List.of("courrier", "conseil", "salles")) {
            for (String version : List.of("1.0.0", "1.1.0")) {
                released.addAll(PublisherSigning.files(module, version));
            }
        }
        HttpResponse<String> signed = PublisherSigning.sendRole(repository, PUBLISHER,
                PublisherSigning.role(1, key, released).toBytes(), PUBLISHER + ":" + PASSWORD);
        assertEquals(200, signed.statusCode(), signed.body());
        sync(trusted.version());

        String out = rootSignWith(List.of("root-2", "root-4"), "--offline-targets " + offlineTargets);
        assertTrue(out.contains("Published root metadata version " + (trusted.version() + 1)), out);
        trusted = trusted.next(metadata((trusted.version() + 1) + ".root.json"));
        assertEquals(java.util.Set.of(SigningKey.readFrom(offlineTargets).publicKey().id()), trusted.keyIds(Role.TARGETS));
        assertFalse(Files.exists(keyFile("targets")), "the online targets key is gone from the server");
        JsonNode top = JSON.readTree(bytes("/repository/metadata/targets.json")).path("signed");
        assertEquals(0, top.path("targets").size(), "the top-level targets list no file any more: " + top);
        assertEquals("releases", top.path("delegations").path("roles").path(0).path("name").asText(), top.toString());
        sync(trusted.version());
        assertEquals("1.1.0", host.installedVersion("salles"));
        assertTrue(host.catalogueLists("courrier", "1.1.0"), "what the publisher signed is still offered");

        // From then on: a restart keeps it so, and a ceremony with the offline key signs the top-level targets.
        repository.stop();
        repository.start();
        assertEquals("UP", JSON.readTree(repository.get("/health", null).body()).path("status").asText());
        String ceremony = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key " + offlineTargets);
        assertTrue(ceremony.contains("publisher-" + PUBLISHER), ceremony);
        sync(trusted.version());
        assertTrue(host.catalogueLists("courrier", "1.1.0"));
    }

    @Test
    @Order(5)
    void theOfflineTargetsKeyGetsASuccessorAndTheOldOneSignsNothingMore() throws Exception {
        Path old = usb.resolve("keys/targets.key");
        Path successor = usb.resolve("keys/targets-2.key");
        String out = rootSignWith(List.of("root-2", "root-4"), "--offline-targets " + successor);
        assertTrue(out.contains("Published root metadata version " + (trusted.version() + 1)), out);
        trusted = trusted.next(metadata((trusted.version() + 1) + ".root.json"));
        assertEquals(java.util.Set.of(SigningKey.readFrom(successor).publicKey().id()), trusted.keyIds(Role.TARGETS));
        trusted.verify(metadata("targets.json"), Role.TARGETS, Instant.now());
        sync(trusted.version());
        assertTrue(host.catalogueLists("courrier", "1.1.0"), "the same delegations, signed by the new key");

        byte[] before = bytes("/repository/metadata/targets.json");
        String refused = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key " + old);
        assertTrue(refused.contains("0 valid signature(s) of 1 required"), "the old key signs nothing more: " + refused);
        assertArrayEquals(before, bytes("/repository/metadata/targets.json"));
        String signed = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key " + successor);
        assertTrue(signed.contains("publisher-" + PUBLISHER), signed);
        sync(trusted.version());
    }

    // ---- the repository ----

    private static Path keyFile(String role) {
        return repository.dir.resolve("data/repository/keys/" + role + ".key");
    }

    private static String rootSign(String options) throws Exception {
        return rootSignWith(List.of("root-1", "root-2"), options);
    }

    /** {@code imio:root-sign} with the root keys of {@code holders} ({@code root-1}...) from the USB keys. */
    private static String rootSignWith(List<String> holders, String options) throws Exception {
        StringBuilder keys = new StringBuilder();
        for (String holder : holders) {
            keys.append(" --key ").append(usb.resolve("keys/" + holder + ".key"));
        }
        return repository.shell("admin", repository.adminPassword(), "imio:root-sign" + keys + " " + options);
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
}
