package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

class TrustedMetadataTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));
    private static final String JAR_PATH = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String JAR2_PATH = "be/imio/solutions/courrier/1.1.0/courrier-1.1.0.jar";

    private final SigningKey rootKey = SigningKey.generate();
    private final SigningKey targetsKey = SigningKey.generate();
    private final SigningKey snapshotKey = SigningKey.generate();
    private final SigningKey timestampKey = SigningKey.generate();

    @TempDir
    Path dir;

    private RepositoryServer repository;
    private RepositoryClient client;
    private Path folder;

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

    // The repository side, signed as MetadataPublisher signs.

    private SignedMetadata root(long version, SigningKey namedRootKey, List<SigningKey> signers) {
        Map<Role, List<VerifyingKey>> keys = Map.of(
                Role.ROOT, List.of(namedRootKey.publicKey()),
                Role.TARGETS, List.of(targetsKey.publicKey()),
                Role.SNAPSHOT, List.of(snapshotKey.publicKey()),
                Role.TIMESTAMP, List.of(timestampKey.publicKey()));
        return SignedMetadata.sign(MetadataDocuments.root(version, NEXT_YEAR, keys, Map.of()), signers);
    }

    /** Root {@code version}, signed by the root key, naming {@code timestampSigner} for the timestamp role. */
    private SignedMetadata rootWithTimestampKey(long version, SigningKey timestampSigner) {
        Map<Role, List<VerifyingKey>> keys = Map.of(
                Role.ROOT, List.of(rootKey.publicKey()),
                Role.TARGETS, List.of(targetsKey.publicKey()),
                Role.SNAPSHOT, List.of(snapshotKey.publicKey()),
                Role.TIMESTAMP, List.of(timestampSigner.publicKey()));
        return SignedMetadata.sign(MetadataDocuments.root(version, NEXT_YEAR, keys, Map.of()), List.of(rootKey));
    }

    private static Target target(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }

    private SignedMetadata targets(long version, Target... listed) {
        return SignedMetadata.sign(MetadataDocuments.targets(version, NEXT_YEAR, List.of(listed)), List.of(targetsKey));
    }

    private SignedMetadata snapshot(long version, SignedMetadata targets) throws MetadataException {
        return snapshot(version, targets, NEXT_YEAR);
    }

    private SignedMetadata snapshot(long version, SignedMetadata targets, Instant expires) throws MetadataException {
        return SignedMetadata.sign(MetadataDocuments.snapshot(version, expires, targets), List.of(snapshotKey));
    }

    private SignedMetadata timestamp(long version, SignedMetadata snapshot, Instant expires, SigningKey signer)
            throws MetadataException {
        return SignedMetadata.sign(MetadataDocuments.timestamp(version, expires, snapshot), List.of(signer));
    }

    /** Publishes targets, the snapshot pinning it and the timestamp pinning that, all with {@code version}. */
    private SignedMetadata publish(long version, Target... listed) throws MetadataException {
        SignedMetadata targets = targets(version, listed);
        SignedMetadata snapshot = snapshot(version, targets);
        serve(timestamp(version, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        return targets;
    }

    private void serve(SignedMetadata timestamp, SignedMetadata snapshot, SignedMetadata targets)
            throws MetadataException {
        repository.metadata(snapshot.version() + ".snapshot.json", snapshot.toBytes());
        repository.metadata(targets.version() + ".targets.json", targets.toBytes());
        repository.metadata("timestamp.json", timestamp.toBytes());
    }

    /** A host that already trusts root version 1. */
    private TrustedMetadata hostTrustingRoot() throws Exception {
        TrustedMetadata trusted = TrustedMetadata.load(folder);
        byte[] root = root(1, rootKey, List.of(rootKey)).toBytes();
        trusted.trustFirstRoot(root, Digests.sha256Hex(root));
        return trusted;
    }

    private Set<String> filesOnDisk() throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString()).collect(Collectors.toSet());
        }
    }

    private static Set<String> paths(SignedMetadata targets) throws MetadataException {
        return MetadataDocuments.targetsOf(targets).keySet();
    }

    @Test
    void trustsTheFirstRootOnlyWithTheConfiguredFingerprint() throws Exception {
        TrustedMetadata trusted = TrustedMetadata.load(folder);
        assertFalse(trusted.hasRoot());
        byte[] root = root(1, rootKey, List.of(rootKey)).toBytes();

        MetadataException refused = assertThrows(MetadataException.class,
                () -> trusted.trustFirstRoot(root, "0".repeat(64)));
        assertTrue(refused.getMessage().contains("does not have the configured fingerprint"), refused.getMessage());
        assertFalse(trusted.hasRoot());
        assertEquals(Set.of(), filesOnDisk(), "a refused root leaves nothing on disk");
        assertFalse(TrustedMetadata.load(folder).hasRoot());

        trusted.trustFirstRoot(root, Digests.sha256Hex(root));

        assertTrue(trusted.hasRoot());
        assertEquals(Set.of("root.json"), filesOnDisk());
        TrustedMetadata reloaded = TrustedMetadata.load(folder);
        assertTrue(reloaded.hasRoot());
        assertEquals(Digests.sha256Hex(root), reloaded.root().fingerprint());
    }

    @Test
    void refusesAFirstRootNotSignedByItsOwnRootKey() throws Exception {
        TrustedMetadata trusted = TrustedMetadata.load(folder);
        byte[] root = root(1, rootKey, List.of(SigningKey.generate())).toBytes();

        assertThrows(MetadataException.class, () -> trusted.trustFirstRoot(root, Digests.sha256Hex(root)),
                "the right fingerprint does not make up for a missing signature");
        assertFalse(trusted.hasRoot());
        assertEquals(Set.of(), filesOnDisk());
    }

    @Test
    void anUpdateIsAcceptedOnceThenUnchangedThroughTheEtag() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));

        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(Set.of(JAR_PATH), paths(trusted.targets()));
        assertEquals(Set.of("root.json", "timestamp.json", "snapshot.json", "targets.json"), filesOnDisk());

        repository.clearLog();
        assertEquals(TrustedMetadata.Outcome.UNCHANGED, trusted.update(client, NOW));
        assertEquals(List.of(new RepositoryServer.Request("/repository/metadata/2.root.json", 404),
                new RepositoryServer.Request("/repository/metadata/timestamp.json", 304)), repository.log(),
                "an unchanged repository costs one conditional request, besides the root check");
        assertEquals(Set.of(JAR_PATH), paths(trusted.targets()));

        publish(2, target(JAR_PATH, "one"), target(JAR2_PATH, "two"));
        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(Set.of(JAR_PATH, JAR2_PATH), paths(trusted.targets()));
        assertEquals(Set.of(JAR_PATH, JAR2_PATH), paths(TrustedMetadata.load(folder).targets()));
    }

    @Test
    void aHostRestartedOnTheSameMetadataFindsItUnchanged() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));
        trusted.update(client, NOW);

        TrustedMetadata restarted = TrustedMetadata.load(folder);

        assertEquals(TrustedMetadata.Outcome.UNCHANGED, restarted.update(client, NOW));
        assertEquals(Set.of(JAR_PATH), paths(restarted.targets()));
    }

    @Test
    void refusesATimestampOlderThanTheAcceptedOneAndKeepsTheAcceptedTargets() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata oldTargets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata oldSnapshot = snapshot(1, oldTargets);
        SignedMetadata oldTimestamp = timestamp(1, oldSnapshot, NEXT_YEAR, timestampKey);
        publish(2, target(JAR_PATH, "one"), target(JAR2_PATH, "two"));
        trusted.update(client, NOW);

        serve(oldTimestamp, oldSnapshot, oldTargets);
        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));

        assertTrue(refused.getMessage().contains("rollback refused"), refused.getMessage());
        assertEquals("timestamp version 1 plus ancienne que la version 2 déjà acceptée (retour en arrière refusé) /"
                + " timestamp version 1 older than version 2 already accepted (rollback refused)", refused.getMessage(),
                "logs and the REST reason keep French / English");
        Message warning = CatalogueSync.refusedWarning(refused);
        assertEquals("métadonnées refusées, catalogue précédent conservé : timestamp version 1 plus ancienne que la"
                + " version 2 déjà acceptée (retour en arrière refusé)", warning.in(Texts.FRENCH));
        assertEquals("metadata refused, previous catalogue kept: timestamp version 1 older than version 2 already"
                + " accepted (rollback refused)", warning.in(Texts.ENGLISH));
        assertEquals("Metadaten abgelehnt, vorheriger Katalog beibehalten: timestamp Version 1 ist älter als die bereits"
                + " akzeptierte Version 2 (Rückfall auf eine ältere Version abgelehnt)", warning.in(Texts.GERMAN));
        assertEquals(2, trusted.targets().version());
        assertEquals(2, trusted.timestamp().version());
        TrustedMetadata onDisk = TrustedMetadata.load(folder);
        assertEquals(2, onDisk.targets().version());
        assertEquals(2, onDisk.timestamp().version());
        assertEquals(Set.of(JAR_PATH, JAR2_PATH), paths(onDisk.targets()));
    }

    @Test
    void refusesASnapshotPinningOtherTargetsThanTheOnesServed() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));
        trusted.update(client, NOW);

        // The snapshot pins one targets version 2; the mirror serves another one, also version 2.
        SignedMetadata pinned = targets(2, target(JAR2_PATH, "two"));
        SignedMetadata served = targets(2, target(JAR2_PATH, "evil"));
        SignedMetadata snapshot = snapshot(2, pinned);
        serve(timestamp(2, snapshot, NEXT_YEAR, timestampKey), snapshot, served);

        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));

        assertTrue(refused.getMessage().contains("refusing a mix of documents"), refused.getMessage());
        assertEquals(1, trusted.targets().version());
        TrustedMetadata onDisk = TrustedMetadata.load(folder);
        assertEquals(1, onDisk.targets().version());
        assertEquals(1, onDisk.timestamp().version());
        assertEquals(Set.of(JAR_PATH), paths(onDisk.targets()));
    }

    @Test
    void refusesATimestampSignedByAnotherKeyAndWritesNothing() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NEXT_YEAR, snapshotKey), snapshot, targets);

        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));

        assertEquals("timestamp metadata version 1 has 0 valid signature(s) of 1 required", refused.getMessage());
        assertNull(trusted.targets());
        assertEquals(Set.of("root.json"), filesOnDisk());
    }

    @Test
    void refusesAnExpiredTimestamp() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NOW.minusSeconds(1), timestampKey), snapshot, targets);

        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));

        // Brussels time, as people read it (UTC+1 in November).
        assertTrue(refused.getMessage().contains("expired on 28/11/2026 12:59"), refused.getMessage());
        assertNull(trusted.targets());
        assertEquals(Set.of("root.json"), filesOnDisk());
    }

    @Test
    void anAcceptedTimestampThatExpiresIsRefusedEvenWhenTheRepositoryAnswersNotModified() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NOW.plus(Duration.ofHours(1)), timestampKey), snapshot, targets);
        trusted.update(client, NOW);

        repository.clearLog();
        assertThrows(MetadataException.class, () -> trusted.update(client, NOW.plus(Duration.ofHours(2))),
                "a mirror that freezes the repository must not keep the host on stale metadata");
        assertEquals(304, repository.log().get(repository.log().size() - 1).status());
    }

    @Test
    void followsARootRotationSignedByTheOldAndTheNewRootKeys() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SigningKey newRootKey = SigningKey.generate();
        repository.metadata("2.root.json", root(2, newRootKey, List.of(rootKey, newRootKey)).toBytes());
        publish(1, target(JAR_PATH, "one"));

        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));

        assertEquals(2, trusted.root().version());
        assertEquals(2, TrustedMetadata.load(folder).root().version());
        assertEquals(Set.of(JAR_PATH), paths(trusted.targets()));
    }

    @Test
    void refusesANewRootSignedOnlyByItsOwnNewKey() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        String fingerprint = trusted.root().fingerprint();
        SigningKey newRootKey = SigningKey.generate();
        repository.metadata("2.root.json", root(2, newRootKey, List.of(newRootKey)).toBytes());
        publish(1, target(JAR_PATH, "one"));

        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));

        assertEquals("root metadata version 2 has 0 valid signature(s) of 1 required", refused.getMessage());
        assertEquals(1, trusted.root().version());
        assertEquals(fingerprint, TrustedMetadata.load(folder).root().fingerprint());
        assertNull(trusted.targets());
    }

    @Test
    void dropsADamagedTargetsFileAtLoadAndKeepsTheRest() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));
        trusted.update(client, NOW);
        Path file = folder.resolve("targets.json");
        String text = Files.readString(file, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"length\":3"), text);
        Files.writeString(file, text.replace("\"length\":3", "\"length\":4"), StandardCharsets.UTF_8);

        TrustedMetadata reloaded = TrustedMetadata.load(folder);

        assertNull(reloaded.targets(), "a targets document whose signature no longer holds is not trusted");
        assertFalse(Files.exists(file));
        assertNotNull(reloaded.timestamp());
        assertEquals(1, reloaded.root().version());
    }

    @Test
    void fetchesADroppedTargetsFileAgainAtTheNextUpdate() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));
        trusted.update(client, NOW);
        Files.writeString(folder.resolve("targets.json"), "{ truncated", StandardCharsets.UTF_8);

        TrustedMetadata reloaded = TrustedMetadata.load(folder);
        assertEquals(TrustedMetadata.Outcome.UPDATED, reloaded.update(client, NOW),
                "the catalogue comes back: it changed for the host");

        assertEquals(Set.of(JAR_PATH), paths(reloaded.targets()));
        assertTrue(Files.exists(folder.resolve("targets.json")));
    }

    @Test
    void dropsAnUnreadableTargetsFileAtLoad() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));
        trusted.update(client, NOW);
        Files.writeString(folder.resolve("targets.json"), "{ truncated", StandardCharsets.UTF_8);

        TrustedMetadata reloaded = TrustedMetadata.load(folder);

        assertNull(reloaded.targets());
        assertFalse(Files.exists(folder.resolve("targets.json")));
    }

    @Test
    void refusesToStartOnADamagedRoot() throws Exception {
        hostTrustingRoot();
        Files.writeString(folder.resolve("root.json"), "{}", StandardCharsets.UTF_8);

        assertThrows(java.io.IOException.class, () -> TrustedMetadata.load(folder));
    }

    // ---- freeze: every trusted role's expiry, at every update ----

    @Test
    void aFreshTimestampPinningAnExpiredSnapshotIsRefusedAndNothingCanBeInstalled() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets, NOW.plus(Duration.ofHours(1)));
        serve(timestamp(1, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        trusted.update(client, NOW);
        assertNull(trusted.unusableAt(NOW));

        Instant later = NOW.plus(Duration.ofHours(2));
        // The 304 path: the same timestamp, the same snapshot, which has expired meanwhile.
        MetadataException frozen = assertThrows(MetadataException.class, () -> trusted.update(client, later));
        assertTrue(frozen.getMessage().contains("snapshot metadata version 1 expired"), frozen.getMessage());
        assertEquals(304, repository.log().get(repository.log().size() - 1).status());

        // A fresh timestamp that keeps pinning the expired snapshot.
        serve(timestamp(2, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        frozen = assertThrows(MetadataException.class, () -> trusted.update(client, later));
        assertTrue(frozen.getMessage().contains("snapshot metadata version 1 expired"), frozen.getMessage());
        assertEquals(1, trusted.timestamp().version(), "the refused timestamp is not kept");
        String unusable = trusted.unusableAt(later).in(Texts.ENGLISH);
        assertTrue(unusable.contains("snapshot metadata version 1 expired"), unusable);
    }

    @Test
    void targetsThatExpiredAreRefusedThoughTimestampAndSnapshotAreFresh() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = SignedMetadata.sign(MetadataDocuments.targets(1, NOW.plus(Duration.ofHours(1)),
                List.of(target(JAR_PATH, "one"))), List.of(targetsKey));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        trusted.update(client, NOW);

        SignedMetadata freshSnapshot = snapshot(2, targets);
        serve(timestamp(2, freshSnapshot, NEXT_YEAR, timestampKey), freshSnapshot, targets);
        MetadataException frozen = assertThrows(MetadataException.class,
                () -> trusted.update(client, NOW.plus(Duration.ofDays(1))));
        assertTrue(frozen.getMessage().contains("targets metadata version 1 expired"), frozen.getMessage());
        assertEquals(1, TrustedMetadata.load(folder).snapshot().version(), "nothing of the refused update is written");
    }

    // ---- fast-forward: recovery after a key rotation ----

    @Test
    void aNewRootRotatingTheTimestampKeyUndoesATimestampFastForwardedByTheOldKey() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(5, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(5, targets);
        // The stolen timestamp key signs a timestamp far in the future.
        serve(timestamp(Long.MAX_VALUE / 2, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        trusted.update(client, NOW);

        serve(timestamp(6, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("rollback refused"), refused.getMessage());

        // iMio rotates the timestamp key; the repository signs with the new one.
        SigningKey newTimestampKey = SigningKey.generate();
        repository.metadata("2.root.json", rootWithTimestampKey(2, newTimestampKey).toBytes());
        serve(timestamp(7, snapshot, NEXT_YEAR, newTimestampKey), snapshot, targets);

        assertEquals(TrustedMetadata.Outcome.UPDATED, trusted.update(client, NOW));
        assertEquals(2, trusted.root().version());
        assertEquals(7, trusted.timestamp().version());
        assertEquals(7, TrustedMetadata.load(folder).timestamp().version(), "the fast-forwarded one is gone from disk too");
        assertNull(trusted.unusableAt(NOW));
    }

    @Test
    void aNewRootKeepingTheOnlineKeysKeepsWhatTheySigned() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(3, target(JAR_PATH, "one"));
        trusted.update(client, NOW);

        repository.metadata("2.root.json", rootWithTimestampKey(2, timestampKey).toBytes());
        SignedMetadata older = targets(2, target(JAR_PATH, "one"));
        SignedMetadata olderSnapshot = snapshot(2, older);
        serve(timestamp(2, olderSnapshot, NEXT_YEAR, timestampKey), olderSnapshot, older);

        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("rollback refused"), refused.getMessage());
        assertEquals(2, trusted.root().version());
        assertEquals(3, trusted.timestamp().version());
    }

    // ---- lengths: each document no longer than its parent pins ----

    @Test
    void aSnapshotLongerThanTheTimestampPinsIsRefusedAsMetadataNotAsOffline() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        byte[] padded = java.util.Arrays.copyOf(snapshot.toBytes(), snapshot.toBytes().length + 1_000_000);
        java.util.Arrays.fill(padded, snapshot.toBytes().length, padded.length, (byte) ' ');
        repository.metadata("1.snapshot.json", padded);

        RepositoryClient.Refused refused = assertThrows(RepositoryClient.Refused.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("1.snapshot.json") && refused.getMessage().contains(
                snapshot.toBytes().length + " bytes allowed"), refused.getMessage());
        assertEquals(Set.of("root.json"), filesOnDisk());
    }

    @Test
    void aTimestampPastItsFixedBoundIsRefused() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        repository.metadata("timestamp.json", new byte[(int) TrustedMetadata.MAX_TIMESTAMP_BYTES + 1]);
        assertThrows(RepositoryClient.Refused.class, () -> trusted.update(client, NOW));
    }

    @Test
    void aFloatInTheTimestampIsRefusedMetadata() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(1, targets);
        serve(timestamp(1, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        String text = new String(timestamp(1, snapshot, NEXT_YEAR, timestampKey).toBytes(), StandardCharsets.UTF_8);
        repository.metadata("timestamp.json", text.replace("\"spec_version\":\"1.0\",\"version\":1", "\"spec_version\":\"1.0\",\"version\":1.0")
                .getBytes(StandardCharsets.UTF_8));
        assertTrue(text.contains("\"spec_version\":\"1.0\",\"version\":1"), text);
        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("integers"), refused.getMessage());
    }

    // ---- the other checks of the workflow ----

    @Test
    void anExpiredTrustedRootStopsTheUpdate() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        publish(1, target(JAR_PATH, "one"));

        MetadataException refused = assertThrows(MetadataException.class,
                () -> trusted.update(client, NEXT_YEAR.plusSeconds(1)));
        assertTrue(refused.getMessage().contains("the trusted root expired"), refused.getMessage());
        assertNull(trusted.targets());
    }

    @Test
    void refusesATimestampPinningAnOlderSnapshotThanTheTrustedTimestampDid() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(1, target(JAR_PATH, "one"));
        SignedMetadata older = snapshot(4, targets);
        SignedMetadata snapshot = snapshot(5, targets);
        serve(timestamp(5, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        trusted.update(client, NOW);

        serve(timestamp(6, older, NEXT_YEAR, timestampKey), older, targets);
        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("snapshot version 4") && refused.getMessage().contains("rollback"),
                refused.getMessage());
        assertEquals(5, trusted.timestamp().version());
    }

    @Test
    void refusesASnapshotPinningOlderTargetsThanTheTrustedSnapshotDid() throws Exception {
        TrustedMetadata trusted = hostTrustingRoot();
        SignedMetadata targets = targets(3, target(JAR_PATH, "one"));
        SignedMetadata snapshot = snapshot(3, targets);
        serve(timestamp(3, snapshot, NEXT_YEAR, timestampKey), snapshot, targets);
        trusted.update(client, NOW);

        SignedMetadata olderTargets = targets(2, target(JAR_PATH, "one"));
        SignedMetadata newerSnapshot = snapshot(4, olderTargets);
        serve(timestamp(4, newerSnapshot, NEXT_YEAR, timestampKey), newerSnapshot, olderTargets);
        MetadataException refused = assertThrows(MetadataException.class, () -> trusted.update(client, NOW));
        assertTrue(refused.getMessage().contains("targets version 2") && refused.getMessage().contains("rollback"),
                refused.getMessage());
        assertEquals(3, TrustedMetadata.load(folder).snapshot().version());
    }
}
