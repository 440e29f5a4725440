package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.commune.api.Message;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

/**
 * A host following delegations to publishers' roles (TUF 5.6.7), against a repository served over
 * HTTP: what it accepts, what it refuses whole, and what it withholds for one publisher only.
 */
class DelegatedTargetsTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static final String IMIO_JAR = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String IMIO_JAR2 = "be/imio/solutions/courrier/1.1.0/courrier-1.1.0.jar";
    private static final String LIEGE_JAR = "be/liege/agenda/2.0.0/agenda-2.0.0.jar";

    private final SigningKey rootKey = SigningKey.generate();
    private final SigningKey targetsKey = SigningKey.generate();
    private final SigningKey snapshotKey = SigningKey.generate();
    private final SigningKey timestampKey = SigningKey.generate();
    private final SigningKey imioKey = SigningKey.generate();
    private final SigningKey liegeKey = SigningKey.generate();
    private final Delegation imio = role("publisher-imio", imioKey, "be/imio/solutions/*/*/*");
    private final Delegation liege = role("publisher-liege", liegeKey, "be/liege/*/*/*");

    @TempDir
    Path dir;

    private RepositoryServer repository;
    private RepositoryClient client;
    private Path folder;
    private long version;

    @BeforeEach
    void start() throws Exception {
        repository = new RepositoryServer();
        client = repository.client();
        folder = dir.resolve("metadata");
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private static Delegation role(String name, SigningKey key, String path) {
        return new Delegation(name, Set.of(key.publicKey().id()), 1, List.of(path), true);
    }

    private static Target target(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }

    /** Top-level targets delegating to {@code roles} and describing every file of these tests (custom.files). */
    private SignedMetadata topTargets(long version, Delegation... roles) {
        return topTargets(version, List.of(IMIO_JAR, IMIO_JAR2, LIEGE_JAR), roles);
    }

    private SignedMetadata topTargets(long version, List<String> described, Delegation... roles) {
        Delegations delegations = Delegations.of(List.of(imioKey.publicKey(), liegeKey.publicKey()), List.of(roles));
        com.fasterxml.jackson.databind.node.ObjectNode signed = MetadataDocuments.targets(version, NEXT_YEAR, List.of(),
                delegations);
        com.fasterxml.jackson.databind.node.ObjectNode files = signed.putObject("custom").putObject("files");
        described.forEach(path -> files.putObject(path).put("channel", "stable"));
        return SignedMetadata.sign(signed, List.of(targetsKey));
    }

    private static SignedMetadata roleDocument(long version, Instant expires, SigningKey signer, Target... targets) {
        return SignedMetadata.sign(MetadataDocuments.targets(version, expires, List.of(targets)), List.of(signer));
    }

    /** Serves {@code top} and {@code roles} (by name) under a new snapshot and timestamp pinning them all. */
    private void publish(SignedMetadata top, Map<String, SignedMetadata> roles) throws MetadataException {
        version++;
        SignedMetadata snapshot = SignedMetadata.sign(MetadataDocuments.snapshot(version, NEXT_YEAR, top, roles),
                List.of(snapshotKey));
        repository.metadata(top.version() + ".targets.json", top.toBytes());
        for (Map.Entry<String, SignedMetadata> role : roles.entrySet()) {
            repository.metadata(role.getValue().version() + "." + role.getKey() + ".json", role.getValue().toBytes());
        }
        repository.metadata(snapshot.version() + ".snapshot.json", snapshot.toBytes());
        repository.metadata("timestamp.json", SignedMetadata.sign(MetadataDocuments.timestamp(version, NEXT_YEAR, snapshot),
                List.of(timestampKey)).toBytes());
    }

    private TrustedMetadata hostTrustingRoot() throws Exception {
        TrustedMetadata trusted = TrustedMetadata.load(folder);
        Map<Role, List<VerifyingKey>> keys = Map.of(Role.ROOT, List.of(rootKey.publicKey()),
                Role.TARGETS, List.of(targetsKey.publicKey()), Role.SNAPSHOT, List.of(snapshotKey.publicKey()),
                Role.TIMESTAMP, List.of(timestampKey.publicKey()));
        byte[] root = SignedMetadata.sign(MetadataDocuments.root(1, NEXT_YEAR, keys, Map.of()), List.of(rootKey)).toBytes();
        trusted.trustFirstRoot(root, Digests.sha256Hex(root));
        return trusted;
    }

    private static Set<String> usable(TrustedMetadata trusted) {
        return TrustedMetadata.usableTargets(trusted.tree()).keySet();
    }

    private Set<String> delegatedOnDisk() throws Exception {
        Path roles = folder.resolve("delegated");
        if (!Files.isDirectory(roles)) {
            return Set.of();
        }
        try (Stream<Path> files = Files.list(roles)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private Map<String, SignedMetadata> roles(Object... nameThenDocument) {
        Map<String, SignedMetadata> roles = new HashMap<>();
        for (int i = 0; i < nameThenDocument.length; i += 2) {
            roles.put((String) nameThenDocument[i], (SignedMetadata) nameThenDocument[i + 1]);
        }
        return roles;
    }

    @Test
    void eachPublishersTargetsAreUsableAndKeptAcrossARestart() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));

        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(Set.of(IMIO_JAR, LIEGE_JAR), usable(trusted));
        assertEquals(Set.of("publisher-imio.json", "publisher-liege.json"), delegatedOnDisk());
        assertEquals(Set.of(IMIO_JAR, LIEGE_JAR), usable(TrustedMetadata.load(folder)));

        // One publisher releases: only its role changes, and only it is fetched again.
        repository.clearLog();
        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(2, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"), target(IMIO_JAR2, "new")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));
        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(Set.of(IMIO_JAR, IMIO_JAR2, LIEGE_JAR), usable(trusted));
        assertEquals(1, repository.requests("/repository/metadata/2.publisher-imio.json"));
        assertEquals(0, repository.requests("/repository/metadata/1.publisher-liege.json"));
        assertEquals(TrustedMetadata.Outcome.UNCHANGED, trusted.update(client, NOW));
    }

    @Test
    void aSignedFileIsUsableWithThePublishersPinsAndTheRepositorysDescriptionOnly() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(topTargets(1, List.of(IMIO_JAR), imio), roles(
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"), target(IMIO_JAR2, "new"))));
        trusted.update(client, NOW);

        Map<String, Target> usable = TrustedMetadata.usableTargets(trusted.tree());
        assertEquals(Set.of(IMIO_JAR), usable.keySet(), "a file the repository does not describe is not offered");
        Target jar = usable.get(IMIO_JAR);
        assertEquals(target(IMIO_JAR, "courrier").sha256(), jar.sha256(), "pinned by the publisher");
        assertEquals("stable", jar.custom().path("channel").asText(), "described by the repository");
    }

    @Test
    void aTargetOutsideThePublishersNamespaceIsNeverUsableWhateverKeySignsIt() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        // publisher-imio's own, valid key signs a release in publisher-liege's namespace.
        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"), target(LIEGE_JAR, "forged")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey)));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR), usable(trusted));
        assertEquals(List.of(new be.imio.platform.trust.TargetsTree.Outside("publisher-imio", LIEGE_JAR)),
                trusted.tree().outside());
    }

    @Test
    void anExpiredPublisherRoleWithholdsOnlyThatPublishersTargets() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(1, NOW.minusSeconds(60), imioKey, target(IMIO_JAR, "one")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));

        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(Set.of(LIEGE_JAR), usable(trusted));
        assertEquals(Set.of("publisher-imio"), trusted.withheld().keySet());
        assertTrue(trusted.withheld().get("publisher-imio").toString().contains("publisher-imio"),
                trusted.withheld().toString());
        assertEquals(null, trusted.unusableAt(NOW), "the other publishers' modules can still be installed");

        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(2, NEXT_YEAR, imioKey, target(IMIO_JAR, "one")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR, LIEGE_JAR), usable(trusted), "re-signed by its publisher, the role is used again");
        assertEquals(Map.of(), trusted.withheld());
    }

    @Test
    void aPublisherRoleNotSignedByThePublishersKeyIsWithheldAndTheOtherPublishersGoOn() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata agenda = roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"));
        publish(topTargets(1, imio, liege), roles("publisher-imio", roleDocument(1, NEXT_YEAR, imioKey,
                target(IMIO_JAR, "one")), "publisher-liege", agenda));
        trusted.update(client, NOW);
        byte[] held = Files.readAllBytes(folder.resolve("delegated/publisher-imio.json"));

        // Everything the repository server holds (its online keys) cannot sign for a publisher.
        for (SigningKey forger : List.of(targetsKey, snapshotKey, timestampKey, liegeKey)) {
            publish(topTargets(1, imio, liege), roles("publisher-imio",
                    roleDocument(2, NEXT_YEAR, forger, target(IMIO_JAR, "one"), target(IMIO_JAR2, "forged")),
                    "publisher-liege", agenda));
            trusted.update(client, NOW);
            assertEquals(Set.of("publisher-imio"), trusted.withheld().keySet());
            assertTrue(trusted.withheld().get("publisher-imio").toString()
                    .contains("publisher-imio version 2 has 0 valid signature(s) of 1"), trusted.withheld().toString());
            assertEquals(Set.of(LIEGE_JAR), usable(trusted), "nothing of that publisher is offered, the others are");
            assertArrayEquals(held, Files.readAllBytes(folder.resolve("delegated/publisher-imio.json")),
                    "what was accepted before is kept");
        }
    }

    @Test
    void aRoleTheSnapshotDoesNotPinOrPinsOtherwiseIsWithheld() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata top = topTargets(1, imio, liege);
        SignedMetadata agenda = roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"));
        publish(top, roles("publisher-liege", agenda));
        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        // Never held and not pinned: a publisher delegated to that has signed nothing yet.
        assertEquals(Map.of(), trusted.withheld(), "nothing to warn of: there is nothing of it to offer");
        assertEquals(Set.of(LIEGE_JAR), usable(trusted));

        // A mirror serves another document under the pinned name (mix-and-match).
        SignedMetadata pinned = roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"));
        publish(top, roles("publisher-imio", pinned, "publisher-liege", agenda));
        repository.metadata("1.publisher-imio.json", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "other")).toBytes());
        trusted.update(client, NOW);
        assertTrue(trusted.withheld().get("publisher-imio").toString().contains("not the one pinned"),
                trusted.withheld().toString());
        assertEquals(Set.of(LIEGE_JAR), usable(trusted));
        assertEquals(Set.of("publisher-liege.json"), delegatedOnDisk());

        // Served as pinned: the publisher's targets are back.
        repository.metadata("1.publisher-imio.json", pinned.toBytes());
        trusted.update(client, NOW);
        assertEquals(Map.of(), trusted.withheld());
        assertEquals(Set.of(IMIO_JAR, LIEGE_JAR), usable(trusted));

        // Once held, a snapshot that stops pinning it withholds it, and says why.
        publish(top, roles("publisher-liege", agenda));
        trusted.update(client, NOW);
        assertTrue(trusted.withheld().get("publisher-imio").toString().contains("does not pin publisher-imio.json"),
                trusted.withheld().toString());
        assertEquals(Set.of(LIEGE_JAR), usable(trusted));
    }

    @Test
    void anOlderPublisherRoleIsARollbackThatWithholdsItsTargetsAndKeepsTheOneHeld() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata top = topTargets(1, imio);
        publish(top, roles("publisher-imio", roleDocument(5, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"))));
        trusted.update(client, NOW);
        // Signed by the publisher, but older: the repository (or a restore of it) cannot replay it.
        publish(top, roles("publisher-imio", roleDocument(4, NEXT_YEAR, imioKey, target(IMIO_JAR, "vulnerable"))));
        trusted.update(client, NOW);
        assertEquals(Message.of("cause.role-refused", "publisher-imio", Message.of("cause.rollback", "publisher-imio", 4L, 5L)),
                trusted.withheld().get("publisher-imio"));
        assertEquals(Set.of(), usable(trusted));
        assertEquals(5, SignedMetadata.parse(Files.readAllBytes(folder.resolve("delegated/publisher-imio.json"))).version());

        // The publisher signs again above the held version: it is offered again.
        publish(top, roles("publisher-imio", roleDocument(6, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR), usable(trusted));
    }

    @Test
    void aRoleNoLongerDelegatedIsForgottenAndADamagedCopyOnDiskIsDropped() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(topTargets(1, imio, liege), roles(
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "one")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));
        trusted.update(client, NOW);

        Files.writeString(folder.resolve("delegated/publisher-liege.json"), "{\"signed\":{},\"signatures\":[]}");
        TrustedMetadata restarted = TrustedMetadata.load(folder);
        assertEquals(Set.of(IMIO_JAR), usable(restarted));
        assertEquals(Set.of("publisher-imio.json"), delegatedOnDisk());

        // The offline targets key takes publisher-liege's delegation back; the snapshot still pins its last document.
        publish(topTargets(2, imio), roles(
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "one")),
                "publisher-liege", roleDocument(1, NEXT_YEAR, liegeKey, target(LIEGE_JAR, "agenda"))));
        restarted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR), usable(restarted));
        assertEquals(Set.of("publisher-imio.json"), delegatedOnDisk());
    }

    private final SigningKey releasesKey = SigningKey.generate();
    private static final String IMIO_TEXTS = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0-about.json";

    /**
     * Top-level targets as a ceremony signs them offline: they list no file and describe none, and
     * delegate first to the repository's online releases role, then to {@code roles}.
     */
    private SignedMetadata offlineTop(long version, Delegation... roles) {
        List<Delegation> all = new java.util.ArrayList<>();
        all.add(be.imio.platform.trust.ReleasesRole.delegation(releasesKey.publicKey()));
        all.addAll(List.of(roles));
        return SignedMetadata.sign(MetadataDocuments.targets(version, NEXT_YEAR, List.of(), Delegations.of(
                List.of(releasesKey.publicKey(), imioKey.publicKey(), liegeKey.publicKey()), all)), List.of(targetsKey));
    }

    /** The releases role, signed with the online releases key: the files it lists, and descriptions of {@code described}. */
    private SignedMetadata releasesRole(long version, List<String> described, Target... listed) {
        com.fasterxml.jackson.databind.node.ObjectNode signed = MetadataDocuments.targets(version, NEXT_YEAR, List.of(listed));
        com.fasterxml.jackson.databind.node.ObjectNode files = signed.putObject("custom").putObject("files");
        described.forEach(path -> files.putObject(path).put("channel", "stable"));
        return SignedMetadata.sign(signed, List.of(releasesKey));
    }

    @Test
    void withOfflineTopLevelTargetsTheReleasesRoleDescribesPublishersFilesAndCanIntroduceNoCode() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        // publisher-liege is delegated to at the ceremony but has signed nothing yet: no role, no warning.
        publish(offlineTop(1, imio, liege), roles(
                "releases", releasesRole(1, List.of(IMIO_JAR, LIEGE_JAR), target(IMIO_TEXTS, "{}")),
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"), target(IMIO_JAR2, "new"))));
        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        Map<String, Target> usable = TrustedMetadata.usableTargets(trusted.tree());
        assertEquals(Set.of(IMIO_JAR), usable.keySet(), "described by the releases role, pinned by the publisher");
        assertEquals("stable", usable.get(IMIO_JAR).custom().path("channel").asText());
        assertEquals(Map.of(), trusted.withheld());
        assertEquals(Set.of(IMIO_TEXTS), TrustedMetadata.texts(trusted.tree()).keySet(), "texts, never installable");

        // Whoever holds the online releases key lists code: a jar in a publisher's namespace, a jar
        // of a new module elsewhere, and code named as a texts file. None is installable.
        String newModule = "be/liege/evil/1.0.0/evil-1.0.0.jar";
        String codeAsTexts = "be/imio/solutions/courrier/9.0.0/courrier-9.0.0-about.json";
        publish(offlineTop(1, imio, liege), roles(
                "releases", releasesRole(2, List.of(IMIO_JAR, IMIO_JAR2, newModule, codeAsTexts),
                        target(IMIO_JAR, "forged"), target(newModule, "forged"), target(codeAsTexts, "PK forged")),
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"), target(IMIO_JAR2, "new"))));
        trusted.update(client, NOW);
        usable = TrustedMetadata.usableTargets(trusted.tree());
        assertEquals(Set.of(IMIO_JAR, IMIO_JAR2), usable.keySet(), "it may describe (promote) a signed file, nothing more");
        assertEquals(target(IMIO_JAR, "courrier").sha256(), usable.get(IMIO_JAR).sha256(), "the publisher's pins win");
        assertEquals(Set.of(codeAsTexts), TrustedMetadata.texts(trusted.tree()).keySet());

        // It can withhold: a releases role describing nothing offers nothing.
        publish(offlineTop(1, imio, liege), roles("releases", releasesRole(3, List.of()),
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(), usable(trusted));
    }

    @Test
    void aReleasesRoleSignedByAnotherKeyOrExpiredOffersNothingAndSaysWhy() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata byTargetsKey = SignedMetadata.sign(MetadataDocuments.targets(1, NEXT_YEAR, List.of()), List.of(snapshotKey));
        publish(offlineTop(1, imio), roles("releases", byTargetsKey,
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(), usable(trusted));
        assertTrue(trusted.withheld().containsKey("releases"), trusted.withheld().toString());

        publish(offlineTop(1, imio), roles("releases", releasesRole(2, List.of(IMIO_JAR)),
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR), usable(trusted));

        // Expired: its descriptions are withheld, so nothing is offered, and the host says why.
        com.fasterxml.jackson.databind.node.ObjectNode lapsing = MetadataDocuments.targets(3, NOW.plus(Duration.ofDays(1)),
                List.of());
        lapsing.putObject("custom").putObject("files").putObject(IMIO_JAR).put("channel", "stable");
        publish(offlineTop(1, imio), roles("releases", SignedMetadata.sign(lapsing, List.of(releasesKey)),
                "publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "courrier"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR), usable(trusted));
        trusted.update(client, NOW.plus(Duration.ofDays(2)));
        assertEquals(Set.of(), usable(trusted));
        assertTrue(trusted.withheld().containsKey("releases"), trusted.withheld().toString());
    }

    @Test
    void aReleasesRoleThatDelegatesCannotShadowAPublishersRoleNorOpenARollback() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(offlineTop(1, imio, liege), roles("releases", releasesRole(1, List.of(IMIO_JAR, IMIO_JAR2)),
                "publisher-imio", roleDocument(5, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"), target(IMIO_JAR2, "two"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(IMIO_JAR, IMIO_JAR2), usable(trusted));

        // With its online key, the repository has its releases role delegate to a role it names as
        // the publisher's, which the search would reach first, and pins a document of its own under that name.
        Delegation shadow = new Delegation("publisher-imio", Set.of(releasesKey.publicKey().id()), 1, List.of("x/*"), true);
        com.fasterxml.jackson.databind.node.ObjectNode delegating = MetadataDocuments.targets(2, NEXT_YEAR, List.of(),
                Delegations.of(List.of(releasesKey.publicKey()), List.of(shadow)));
        delegating.putObject("custom").putObject("files").putObject(IMIO_JAR).put("channel", "stable");
        publish(offlineTop(1, imio, liege), roles("releases", SignedMetadata.sign(delegating, List.of(releasesKey)),
                "publisher-imio", roleDocument(6, NEXT_YEAR, releasesKey)));
        trusted.update(client, NOW);
        assertTrue(trusted.withheld().get("releases").toString().contains("cause.role-delegates"), trusted.withheld().toString());
        assertTrue(trusted.withheld().get("publisher-imio").toString().contains("0 valid signature(s)"),
                "checked against the publisher's own delegation: " + trusted.withheld());
        assertEquals(Set.of(), usable(trusted), "withheld, and the host says why");

        // Back to a plain releases role, the publisher's real role of an older version: still a rollback.
        publish(offlineTop(1, imio, liege), roles("releases", releasesRole(3, List.of(IMIO_JAR, IMIO_JAR2)),
                "publisher-imio", roleDocument(2, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"))));
        trusted.update(client, NOW);
        assertTrue(trusted.withheld().get("publisher-imio").toString().contains("rollback"), trusted.withheld().toString());
        assertEquals(5, SignedMetadata.parse(Files.readAllBytes(folder.resolve("delegated/publisher-imio.json"))).version(),
                "the version held is kept");
    }

    @Test
    void aReleasesRoleTheSnapshotDoesNotPinIsWithheldWithItsReason() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(offlineTop(1, imio), roles("publisher-imio", roleDocument(1, NEXT_YEAR, imioKey, target(IMIO_JAR, "one"))));
        trusted.update(client, NOW);
        assertEquals(Set.of(), usable(trusted));
        assertTrue(trusted.withheld().get("releases").toString().contains("does not pin releases.json"),
                trusted.withheld().toString());
    }
}

