package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

/**
 * The compromise of the central repository (The Update Framework's "arbitrary software" and "key
 * compromise" attacks): whoever holds everything the repository server holds (its online keys, its
 * database and files, its HTTP answers; the root and targets keys having been taken off it, as its
 * creation asks) forges a release of an existing module and a new module in another publisher's
 * namespace, and serves them to a real host through a mirror. The host refuses every forgery, says
 * why, and keeps running what it had. A publisher's key, stolen too, signs nothing of another
 * publisher's namespace. A control shows the forged descriptions are well formed: the same
 * release, pinned by its publisher's real key, is offered. A publisher's role mixed with another
 * of its version, or rolled back, is withheld. The tests build on one another, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RepositoryCompromiseIT {

    private static final String SIGNER = "signer";
    private static final String PASSWORD = "Signer-Secret-" + System.nanoTime();
    private static final String LIEGE_MODULE = "be/liege/agenda/1.0.0/agenda-1.0.0";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final SigningKey SIGNER_KEY = SigningKey.generate();
    private static final SigningKey LIEGE_KEY = SigningKey.generate();

    private static RunningInstance repository;
    private static RunningInstance host;
    private static TamperingMirror mirror;
    private static StolenKeys stolen;
    /** The server's key files: every one it holds once the offline keys have left it. */
    private static List<SigningKey> serverKeys;
    private static SigningKey releasesKey;
    private static long forgedVersion;

    @BeforeAll
    static void aPublisherSignsAReleaseAndAHostRunsIt() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, SIGNER, PASSWORD, "be.imio.platform", true);
        repository.start();
        HttpResponse<String> liege = repository.postAsAdmin("/api/repository/publishers/",
                "{\"account\":\"liege\",\"namespaces\":[\"be.liege\"]}");
        assertEquals(201, liege.statusCode(), liege.body());
        PublisherSigning.registerKey(repository, SIGNER, SIGNER_KEY);
        PublisherSigning.registerKey(repository, "liege", LIEGE_KEY);
        String ceremony = repository.signTargets();
        assertTrue(ceremony.contains("publisher-" + SIGNER) && ceremony.contains("publisher-liege"), ceremony);
        // The root and targets keys leave the server, as its creation says they must.
        Path usb = Files.createTempDirectory(repository.dir.getParent(), "usb-");
        Files.move(repository.dir.resolve("offline-keys"), usb.resolve("offline-keys"));

        PluginReleases.publish(repository.httpPort, SIGNER + ":" + PASSWORD, "courrier", "1.0.0");
        HttpResponse<String> signed = PublisherSigning.sendRole(repository, SIGNER, PublisherSigning.role(1, SIGNER_KEY,
                PublisherSigning.files("courrier", "1.0.0")).toBytes(), SIGNER + ":" + PASSWORD);
        assertEquals(200, signed.statusCode(), signed.body());
        // The release the attacker wants hosts to run: uploaded, never signed by its publisher.
        PluginReleases.publish(repository.httpPort, SIGNER + ":" + PASSWORD, "courrier", "1.1.0");

        mirror = TamperingMirror.start(repository.httpPort);
        host = RunningInstance.hostOf(distribution, repository, mirror.url());
        host.start();
        assertTrue(sync().path("warning").isNull());
        host.runOperation("courrier", "enable", "1.0.0");
        assertFalse(host.catalogueLists("courrier", "1.1.0"), "awaiting its publisher's signature");

        stolen = new StolenKeys(repository);
        serverKeys = new ArrayList<>();
        try (var files = Files.list(repository.dir.resolve("data/repository/keys"))) {
            for (Path file : (Iterable<Path>) files::iterator) {
                if (file.toString().endsWith(".key")) {
                    serverKeys.add(SigningKey.readFrom(file));
                }
            }
        }
        releasesKey = SigningKey.readFrom(repository.dir.resolve("data/repository/keys/releases.key"));
        forgedVersion = System.currentTimeMillis() + 1_000_000_000L;
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
        if (mirror != null) {
            mirror.close();
        }
    }

    @Test
    @Order(1)
    void everythingTheServerHoldsCannotMakeAHostRunForgedCode() throws Exception {
        List<Target> code = forgedCode();
        ObjectNode descriptions = forgedDescriptions();

        // Top-level targets listing the code, signed with every key the server holds.
        SignedMetadata top = forge(stolen.published(Role.TARGETS), serverKeys, listing(code, descriptions));
        JsonNode refused = serve(Map.of("targets.json", top));
        assertTrue(refused.path("warning").asText("").contains("valid signature(s) of 1 required"),
                "top-level targets need the offline targets key: " + refused);
        assertKeepsRunningWhatItHad();

        // A root making the server's keys root and targets keys, signed with all of them.
        JsonNode root = serveRoot();
        assertTrue(root.path("warning").asText("").contains("valid signature(s) of 2 required"),
                "a root needs two of the root keys: " + root);
        mirror.clearReplacements();
        assertTrue(sync().path("warning").isNull(), "the real metadata is accepted again");

        // The online releases role listing the code, with its descriptions: only texts are its.
        SignedMetadata releases = forge(metadata("releases.json"), List.of(releasesKey), listing(code, descriptions));
        JsonNode ignored = serve(Map.of("releases.json", releases));
        assertTrue(ignored.path("warning").asText("").contains("role releases lists them but is not trusted for their path"),
                "the host says why it ignores them: " + ignored);
        assertKeepsRunningWhatItHad();

        // The publishers' roles, signed with every key the server holds: the publisher's own, and
        // one for the other publisher, which has signed nothing yet.
        List<Target> signerFiles = bothReleases();
        SignedMetadata signerRole = forge(metadata("publisher-" + SIGNER + ".json"), serverKeys, listing(signerFiles, null));
        SignedMetadata liegeRole = forgedRole(liegeCode(), serverKeys);
        JsonNode withheld = serve(Map.of("releases.json", releases, "publisher-" + SIGNER + ".json", signerRole,
                "publisher-liege.json", liegeRole));
        String warning = withheld.path("warning").asText("");
        assertTrue(warning.contains("withheld") && warning.contains("publisher-" + SIGNER)
                && warning.contains("publisher-liege"), "each publisher's role is withheld, and the host says why: " + withheld);
        assertTrue(warning.contains("valid signature(s) of 1 required"), warning);
        assertKeepsRunningWhatItHad();
    }

    @Test
    @Order(2)
    void aPublishersKeyCannotSignInAnotherPublishersNamespace() throws Exception {
        SignedMetadata releases = describing();
        // The publisher's own key (stolen too) lists the other publisher's module in its role...
        List<Target> withLiege = new ArrayList<>(PublisherSigning.files("courrier", "1.0.0"));
        withLiege.addAll(liegeCode());
        SignedMetadata signerRole = forgedRole(withLiege, List.of(SIGNER_KEY));
        JsonNode outside = serve(Map.of("releases.json", releases, "publisher-" + SIGNER + ".json", signerRole));
        assertTrue(outside.path("warning").asText("").contains("role publisher-" + SIGNER
                + " lists them but is not trusted for their path"), outside.toString());
        assertKeepsRunningWhatItHad();

        // ...and signs that publisher's role itself.
        SignedMetadata liegeRole = forgedRole(liegeCode(), List.of(SIGNER_KEY));
        JsonNode withheld = serve(Map.of("releases.json", releases, "publisher-liege.json", liegeRole));
        assertTrue(withheld.path("warning").asText("").contains("publisher-liege"), withheld.toString());
        assertKeepsRunningWhatItHad();
    }

    @Test
    @Order(3)
    void theSameDescriptionsAreOfferedOnceThePublishersOwnKeyPinsTheRelease() throws Exception {
        SignedMetadata releases = describing();
        List<Target> both = bothReleases();
        SignedMetadata signerRole = forgedRole(both, List.of(SIGNER_KEY));
        JsonNode accepted = serve(Map.of("releases.json", releases, "publisher-" + SIGNER + ".json", signerRole));
        assertTrue(accepted.path("warning").isNull(), accepted.toString());
        assertTrue(host.catalogueLists("courrier", "1.1.0"), "the control: only the publisher's signature was missing");
        assertFalse(host.catalogueLists("agenda", "1.0.0"));
    }

    @Test
    @Order(4)
    void aPublishersRoleMixedOrRolledBackIsWithheldAndWhatWasHeldKept() throws Exception {
        SignedMetadata releases = describing();
        List<Target> both = bothReleases();
        // Mix-and-match: the snapshot pins one document, the mirror serves another of the same version.
        SignedMetadata pinned = forgedRole(both, List.of(SIGNER_KEY));
        SignedMetadata other = SignedMetadata.sign(MetadataDocuments.targets(pinned.version(),
                Instant.now().plus(Duration.ofDays(2)), PublisherSigning.files("courrier", "1.0.0")), List.of(SIGNER_KEY));
        String file = "publisher-" + SIGNER + ".json";
        JsonNode mixed = serve(Map.of("releases.json", releases, file, pinned),
                Map.of(StolenKeys.METADATA + pinned.version() + "." + file, other.toBytes()));
        assertTrue(mixed.path("warning").asText("").contains("is not the one pinned"), mixed.toString());
        assertEquals("1.0.0", host.installedVersion("courrier"));
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode());

        // Rollback: the publisher's first role, genuinely signed, pinned again below the one held.
        SignedMetadata first = metadata("1." + file);
        JsonNode rolledBack = serve(Map.of("releases.json", describing(), file, first));
        assertTrue(rolledBack.path("warning").asText("").contains("rollback refused"), rolledBack.toString());
        assertEquals("1.0.0", host.installedVersion("courrier"));
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode());
    }

    // ---- the forgeries ----

    /** The files of courrier 1.0.0 (signed) and 1.1.0 (uploaded, never signed by its publisher). */
    private static List<Target> bothReleases() throws Exception {
        List<Target> both = new ArrayList<>(PublisherSigning.files("courrier", "1.0.0"));
        both.addAll(PublisherSigning.files("courrier", "1.1.0"));
        return both;
    }

    /** The files of courrier 1.1.0 (uploaded, not signed by its publisher) and of a new module of the other publisher. */
    private static List<Target> forgedCode() throws Exception {
        List<Target> code = new ArrayList<>(PublisherSigning.files("courrier", "1.1.0"));
        code.addAll(liegeCode());
        return code;
    }

    /** A module "agenda" in the other publisher's namespace: courrier 1.1.0's files under its paths. */
    private static List<Target> liegeCode() throws Exception {
        List<Target> courrier = PublisherSigning.files("courrier", "1.1.0");
        List<String> suffixes = List.of(".jar", ".pom", "-features.xml");
        List<Target> agenda = new ArrayList<>();
        for (int i = 0; i < suffixes.size(); i++) {
            agenda.add(new Target(LIEGE_MODULE + suffixes.get(i), courrier.get(i).length(), courrier.get(i).sha256(), null));
        }
        return agenda;
    }

    /**
     * What the repository says of courrier 1.0.0's files, written as it would say it of
     * courrier 1.1.0's and of the other publisher's module: well-formed descriptions (the control
     * of the last test shows a host would offer what they describe).
     */
    private static ObjectNode forgedDescriptions() throws Exception {
        ObjectNode real = (ObjectNode) metadata("releases.json").signed().path("custom").path("files");
        ObjectNode forged = JSON.createObjectNode();
        real.fields().forEachRemaining(entry -> {
            String path = entry.getKey();
            if (path.contains("/courrier/1.0.0/")) {
                String text = entry.getValue().toString();
                forged.set(path, entry.getValue());
                forged.set(path.replace("1.0.0", "1.1.0"), read(text.replace("1.0.0", "1.1.0")));
                forged.set(path.replace("be/imio/platform/courrier/1.0.0/courrier-1.0.0", LIEGE_MODULE),
                        read(text.replace("be.imio.platform", "be.liege").replace("courrier", "agenda")));
            }
        });
        assertEquals(9, forged.size(), "descriptions of three releases of three files each: " + forged);
        return forged;
    }

    /** An edit of a targets document: it lists {@code files} (replacing its targets) and, unless null, {@code descriptions}. */
    private static java.util.function.Consumer<ObjectNode> listing(List<Target> files, ObjectNode descriptions) {
        return signed -> {
            ObjectNode targets = signed.putObject("targets");
            files.forEach(target -> targets.set(target.path(), entry(target)));
            if (descriptions != null) {
                custom(signed).set("files", descriptions);
            }
        };
    }

    /** A targets entry: length and SHA-256. */
    private static ObjectNode entry(Target target) {
        ObjectNode entry = JSON.createObjectNode().put("length", target.length());
        entry.putObject("hashes").put("sha256", target.sha256());
        return entry;
    }

    private static ObjectNode custom(ObjectNode signed) {
        return signed.has("custom") ? (ObjectNode) signed.get("custom") : signed.putObject("custom");
    }

    private static JsonNode read(String json) {
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A publisher role listing {@code targets}, as the next forged version, valid for a day, signed with {@code keys}. */
    private static SignedMetadata forgedRole(List<Target> targets, List<SigningKey> keys) {
        return SignedMetadata.sign(MetadataDocuments.targets(forgedVersion++, Instant.now().plus(Duration.ofDays(1)),
                targets), keys);
    }

    /** The releases role with the forged descriptions only (no file), signed with the stolen releases key. */
    private static SignedMetadata describing() throws Exception {
        ObjectNode descriptions = forgedDescriptions();
        return forge(metadata("releases.json"), List.of(releasesKey), signed -> custom(signed).set("files", descriptions));
    }

    /** {@code document} changed by {@code edit}, as the next forged version, valid for a day, signed with {@code keys}. */
    private static SignedMetadata forge(SignedMetadata document, List<SigningKey> keys,
            java.util.function.Consumer<ObjectNode> edit) {
        ObjectNode signed = document.signed();
        signed.put("version", forgedVersion++);
        signed.put("expires", Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS).toString());
        edit.accept(signed);
        return SignedMetadata.sign(signed, keys);
    }

    /**
     * Serves through the mirror {@code documents} (by file name) under a snapshot and timestamp
     * signed with the server's keys that pin them (and the rest as published); answers the host's sync.
     */
    private static JsonNode serve(Map<String, SignedMetadata> documents) throws Exception {
        return serve(documents, Map.of());
    }

    /** As {@link #serve(Map)}, the mirror then serving {@code instead} (bytes by path) in place of what it pins. */
    private static JsonNode serve(Map<String, SignedMetadata> documents, Map<String, byte[]> instead) throws Exception {
        mirror.clearReplacements();
        long version = forgedVersion++;
        SignedMetadata snapshot = stolen.resign(stolen.published(Role.SNAPSHOT), version,
                Instant.now().plus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS), Role.SNAPSHOT, signed -> {
                    ObjectNode meta = (ObjectNode) signed.get("meta");
                    documents.forEach((file, document) -> StolenKeys.pin(meta, file, document));
                });
        for (Map.Entry<String, SignedMetadata> document : new LinkedHashMap<>(documents).entrySet()) {
            mirror.replace(StolenKeys.METADATA + document.getValue().version() + "." + document.getKey(),
                    document.getValue().toBytes());
        }
        mirror.replace(StolenKeys.METADATA + version + ".snapshot.json", snapshot.toBytes());
        mirror.replace(StolenKeys.TIMESTAMP, stolen.timestampPinning(snapshot, version).toBytes());
        instead.forEach(mirror::replace);
        return sync();
    }

    /** Serves a next root listing the server's keys for root and targets, signed with every key the server holds. */
    private static JsonNode serveRoot() throws Exception {
        SignedMetadata current = stolen.published(Role.ROOT);
        Map<Role, List<be.imio.platform.trust.VerifyingKey>> keys = new java.util.EnumMap<>(Role.class);
        keys.put(Role.ROOT, List.of(releasesKey.publicKey()));
        keys.put(Role.TARGETS, List.of(releasesKey.publicKey()));
        keys.put(Role.SNAPSHOT, List.of(stolen.key(current, Role.SNAPSHOT).publicKey()));
        keys.put(Role.TIMESTAMP, List.of(stolen.key(current, Role.TIMESTAMP).publicKey()));
        SignedMetadata root = SignedMetadata.sign(MetadataDocuments.root(current.version() + 1,
                Instant.now().plus(Duration.ofDays(30)), keys, Map.of()), serverKeys);
        mirror.clearReplacements();
        mirror.replace(StolenKeys.METADATA + (current.version() + 1) + ".root.json", root.toBytes());
        return sync();
    }

    private static SignedMetadata metadata(String file) throws Exception {
        return SignedMetadata.parse(stolen.repositoryBytes(StolenKeys.METADATA + file));
    }

    // ---- the host ----

    private static JsonNode sync() throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), synced.body());
        return JSON.readTree(synced.body());
    }

    /** The host still runs courrier 1.0.0 and serves it, and offers none of the forged releases. */
    private static void assertKeepsRunningWhatItHad() throws Exception {
        assertEquals("1.0.0", host.installedVersion("courrier"));
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode());
        assertFalse(host.catalogueLists("courrier", "1.1.0"), "the forged release of an existing module is not offered");
        assertFalse(host.catalogueLists("agenda", "1.0.0"), "the forged module of another namespace is not offered");
        HttpResponse<String> update = host.postAsAdmin("/api/host/modules/courrier/update", "{\"version\":\"1.1.0\"}");
        assertTrue(update.statusCode() >= 400, "an update to the forged release is refused: " + update.body());
    }
}
