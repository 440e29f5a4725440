package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;

/**
 * A commune host syncs from a real central repository through a hostile mirror, which mounts the
 * attacks of the TUF threat model one after the other: it redirects, stalls, sends oversize and
 * malformed documents, freezes the host on expired metadata, and fast-forwards the timestamp with
 * a stolen timestamp key. Each time the host must say what happened, install nothing it should
 * not, keep running what it runs, and recover once the mirror behaves. Documents the repository
 * would never sign are signed here with its own keys, as a thief of its online keys would.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MirrorAttacksIT {

    private static final String PUBLISHER = "publisher-platform";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String HOST_ID = "mirrored";
    private static final String METADATA = "/repository/metadata/";
    private static final String TIMESTAMP = METADATA + "timestamp.json";
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    /** Signs as the holder of the repository's keys: what the mirror serves in the attacks that need it. */
    private static StolenKeys stolen;
    private static TamperingMirror mirror;
    private static TamperingMirror elsewhere;
    private static RunningInstance host;

    @BeforeAll
    static void startRepositoryMirrorAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform");
        repository.start();
        stolen = new StolenKeys(repository);
        HttpResponse<String> registered = repository.postAsAdmin("/api/repository/hosts/", "{\"id\":\"" + HOST_ID + "\"}");
        assertEquals(201, registered.statusCode(), "registering the host: " + registered.body());
        String hostToken = json(registered).path("token").asText();
        publish("courrier", "1.0.0");
        publish("conseil", "1.0.0");

        mirror = TamperingMirror.start(repository.httpPort);
        elsewhere = TamperingMirror.start(repository.httpPort);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                .digest(repositoryBytes(METADATA + "1.root.json")));
        host = RunningInstance.create(distribution, "host", "--repository", mirror.url(), "--root-fingerprint", fingerprint);
        // Syncs are driven by the tests; the host's own schedule stays out of the way.
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"), "\nchannel = testing\n"
                + "syncIntervalSeconds = 3600\n" + "hostId = " + HOST_ID + "\n" + "hostToken = " + hostToken + "\n",
                StandardOpenOption.APPEND);
        host.start();
    }

    /** Each attack starts from a mirror that behaves, whatever the one before left. */
    @BeforeEach
    void mirrorBehaves() {
        mirror.clearReplacements();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, mirror, elsewhere, repository);
    }

    /** #13: a mirror that moves everything elsewhere still serves; the fleet credential stays home. */
    @Test
    @Order(1)
    void redirectsAreFollowedAndTheFleetCredentialIsNotSentToAnotherOrigin() throws Exception {
        mirror.redirect(METADATA, 301, mirror.url() + "/moved");
        mirror.redirect("/repository/maven/", 302, "http://127.0.0.1:" + repository.httpPort);
        mirror.redirect("/repository/reports", 307, elsewhere.url());
        try {
            JsonNode synced = sync();
            assertTrue(synced.path("warning").isNull(), "a sync through redirects succeeds: " + synced);
            assertTrue(mirror.requests("/moved" + TIMESTAMP) > 0, "the metadata came through the redirect");
            assertTrue(catalogueHas("courrier", "1.0.0"), "the catalogue lists courrier: " + getJson("/api/host/catalogue"));

            JsonNode enabled = operate("courrier", "enable", "{\"version\":\"1.0.0\"}");
            assertEquals("succeeded", enabled.path("state").asText(), "artifacts come through a redirect: " + enabled);
            assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode(), "courrier serves its page");

            awaitCondition(() -> mirror.requests("/repository/reports") > 0, "the host posts its report");
            assertTrue(mirror.authorized("/repository/reports") > 0, "the report goes to the repository's origin");
            assertEquals(0, elsewhere.requests("/repository/reports"),
                    "the report, with its credential, is never sent to the other origin it is redirected to");
            assertEquals(0, elsewhere.authorized("/"), "no credential reaches the other origin");
        } finally {
            mirror.clearReplacements();
        }
    }

    /** #8: a mirror that sends headers and then stalls holds neither the sync nor the operations. */
    @Test
    @Order(2)
    void aStallingMirrorHoldsNeitherTheSyncNorTheOperations() throws Exception {
        mirror.stall(TIMESTAMP);
        try {
            long started = System.nanoTime();
            CompletableFuture<HttpResponse<String>> first = CompletableFuture.supplyAsync(() -> {
                try {
                    return host.postAsAdmin("/api/host/sync", "{}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitCondition(() -> mirror.requests(TIMESTAMP) > 0 && status().path("syncing").asBoolean(),
                    "the first sync is held by the mirror");
            long asked = System.nanoTime();
            HttpResponse<String> second = host.postAsAdmin("/api/host/sync", "{}");
            double waited = (System.nanoTime() - asked) / 1e9;
            assertTrue(waited < 8, "a second sync is answered within seconds, not parked: " + waited + " s");
            assertEquals(409, second.statusCode(), "a sync already running: " + second.body());
            assertEquals("sync_running", json(second).path("error").asText(), second.body());
            assertTrue(json(second).path("message").asText().contains(" / "), "French then English: " + second.body());

            HttpResponse<String> held = first.get(40, TimeUnit.SECONDS);
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals(200, held.statusCode(), held.body());
            assertTrue(seconds < 25, "the stalled sync was cut off after " + seconds + " s");
            String warning = json(held).path("warning").asText("");
            assertTrue(warning.contains("bytes a second"), "the host says the mirror is too slow: " + held.body());
        } finally {
            mirror.clearReplacements();
        }
        assertTrue(sync().path("warning").isNull(), "the sync succeeds once the mirror answers");

        String jar = "/repository/maven/be/imio/platform/conseil/1.0.0/conseil-1.0.0.jar";
        mirror.stall(jar);
        try {
            long started = System.nanoTime();
            JsonNode enable = operate("conseil", "enable", "{\"version\":\"1.0.0\"}");
            double seconds = (System.nanoTime() - started) / 1e9;
            assertEquals("failed", enable.path("state").asText(), "a stalled download fails the operation: " + enable);
            assertTrue(enable.path("reason").asText().contains("bytes a second"), "the reason says why: " + enable);
            assertTrue(seconds < 40, "the worker was freed after " + seconds + " s");
            assertTrue(mirror.requests(jar) > 0, "the host did ask the mirror for the jar");
            assertTrue(status().path("operation").isNull(), "no operation is left running: " + status());
        } finally {
            mirror.clearReplacements();
        }
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode(), "courrier kept running");
    }

    /** #4 and #14: oversize and malformed documents are refused metadata, with the reason; never "offline". */
    @Test
    @Order(3)
    void oversizeAndMalformedMetadataAreRefusedWithTheReasonNotReportedOffline() throws Exception {
        byte[] timestamp = repositoryBytes(TIMESTAMP);
        mirror.replace(TIMESTAMP, padded(timestamp, 200_000));
        assertRefused(sync(), "bytes allowed");

        // A new release, so that the host fetches the new snapshot, which the mirror pads.
        publish("salles", "1.0.0");
        long snapshotVersion = MetadataDocuments.pinOf(SignedMetadata.parse(repositoryBytes(TIMESTAMP)), Role.SNAPSHOT)
                .version();
        String snapshot = METADATA + snapshotVersion + ".snapshot.json";
        mirror.clearReplacements();
        mirror.replace(snapshot, padded(repositoryBytes(snapshot), 1_000_000));
        assertRefused(sync(), snapshotVersion + ".snapshot.json");
        assertTrue(mirror.requests(snapshot) > 0, "the host did ask for the snapshot");

        // A floating-point number where the signed document has an integer.
        mirror.clearReplacements();
        String text = new String(repositoryBytes(TIMESTAMP), StandardCharsets.UTF_8);
        String withFloat = text.replaceFirst("\"spec_version\":\"1.0\",\"version\":(\\d+)", "\"spec_version\":\"1.0\",\"version\":$1.0");
        assertFalse(withFloat.equals(text), "a version to write as a float in " + text);
        mirror.replace(TIMESTAMP, withFloat.getBytes(StandardCharsets.UTF_8));
        assertRefused(sync(), "integers");

        // A 304 the host did not ask for: no ETag, so nothing says the host holds the current document.
        mirror.clearReplacements();
        mirror.notModifiedWithoutEtag(TIMESTAMP);
        assertRefused(sync(), "304");

        mirror.clearReplacements();
        JsonNode healed = sync();
        assertTrue(healed.path("warning").isNull(), "the warning ends once the mirror serves the real metadata: " + healed);
        assertTrue(catalogueHas("salles", "1.0.0"), "and the catalogue follows the repository again");
    }

    /** #5: fresh timestamps pinning a snapshot and targets that expired: the host is degraded and installs nothing. */
    @Test
    @Order(4)
    void aFreezeOnExpiredSnapshotAndTargetsIsSeenAndNothingIsInstalledFromThem() throws Exception {
        Instant soon = Instant.now().plusSeconds(25).truncatedTo(ChronoUnit.SECONDS);
        // Targets and snapshot that expire in a few seconds, signed with the repository's keys.
        Resigned resigned = serveResigned(soon, signed -> { });
        long version = resigned.version();
        SignedMetadata snapshot = resigned.snapshot();
        try {
            JsonNode accepted = sync();
            assertTrue(accepted.path("warning").isNull(), "metadata still valid is accepted: " + accepted);
            assertEquals(version, accepted.path("targetsVersion").asLong(), accepted.toString());

            sleepUntil(soon.plusSeconds(1));
            JsonNode live = status();
            assertTrue(live.path("warning").asText("").contains("expired"), "expiry shows without a sync: " + live);

            int before = mirror.requests(TIMESTAMP);
            JsonNode notModified = sync();
            assertTrue(mirror.requests(TIMESTAMP) > before, "the host asked for the timestamp");
            assertTrue(notModified.path("warning").asText("").contains("snapshot metadata version " + version + " expired"),
                    "the unchanged timestamp (304) does not hide the expired snapshot: " + notModified);

            mirror.replaceCacheable(TIMESTAMP, stolen.timestampPinning(snapshot, version + 1).toBytes());
            JsonNode fresh = sync();
            assertTrue(fresh.path("warning").asText("").contains("snapshot metadata version " + version + " expired"),
                    "a fresh timestamp pinning the expired snapshot is refused: " + fresh);
            assertEquals(version, fresh.path("timestampVersion").asLong(), "the refused timestamp is not kept: " + fresh);

            String platform = host.getAsAdmin("/api/status").body();
            assertTrue(platform.contains("DEGRADED") && platform.contains("expired"),
                    "the host's health is degraded with the reason: " + platform);
            HttpResponse<String> enable = host.postAsAdmin("/api/host/modules/conseil/enable", "{\"version\":\"1.0.0\"}");
            assertEquals(409, enable.statusCode(), "no enable from expired metadata: " + enable.body());
            assertEquals("catalogue_expired", json(enable).path("error").asText(), enable.body());
            assertTrue(json(enable).path("message").asText().contains(" / "), "French then English: " + enable.body());
            assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode(), "courrier keeps running");
        } finally {
            mirror.clearReplacements();
        }

        // The repository publishes again (a release): newer than everything the freeze showed.
        publish("courrier", "1.1.0");
        JsonNode recovered = sync();
        assertTrue(recovered.path("warning").isNull(), "fresh metadata ends the freeze: " + recovered);
        JsonNode enabled = operate("conseil", "enable", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", enabled.path("state").asText(), "installs run again: " + enabled);
    }

    /** #6: a timestamp fast-forwarded by a stolen key is undone by a new root that rotates that key. */
    // Last: the host then trusts a root the repository itself never published.
    @Test
    @Order(7)
    void aRevocationIsInForceTheMomentItsTargetsAreTrustedWhileTextsAreStillComing() throws Exception {
        // salles 1.0.0 is in the host's catalogue (released by the third test).
        JsonNode before = sync();
        assertTrue(before.path("warning").isNull(), before.toString());
        // A new release whose texts the mirror holds back, and the revocation of 1.0.0, signed together.
        publish("salles", "1.1.0");
        String texts = "/repository/maven/be/imio/platform/salles/1.1.0/salles-1.1.0-about.json";
        HttpResponse<String> revoked = repository.postAsAdmin("/api/repository/releases/be.imio.platform:salles:1.0.0"
                + "/revoke", "{\"reason\":\"faille\"}");
        assertEquals(200, revoked.statusCode(), revoked.body());
        mirror.stall(texts);
        try {
            CompletableFuture<HttpResponse<String>> syncing = CompletableFuture.supplyAsync(() -> {
                try {
                    return host.postAsAdmin("/api/host/sync", "{}");
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            awaitCondition(() -> mirror.requests(texts) > 0, "the sync waits for the texts, the targets trusted");
            // Meanwhile staff ask for the release that was just revoked.
            HttpResponse<String> asked = host.postAsAdmin("/api/host/modules/salles/enable", "{\"version\":\"1.0.0\"}");
            assertEquals(409, asked.statusCode(), "the revoked release is not installed: " + asked.body());
            assertTrue(Set.of("revoked", "catalogue_updating").contains(json(asked).path("error").asText()), asked.body());
            mirror.clearReplacements();
            assertEquals(200, syncing.get(60, TimeUnit.SECONDS).statusCode());
        } finally {
            mirror.clearReplacements();
        }
        assertRevokedHere("salles", "1.0.0");
    }

    /** #12 variant: signed targets that no longer flag a revoked release (a repository restored from an older backup). */
    @Test
    @Order(8)
    void aReleaseSeenRevokedStaysRevokedWhateverLaterTargetsSay() throws Exception {
        long version = serveResigned(Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS), signed -> {
            for (var entry : signed.get("targets").properties()) {
                if (entry.getKey().startsWith("be/imio/platform/salles/1.0.0/")) {
                    ((ObjectNode) entry.getValue().get("custom")).remove(List.of("revoked", "revokedReason"));
                }
            }
        }).version();
        try {
            JsonNode accepted = sync();
            assertEquals(version, accepted.path("targetsVersion").asLong(), "the host trusts the new targets: " + accepted);
            assertRevokedHere("salles", "1.0.0");
            assertTrue(host.karafLog().contains("this host saw it revoked"), "the log says why");
        } finally {
            mirror.clearReplacements();
        }
        // The repository signs again, above the versions the mirror showed: the host follows it.
        repository.shell("admin", repository.adminPassword(), "imio:metadata-republish");
        JsonNode followed = sync();
        assertTrue(followed.path("warning").isNull(), "back on the repository's own metadata: " + followed);
        assertRevokedHere("salles", "1.0.0");
    }

    /** What the mirror serves, signed with the repository's own (stolen) keys, newer than the repository's. */
    private record Resigned(long version, SignedMetadata snapshot) {
    }

    /**
     * Serves the repository's targets changed by {@code editTargets}, with a snapshot and a
     * timestamp pinning them, all of a version above the repository's, expiring at {@code expires}.
     */
    private static Resigned serveResigned(Instant expires, java.util.function.Consumer<ObjectNode> editTargets)
            throws Exception {
        SignedMetadata realTargets = SignedMetadata.parse(repositoryBytes(METADATA + "targets.json"));
        SignedMetadata realSnapshot = SignedMetadata.parse(repositoryBytes(METADATA + "snapshot.json"));
        SignedMetadata realTimestamp = SignedMetadata.parse(repositoryBytes(TIMESTAMP));
        long version = Math.max(System.currentTimeMillis(), realTimestamp.version() + 1);
        SignedMetadata targets = stolen.resign(realTargets, version, expires, Role.TARGETS, editTargets);
        SignedMetadata snapshot = stolen.resign(realSnapshot, version, expires, Role.SNAPSHOT,
                signed -> StolenKeys.pin((ObjectNode) signed.get("meta"), targets));
        mirror.replace(METADATA + version + ".targets.json", targets.toBytes());
        mirror.replace(METADATA + version + ".snapshot.json", snapshot.toBytes());
        mirror.replaceCacheable(TIMESTAMP, stolen.timestampPinning(snapshot, version).toBytes());
        return new Resigned(version, snapshot);
    }

    private static void assertRevokedHere(String module, String version) throws Exception {
        HttpResponse<String> after = host.postAsAdmin("/api/host/modules/" + module + "/enable",
                "{\"version\":\"" + version + "\"}");
        assertEquals(409, after.statusCode(), after.body());
        assertEquals("revoked", json(after).path("error").asText(), after.body());
        String bundles = host.bundleList();
        assertFalse(bundles.contains("be.imio.platform." + module), "Karaf runs nothing of " + module + ": " + bundles);
    }

    @Test
    @Order(9)
    void aTimestampFastForwardedWithAStolenKeyIsUndoneByARootRotatingThatKey() throws Exception {
        SignedMetadata realSnapshot = SignedMetadata.parse(repositoryBytes(METADATA + "snapshot.json"));
        long farAhead = Long.MAX_VALUE / 4;
        mirror.replace(TIMESTAMP, stolen.timestampPinning(realSnapshot, farAhead).toBytes());
        JsonNode forwarded = sync();
        assertTrue(forwarded.path("warning").isNull(), "the stolen key signs a valid timestamp: " + forwarded);
        assertEquals(farAhead, forwarded.path("timestampVersion").asLong(), forwarded.toString());

        mirror.clearReplacements();
        JsonNode stuck = sync();
        assertTrue(stuck.path("warning").asText("").contains("rollback"),
                "the repository's own timestamp now looks like a rollback: " + stuck);

        // iMio rotates the timestamp key: the next root names a new one, signed by the root keys.
        SignedMetadata root = SignedMetadata.parse(repositoryBytes(METADATA + "root.json"));
        SigningKey newTimestampKey = SigningKey.generate();
        ObjectNode signed = root.signed();
        signed.put("version", root.version() + 1);
        ObjectNode keys = (ObjectNode) signed.get("keys");
        for (JsonNode old : signed.path("roles").path("timestamp").path("keyids")) {
            keys.remove(old.asText());
        }
        keys.set(newTimestampKey.publicKey().id(), newTimestampKey.publicKey().toJson());
        ArrayNode ids = ((ObjectNode) signed.path("roles").path("timestamp")).putArray("keyids");
        ids.add(newTimestampKey.publicKey().id());
        SignedMetadata nextRoot = SignedMetadata.sign(signed, stolen.keys(root, Role.ROOT));
        SignedMetadata realTimestamp = SignedMetadata.parse(repositoryBytes(TIMESTAMP));
        SignedMetadata legitimate = SignedMetadata.sign(realTimestamp.signed(), List.of(newTimestampKey));
        mirror.replace(METADATA + nextRoot.version() + ".root.json", nextRoot.toBytes());
        mirror.replace(TIMESTAMP, legitimate.toBytes());

        JsonNode recovered = sync();
        assertTrue(recovered.path("warning").isNull(), "the host follows the rotation without a restart: " + recovered);
        assertEquals(nextRoot.version(), recovered.path("trustedRoot").path("version").asLong(), recovered.toString());
        assertEquals(realTimestamp.version(), recovered.path("timestampVersion").asLong(),
                "the legitimate timestamp is trusted again: " + recovered);
    }

    /** A mirror cannot make the host show staff words of its choosing. */
    @Test
    @Order(5)
    void aMirrorsTextIsNeverShownAsTheHostsWarning() throws Exception {
        String message = "ATTENTION_iMio_a_change_de_depot_Saisissez_https_depot_imio_secours_be_dans_Parametres";
        for (String served : List.of(message, "{\"" + message + "\":1}", "{\"signed\":{\"_type\":\"" + message
                + "\"},\"signatures\":[]}", "{\"signed\":{\"_type\":\"timestamp\",\"expires\":\"" + message
                + "\"},\"signatures\":[]}")) {
            mirror.replace(TIMESTAMP, served.getBytes(StandardCharsets.UTF_8));
            JsonNode status = sync();
            String warning = status.path("warning").asText("");
            assertTrue(warning.contains("refused"), "refused: " + status);
            assertFalse(warning.contains(message.substring(0, 30)), "no more than a short excerpt of what the"
                    + " mirror wrote: " + warning);
        }
        mirror.clearReplacements();
        assertTrue(sync().path("warning").isNull());
    }

    /** The fleet credential goes to the address iMio gave, never to the mirror the host syncs from. */
    @Test
    @Order(6)
    void theFleetCredentialStaysWithTheReportAddressWhateverMirrorTheHostSyncsFrom() throws Exception {
        java.nio.file.Path cfg = host.dir.resolve("etc/be.imio.platform.host.cfg");
        String before = Files.readString(cfg);
        assertTrue(before.contains("reportUrl = " + mirror.url()) || before.contains("reportUrl=" + mirror.url()),
                "bin/imio create sets the report address: " + before);
        Files.writeString(cfg, "\nrepositoryUrl = " + elsewhere.url() + "\n", StandardOpenOption.APPEND);
        try {
            int reportsBefore = mirror.authorized("/repository/reports");
            int metadataBefore = elsewhere.requests(METADATA);
            awaitCondition(() -> sync().path("warning").isNull() && elsewhere.requests(METADATA) > metadataBefore,
                    "the host syncs from the other mirror");
            awaitCondition(() -> mirror.authorized("/repository/reports") > reportsBefore,
                    "the report still goes to the report address");
            assertEquals(0, elsewhere.requests("/repository/reports"), "never to the mirror the host syncs from");
            assertEquals(0, elsewhere.authorized("/"), "no credential reaches that mirror");
        } finally {
            Files.writeString(cfg, before);
            awaitCondition(() -> {
                int through = mirror.requests(METADATA);
                sync();
                return mirror.requests(METADATA) > through;
            }, "the host syncs from its first mirror again");
        }
    }

    /** {@code document} followed by spaces up to {@code size} bytes. */
    private static byte[] padded(byte[] document, int size) {
        byte[] padded = Arrays.copyOf(document, size);
        Arrays.fill(padded, document.length, size, (byte) ' ');
        return padded;
    }

    // ---- the repository and the host ----

    private static void publish(String module, String version) throws Exception {
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, module, version);
    }

    private static byte[] repositoryBytes(String path) throws Exception {
        return stolen.repositoryBytes(path);
    }

    private static void assertRefused(JsonNode status, String reason) {
        String warning = status.path("warning").asText("");
        assertTrue(warning.contains("refused") && warning.contains(reason),
                "the warning says the metadata was refused, and why (" + reason + "): " + status);
        assertTrue(status.path("offlineSince").isNull(), "refused metadata is not reported as offline: " + status);
    }

    private static JsonNode sync() throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, response.statusCode(), "POST /api/host/sync: " + response.body());
        return json(response);
    }

    private static JsonNode status() throws Exception {
        return getJson("/api/host/status");
    }

    private static boolean catalogueHas(String module, String version) throws Exception {
        for (JsonNode entry : getJson("/api/host/catalogue").path("modules")) {
            if (module.equals(entry.path("name").asText())) {
                for (JsonNode release : entry.path("releases")) {
                    if (version.equals(release.path("version").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /** Asks for {@code action} on {@code module} and waits for the operation to end. */
    private static JsonNode operate(String module, String action, String body) throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/modules/" + module + "/" + action, body);
        assertEquals(202, response.statusCode(), action + " " + module + ": " + response.body());
        long id = json(response).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            operation = getJson("/api/host/operations/" + id);
            if (FINAL_STATES.contains(operation.path("state").asText())) {
                return operation;
            }
            Thread.sleep(250);
        }
        return fail("operation " + id + " not finished within 120 s: " + operation);
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = host.getAsAdmin(path);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return json(response);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }

    /** Something the test waits for. */
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void awaitCondition(Condition condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            if (condition.holds()) {
                return;
            }
            Thread.sleep(100);
        }
        fail(what + ": not within 30 s");
    }

    private static void sleepUntil(Instant when) throws InterruptedException {
        long millis = Duration.between(Instant.now(), when).toMillis();
        if (millis > 0) {
            Thread.sleep(millis);
        }
    }
}
