package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.TrustRoot;

/**
 * The repository role creates its keys on first start and publishes signed metadata that verifies
 * with the platform's own trust code, over plain HTTP with conditional GET.
 */
class RepositoryMetadataIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static HttpResponse<byte[]> get(RunningInstance instance, String path, String etag) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + path));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static SignedMetadata fetch(RunningInstance instance, String name) throws Exception {
        HttpResponse<byte[]> response = get(instance, "/repository/metadata/" + name, null);
        assertEquals(200, response.statusCode(), name);
        return SignedMetadata.parse(response.body());
    }

    @Test
    void publishesVerifiableMetadataThatSurvivesARestart() throws Exception {
        try (RunningInstance repository = RunningInstance.create(Distribution.unpacked(), "repository")) {
            repository.start();

            TrustRoot root = TrustRoot.initial(fetch(repository, "root.json"));
            SignedMetadata timestamp = fetch(repository, "timestamp.json");
            SignedMetadata snapshot = fetch(repository, "snapshot.json");
            SignedMetadata targets = fetch(repository, "targets.json");
            Instant now = Instant.now();
            root.verify(timestamp, Role.TIMESTAMP, now);
            root.verify(snapshot, Role.SNAPSHOT, now);
            root.verify(targets, Role.TARGETS, now);
            MetadataDocuments.checkPinned(MetadataDocuments.pinOf(timestamp, Role.SNAPSHOT), snapshot);
            MetadataDocuments.checkPinned(MetadataDocuments.pinOf(snapshot, Role.TARGETS), targets);
            assertTrue(MetadataDocuments.targetsOf(targets).isEmpty(), "a new repository has released nothing");

            HttpResponse<byte[]> first = get(repository, "/repository/metadata/timestamp.json", null);
            String etag = first.headers().firstValue("ETag").orElseThrow();
            assertEquals("no-cache", first.headers().firstValue("Cache-Control").orElse(""));
            HttpResponse<byte[]> again = get(repository, "/repository/metadata/timestamp.json", etag);
            assertEquals(304, again.statusCode(), "an unchanged timestamp is not sent again");
            assertEquals(0, again.body().length);
            assertTrue(get(repository, "/repository/metadata/1.root.json", null).headers()
                    .firstValue("Cache-Control").orElse("").contains("immutable"));

            // A detour out of the metadata folder is refused before any servlet runs (path not in normal form).
            assertEquals(400, get(repository, "/repository/metadata/../etc/users.properties", null).statusCode());
            assertEquals(404, get(repository, "/repository/metadata/users.properties", null).statusCode());
            assertEquals(404, get(repository, "/repository/metadata/keys.json", null).statusCode());
            assertEquals(404, get(repository, "/repository/metadata/2.root.json", null).statusCode());
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    repository.dir.resolve("data/repository/keys/timestamp.key"))));

            repository.stop();
            repository.start();

            assertEquals(root.fingerprint(), TrustRoot.initial(fetch(repository, "root.json")).fingerprint(),
                    "the keys and the root outlive a restart");
            SignedMetadata after = fetch(repository, "timestamp.json");
            root.verify(after, Role.TIMESTAMP, Instant.now());
            assertTrue(after.version() >= timestamp.version(), "versions never go back");

            // The root keys go offline; the repository keeps running without them.
            assertFalse(Files.exists(repository.dir.resolve("data/repository/keys/root.key")),
                    "no root key among the keys the server keeps");
            java.nio.file.Path offline = Files.createTempDirectory(repository.distribution.root, "usb-").resolve("keys");
            Files.move(repository.dir.resolve("offline-keys"), offline);
            repository.stop();
            repository.start();
            assertTrue(repository.karafLog().contains("The root keys are offline"), "no new root key is made");
            assertFalse(Files.exists(repository.dir.resolve("offline-keys")), "no new root key is made");
            assertEquals(root.fingerprint(), TrustRoot.initial(fetch(repository, "root.json")).fingerprint());

            // Two of them, brought back for a moment, sign the next root, which adds a new root key.
            String out = repository.shell("admin", repository.adminPassword(), "imio:root-sign --key "
                    + offline.resolve("root-1.key") + " --key " + offline.resolve("root-2.key") + " --new-key "
                    + offline.resolve("root-4.key"));
            assertTrue(out.contains("Published root metadata version 2"), out);
            TrustRoot second = root.next(fetch(repository, "2.root.json"));
            assertEquals(2, second.version());
            second.verify(fetch(repository, "timestamp.json"), Role.TIMESTAMP, Instant.now());
            assertTrue(Files.exists(offline.resolve("root-4.key")));
            assertEquals(4, second.keyIds(Role.ROOT).size());
            assertTrue(!Files.exists(repository.dir.resolve("data/repository/keys/root.key")),
                    "the root keys stay off the server");
        }
    }

    @Test
    void offlineTopLevelTargetsNearTheirExpiryMakeHealthSaySoUntilTheCeremonySignsThemLonger() throws Exception {
        try (RunningInstance repository = RunningInstance.create(Distribution.unpacked(), "repository")) {
            Path config = repository.dir.resolve("etc/be.imio.platform.repository.metadata.cfg");
            Files.writeString(config, "offlineTargetsDays = 20\n");
            repository.start();
            assertEquals("DEGRADED", healthOf(repository), "the offline signing due is seen");
            String status = repository.getAsAdmin("/api/status").body();
            assertTrue(status.contains("the top-level targets expire on") && status.contains("imio:targets-sign"), status);

            repository.stop();
            Files.writeString(config, "offlineTargetsDays = 365\n");
            repository.start();
            assertEquals("DEGRADED", healthOf(repository), "what is published still expires within 30 days");
            long before = fetch(repository, "targets.json").version();
            String signed = repository.signTargets();
            assertTrue(fetch(repository, "targets.json").version() > before, signed);
            assertEquals("UP", healthOf(repository), repository.getAsAdmin("/api/status").body());
        }
    }

    private static String healthOf(RunningInstance repository) throws Exception {
        return new com.fasterxml.jackson.databind.ObjectMapper().readTree(repository.get("/health", null).body())
                .path("status").asText();
    }

    @Test
    void aHostDoesNotServeRepositoryMetadata() throws Exception {
        try (RunningInstance host = RunningInstance.create(Distribution.unpacked(), "host")) {
            host.start();

            assertEquals(404, get(host, "/repository/metadata/root.json", null).statusCode(),
                    "the repository role's bundles are not part of a host");
        }
    }
}
