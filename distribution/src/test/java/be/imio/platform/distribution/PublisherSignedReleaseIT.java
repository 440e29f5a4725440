package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

/**
 * A publisher that signs its own releases, against a real repository and a real host: once iMio has
 * registered its public key, what it uploads awaits its signature and no host is offered it; the
 * role it signs on its own machine (its files pinned by length and SHA-256) is checked and published
 * as it came, and the host installs the release it pins. Roles the repository must not trust (signed
 * by another key, replayed, reaching outside the publisher's namespace, pinning other bytes, sent by
 * another account) are refused and change nothing. Then the drills for a publisher key lost, and
 * stolen (what it signed after the theft never offered again). The tests build on one another, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PublisherSignedReleaseIT {

    private static final String PUBLISHER = "signer";
    private static final String PASSWORD = "Signer-Secret-" + System.nanoTime();
    private static final String ROLE = "/repository/metadata/publisher-" + PUBLISHER + ".json";
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final SigningKey PUBLISHER_KEY = SigningKey.generate();
    /** The key the publisher makes when it loses its first one. */
    private static final SigningKey SECOND_KEY = SigningKey.generate();
    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform", true);
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void aReleaseOfAPublisherWithAKeyAwaitsItsSignatureAndIsNotOffered() throws Exception {
        HttpResponse<String> set = put(repository, "/api/repository/publishers/" + PUBLISHER + "/key",
                PUBLISHER_KEY.publicKey().toJson().toString(), "application/json", "admin:" + repository.adminPassword());
        assertEquals(200, set.statusCode(), set.body());
        assertEquals(PUBLISHER_KEY.publicKey().id(), JSON.readTree(set.body()).path("keyId").asText());
        assertTrue(repository.getAsAdmin("/api/repository/publishers/").body()
                .contains("\"keyId\":\"" + PUBLISHER_KEY.publicKey().id() + "\""));

        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "courrier", "1.0.0");
        assertEquals(Set.of("awaiting"), signatures("courrier", "1.0.0"), "no file is signed yet");

        // The ceremony: the offline targets key delegates the publisher's namespace to its key.
        byte[] topBefore = bytes("/repository/metadata/targets.json");
        String refused = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key "
                + repository.dir.resolve("offline-keys/root-1.key"));
        assertTrue(refused.contains("0 valid signature(s) of 1 required"), "a key the root does not list: " + refused);
        assertArrayEquals(topBefore, bytes("/repository/metadata/targets.json"), "nothing published");
        assertTrue(repository.getAsAdmin("/api/repository/publishers/").body().contains("\"keyDelegated\":false"),
                "hosts do not trust the key before the ceremony");
        // The key holder compares what the server proposes with the list kept beside the offline key.
        String dryRun = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --dry-run");
        assertTrue(dryRun.contains("added publisher-" + PUBLISHER) && dryRun.contains(PUBLISHER_KEY.publicKey().id())
                && dryRun.contains("be.imio.platform"), dryRun);
        Path expected = Files.createTempFile(repository.dir.getParent(), "expected-", ".txt");
        Files.writeString(expected, "# publishers as they sent their key ids\n" + PUBLISHER + " "
                + SigningKey.generate().publicKey().id() + " be.imio.platform\n");
        String mismatch = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key "
                + repository.dir.resolve("offline-keys/targets.key") + " --expect " + expected);
        assertTrue(mismatch.contains("not the ones expected") && mismatch.contains("proposed key "
                + PUBLISHER_KEY.publicKey().id()), "a key the server swapped is caught: " + mismatch);
        assertArrayEquals(topBefore, bytes("/repository/metadata/targets.json"), "nothing published");
        Files.writeString(expected, PUBLISHER + " " + PUBLISHER_KEY.publicKey().id() + " be.imio.platform\n");
        String signed = repository.shell("admin", repository.adminPassword(), "imio:targets-sign --key "
                + repository.dir.resolve("offline-keys/targets.key") + " --expect " + expected);
        assertTrue(signed.contains("publisher-" + PUBLISHER) && !signed.contains("not the ones expected"), signed);
        assertTrue(repository.getAsAdmin("/api/repository/publishers/").body().contains("\"keyDelegated\":true"));
        JsonNode top = JSON.readTree(bytes("/repository/metadata/targets.json")).path("signed");
        assertEquals(0, top.path("targets").size(), "the offline top-level targets list no file: " + top);
        assertEquals(List.of("releases", "publisher-" + PUBLISHER), names(top.path("delegations").path("roles")));
        String rotate = repository.shell("admin", repository.adminPassword(), "imio:root-sign --key "
                + repository.dir.resolve("offline-keys/root-1.key") + " --key " + repository.dir.resolve(
                "offline-keys/root-2.key") + " --rotate targets");
        assertTrue(rotate.contains("the targets key is offline here"), rotate);

        assertEquals(Set.of("awaiting"), signatures("courrier", "1.0.0"), "delegated to, but not signed yet");
        sync();
        assertFalse(host.catalogueLists("courrier", "1.0.0"), "a host is not offered what its publisher did not sign");
        assertEquals(404, repository.get(ROLE, null).statusCode(), "no role published yet");
    }

    @Test
    @Order(2)
    void theRoleThePublisherSignsIsPublishedAsItCameAndTheHostInstallsWhatItPins() throws Exception {
        SignedMetadata role = role(1, PUBLISHER_KEY, files("courrier", "1.0.0"));
        HttpResponse<String> sent = sendRole(PUBLISHER, role.toBytes(), PUBLISHER + ":" + PASSWORD);
        assertEquals(200, sent.statusCode(), sent.body());
        assertEquals(1, JSON.readTree(sent.body()).path("version").asLong());

        assertArrayEquals(role.toBytes(), bytes(ROLE), "the role is published as its publisher signed it");
        assertEquals(Set.of("publisher"), signatures("courrier", "1.0.0"));
        JsonNode snapshot = JSON.readTree(bytes("/repository/metadata/snapshot.json"));
        assertEquals(1, snapshot.path("signed").path("meta").path("publisher-" + PUBLISHER + ".json").path("version")
                .asLong(), "the snapshot pins the role: " + snapshot);
        JsonNode releases = JSON.readTree(bytes("/repository/metadata/releases.json")).path("signed");
        for (Target file : files("courrier", "1.0.0")) {
            assertFalse(releases.path("targets").has(file.path()), "the repository's online key pins no code " + file.path());
            assertEquals("testing", releases.path("custom").path("files").path(file.path()).path("channel").asText(),
                    "its online releases role says which channel the file is in");
        }
        assertTrue(snapshot.path("signed").path("meta").has("releases.json"), snapshot.toString());

        sync();
        assertTrue(host.catalogueLists("courrier", "1.0.0"));
        host.runOperation("courrier", "enable", "1.0.0");
        assertEquals("1.0.0", host.installedVersion("courrier"));
    }

    @Test
    @Order(3)
    void rolesTheRepositoryMustNotTrustAreRefusedAndChangeNothing() throws Exception {
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "courrier", "1.1.0");
        byte[] before = bytes(ROLE);
        List<Target> both = new ArrayList<>(files("courrier", "1.0.0"));
        both.addAll(files("courrier", "1.1.0"));

        refused(role(2, SigningKey.generate(), both), PUBLISHER, 403, "bad_signature", "signed by another key");
        refused(role(1, PUBLISHER_KEY, both), PUBLISHER, 409, "role_version", "not newer than the one published");
        refused(role(1_000_000_000_000_000_000L, PUBLISHER_KEY, both), PUBLISHER, 409, "role_version",
                "a version no host or file name can hold");
        List<Target> outside = new ArrayList<>(both);
        outside.add(new Target("be/other/agenda/1.0.0/agenda-1.0.0.jar", 3, Digests.sha256Hex(new byte[3]), null));
        refused(role(2, PUBLISHER_KEY, outside), PUBLISHER, 403, "outside_namespace", "a file of another namespace");
        List<Target> otherBytes = new ArrayList<>(files("courrier", "1.0.0"));
        Target jar = files("courrier", "1.1.0").get(0);
        otherBytes.add(new Target(jar.path(), jar.length(), Digests.sha256Hex("forged".getBytes(StandardCharsets.UTF_8)),
                null));
        refused(role(2, PUBLISHER_KEY, otherBytes), PUBLISHER, 409, "unknown_target", "other bytes than released");
        SignedMetadata expired = SignedMetadata.sign(MetadataDocuments.targets(2, Instant.now().minusSeconds(60), both),
                List.of(PUBLISHER_KEY));
        refused(expired, PUBLISHER, 400, "bad_role", "expired");
        HttpResponse<String> forAnother = sendRole("another", role(2, PUBLISHER_KEY, both).toBytes(),
                PUBLISHER + ":" + PASSWORD);
        assertEquals(403, forAnother.statusCode(), "an account sends its own role only: " + forAnother.body());
        assertArrayEquals(before, bytes(ROLE), "nothing was published");
        assertEquals(Set.of("awaiting"), signatures("courrier", "1.1.0"));

        // Two builds of the same publisher send the same next version at once: one is published, the
        // other is told to start again from it; never two documents under one version.
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> racing = new ArrayList<>();
        for (List<Target> files : List.of(both, files("courrier", "1.0.0"))) {
            byte[] raced = role(2, PUBLISHER_KEY, files).toBytes();
            racing.add(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                try {
                    return sendRole(PUBLISHER, raced, PUBLISHER + ":" + PASSWORD);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }));
        }
        List<Integer> statuses = new ArrayList<>();
        for (var answer : racing) {
            statuses.add(answer.get().statusCode());
        }
        statuses.sort(null);
        assertEquals(List.of(200, 409), statuses, "exactly one of two racing uploads of version 2 is published");
        SignedMetadata won = SignedMetadata.parse(bytes(ROLE));
        assertEquals(2, won.version());
        assertArrayEquals(won.toBytes(), bytes("/repository/metadata/2.publisher-" + PUBLISHER + ".json"),
                "the versioned document is the one published");

        HttpResponse<String> sent = sendRole(PUBLISHER, role(3, PUBLISHER_KEY, both).toBytes(), PUBLISHER + ":" + PASSWORD);
        assertEquals(200, sent.statusCode(), sent.body());
        sync();
        host.runOperation("courrier", "update", "1.1.0");
        assertEquals("1.1.0", host.installedVersion("courrier"));
    }

    @Test
    @Order(4)
    void aLostKeyIsReplacedAtACeremonyAndThePublisherSignsItsReleasesAgain() throws Exception {
        SignedMetadata lastWithLostKey = SignedMetadata.parse(bytes(ROLE));
        PublisherSigning.registerKey(repository, PUBLISHER, SECOND_KEY);
        String ceremony = repository.signTargets();
        assertTrue(ceremony.contains(SECOND_KEY.publicKey().id().substring(0, 12)), ceremony);

        // Hosts no longer trust the lost key's role: that publisher's releases are withheld, and
        // the host says why; what it runs keeps running.
        String warning = syncAnswer().path("warning").asText("");
        assertTrue(warning.contains("publisher-" + PUBLISHER) && warning.contains("valid signature(s)"), warning);
        assertFalse(host.catalogueLists("courrier", "1.1.0"));
        assertEquals("1.1.0", host.installedVersion("courrier"));

        // The publisher signs, with its new key, what its last role pinned (-Dimio.signing.previousRole).
        List<Target> carried = new ArrayList<>(MetadataDocuments.targetsOf(lastWithLostKey).values());
        HttpResponse<String> sent = sendRole(PUBLISHER, role(lastWithLostKey.version() + 1, SECOND_KEY, carried).toBytes(),
                PUBLISHER + ":" + PASSWORD);
        assertEquals(200, sent.statusCode(), sent.body());
        sync();
        assertTrue(host.catalogueLists("courrier", "1.1.0"));
        assertEquals(Set.of("publisher"), signatures("courrier", "1.1.0"));
    }

    @Test
    @Order(5)
    void aStolenKeyIsReplacedAndOnlyWhatItSignedBeforeTheTheftIsCarriedOver() throws Exception {
        SignedMetadata beforeTheft = SignedMetadata.parse(bytes(ROLE));
        // The thief, with the key and the account, releases a module and signs it in.
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, "conseil", "1.0.0");
        List<Target> withTheft = new ArrayList<>(MetadataDocuments.targetsOf(beforeTheft).values());
        withTheft.addAll(files("conseil", "1.0.0"));
        HttpResponse<String> stolen = sendRole(PUBLISHER, role(beforeTheft.version() + 1, SECOND_KEY, withTheft).toBytes(),
                PUBLISHER + ":" + PASSWORD);
        assertEquals(200, stolen.statusCode(), stolen.body());
        sync();
        assertTrue(host.catalogueLists("conseil", "1.0.0"), "until the theft is reported, the stolen key is trusted");

        // Reported: iMio registers the publisher's new key and signs the top-level targets.
        SigningKey third = SigningKey.generate();
        PublisherSigning.registerKey(repository, PUBLISHER, third);
        repository.signTargets();
        String warning = syncAnswer().path("warning").asText("");
        assertTrue(warning.contains("publisher-" + PUBLISHER), "the stolen key's role is withheld: " + warning);
        assertFalse(host.catalogueLists("conseil", "1.0.0"));
        refused(role(beforeTheft.version() + 2, SECOND_KEY, withTheft), PUBLISHER, 403, "bad_signature",
                "the stolen key signs nothing the repository takes any more");

        // The publisher carries over only the role it signed before the theft.
        HttpResponse<String> sent = sendRole(PUBLISHER, role(beforeTheft.version() + 2, third,
                new ArrayList<>(MetadataDocuments.targetsOf(beforeTheft).values())).toBytes(), PUBLISHER + ":" + PASSWORD);
        assertEquals(200, sent.statusCode(), sent.body());
        sync();
        assertFalse(host.catalogueLists("conseil", "1.0.0"), "released after the theft, signed by the stolen key only");
        assertTrue(host.catalogueLists("courrier", "1.1.0"), "signed before the theft, carried over");
        assertEquals(Set.of("awaiting"), signatures("conseil", "1.0.0"));
        assertEquals("1.1.0", host.installedVersion("courrier"));
    }

    private static List<String> names(JsonNode roles) {
        List<String> names = new ArrayList<>();
        roles.forEach(role -> names.add(role.path("name").asText()));
        return names;
    }

    // ---- the publisher's side ----

    private static List<Target> files(String module, String version) throws Exception {
        return PublisherSigning.files(module, version);
    }

    private static SignedMetadata role(long version, SigningKey key, List<Target> targets) {
        return PublisherSigning.role(version, key, targets);
    }

    private static HttpResponse<String> sendRole(String account, byte[] role, String credentials) throws Exception {
        return PublisherSigning.sendRole(repository, account, role, credentials);
    }

    private static void refused(SignedMetadata role, String account, int status, String code, String why)
            throws Exception {
        HttpResponse<String> answer = sendRole(account, role.toBytes(), PUBLISHER + ":" + PASSWORD);
        assertEquals(status, answer.statusCode(), why + ": " + answer.body());
        assertEquals(code, JSON.readTree(answer.body()).path("error").asText(), why + ": " + answer.body());
    }

    // ---- the repository ----

    /** How each file of a release is signed, as the repository lists it. */
    private static Set<String> signatures(String module, String version) throws Exception {
        Set<String> found = new java.util.HashSet<>();
        for (JsonNode release : JSON.readTree(repository.getAsAdmin("/api/repository/releases/").body()).path("releases")) {
            if (module.equals(release.path("artifactId").asText()) && version.equals(release.path("version").asText())) {
                found.add(release.path("signature").asText());
            }
        }
        assertFalse(found.isEmpty(), module + " " + version + " is released");
        return found;
    }

    private static byte[] bytes(String path) throws Exception {
        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, answer.statusCode(), "GET " + path);
        return answer.body();
    }

    private static HttpResponse<String> put(RunningInstance instance, String path, String body, String type,
            String credentials) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + path))
                .header("Content-Type", type)
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the host ----

    private static void sync() throws Exception {
        JsonNode synced = syncAnswer();
        assertTrue(synced.path("warning").isNull(), "the host accepted the metadata: " + synced);
    }

    private static JsonNode syncAnswer() throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), synced.body());
        return JSON.readTree(synced.body());
    }
}
