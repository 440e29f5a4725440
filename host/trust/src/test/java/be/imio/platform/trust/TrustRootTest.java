package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.ObjectNode;

class TrustRootTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private static final Instant NEXT_YEAR = NOW.plus(Duration.ofDays(365));

    private final SigningKey rootKey = SigningKey.generate();
    private final SigningKey rootKey2 = SigningKey.generate();
    private final SigningKey onlineKey = SigningKey.generate();

    private SignedMetadata root(long version, List<SigningKey> rootKeys, int threshold, List<SigningKey> signers) {
        Map<Role, List<VerifyingKey>> keys = Map.of(
                Role.ROOT, rootKeys.stream().map(SigningKey::publicKey).toList(),
                Role.TARGETS, List.of(onlineKey.publicKey()),
                Role.SNAPSHOT, List.of(onlineKey.publicKey()),
                Role.TIMESTAMP, List.of(onlineKey.publicKey()));
        return SignedMetadata.sign(MetadataDocuments.root(version, NEXT_YEAR, keys, Map.of(Role.ROOT, threshold)), signers);
    }

    private SignedMetadata targets(long version, Instant expires, SigningKey signer) {
        byte[] jar = "a module".getBytes(StandardCharsets.UTF_8);
        Target target = new Target("be/imio/courrier/1.0.0/courrier-1.0.0.jar", jar.length, Digests.sha256Hex(jar), null);
        return SignedMetadata.sign(MetadataDocuments.targets(version, expires, List.of(target)), List.of(signer));
    }

    @Test
    void acceptsWellSignedDocumentsAfterAPublishAndParseRoundTrip() throws Exception {
        TrustRoot trust = TrustRoot.initial(SignedMetadata.parse(root(1, List.of(rootKey), 1, List.of(rootKey)).toBytes()));
        SignedMetadata targets = SignedMetadata.parse(targets(1, NEXT_YEAR, onlineKey).toBytes());

        trust.verify(targets, Role.TARGETS, NOW);

        Target pinned = MetadataDocuments.targetsOf(targets).get("be/imio/courrier/1.0.0/courrier-1.0.0.jar");
        assertTrue(pinned.matches("a module".getBytes(StandardCharsets.UTF_8)));
        assertTrue(!pinned.matches("a modulE".getBytes(StandardCharsets.UTF_8)), "one changed byte is refused");
    }

    @Test
    void refusesATamperedDocument() throws Exception {
        TrustRoot trust = TrustRoot.initial(root(1, List.of(rootKey), 1, List.of(rootKey)));
        String published = new String(targets(1, NEXT_YEAR, onlineKey).toBytes(), StandardCharsets.UTF_8);
        SignedMetadata tampered = SignedMetadata.parse(published.replace("\"length\":8", "\"length\":9")
                .getBytes(StandardCharsets.UTF_8));

        MetadataException refused = assertThrows(MetadataException.class, () -> trust.verify(tampered, Role.TARGETS, NOW));
        assertEquals("targets metadata version 1 has 0 valid signature(s) of 1 required", refused.getMessage());
    }

    @Test
    void refusesASignatureByAKeyOfAnotherRoleOrUnknown() throws Exception {
        TrustRoot trust = TrustRoot.initial(root(1, List.of(rootKey), 1, List.of(rootKey)));

        assertThrows(MetadataException.class, () -> trust.verify(targets(1, NEXT_YEAR, rootKey), Role.TARGETS, NOW));
        assertThrows(MetadataException.class,
                () -> trust.verify(targets(1, NEXT_YEAR, SigningKey.generate()), Role.TARGETS, NOW));
    }

    @Test
    void refusesExpiredDocumentsAndTheWrongType() throws Exception {
        TrustRoot trust = TrustRoot.initial(root(1, List.of(rootKey), 1, List.of(rootKey)));

        MetadataException expired = assertThrows(MetadataException.class,
                () -> trust.verify(targets(1, NOW.minusSeconds(1), onlineKey), Role.TARGETS, NOW));
        assertTrue(expired.getMessage().contains("expired on 28/11/2026 12:59"), expired.getMessage());
        assertThrows(MetadataException.class, () -> trust.verify(targets(1, NEXT_YEAR, onlineKey), Role.TIMESTAMP, NOW));
    }

    @Test
    void countsEachKeyOnceTowardsTheThreshold() throws Exception {
        SignedMetadata twoOfTwo = root(1, List.of(rootKey, rootKey2), 2, List.of(rootKey, rootKey));

        MetadataException refused = assertThrows(MetadataException.class, () -> TrustRoot.initial(twoOfTwo));
        assertTrue(refused.getMessage().contains("1 valid signature(s) of 2 required"), refused.getMessage());
        TrustRoot.initial(root(1, List.of(rootKey, rootKey2), 2, List.of(rootKey, rootKey2)));
    }

    @Test
    void aNewRootNeedsTheOldKeysTheNewKeysAndTheNextVersion() throws Exception {
        TrustRoot trust = TrustRoot.initial(root(1, List.of(rootKey), 1, List.of(rootKey)));

        TrustRoot rotated = trust.next(root(2, List.of(rootKey2), 1, List.of(rootKey, rootKey2)));
        assertEquals(2, rotated.version());

        assertThrows(MetadataException.class, () -> trust.next(root(2, List.of(rootKey2), 1, List.of(rootKey2))),
                "a root signed only by new keys would let a thief of any key take over");
        assertThrows(MetadataException.class, () -> trust.next(root(2, List.of(rootKey2), 1, List.of(rootKey))));
        MetadataException skipped = assertThrows(MetadataException.class,
                () -> trust.next(root(3, List.of(rootKey), 1, List.of(rootKey))));
        assertEquals("root version 3 does not follow trusted version 1", skipped.getMessage());
    }

    @Test
    void snapshotAndTimestampPinExactDocuments() throws Exception {
        SignedMetadata targets = targets(3, NEXT_YEAR, onlineKey);
        SignedMetadata snapshot = SignedMetadata.sign(MetadataDocuments.snapshot(5, NEXT_YEAR, targets), List.of(onlineKey));
        SignedMetadata timestamp = SignedMetadata.sign(MetadataDocuments.timestamp(9, NEXT_YEAR, snapshot), List.of(onlineKey));

        MetadataDocuments.checkPinned(MetadataDocuments.pinOf(timestamp, Role.SNAPSHOT), snapshot);
        MetadataDocuments.checkPinned(MetadataDocuments.pinOf(snapshot, Role.TARGETS), targets);

        SignedMetadata older = targets(2, NEXT_YEAR, onlineKey);
        MetadataException mixed = assertThrows(MetadataException.class,
                () -> MetadataDocuments.checkPinned(MetadataDocuments.pinOf(snapshot, Role.TARGETS), older));
        assertTrue(mixed.getMessage().contains("is not the one pinned (version 3)"), mixed.getMessage());
    }

    @Test
    void refusesMalformedDocuments() {
        assertThrows(MetadataException.class, () -> SignedMetadata.parse("not json".getBytes(StandardCharsets.UTF_8)));
        assertThrows(MetadataException.class, () -> SignedMetadata.parse("{\"signed\":{}}".getBytes(StandardCharsets.UTF_8)));
        MetadataException duplicate = assertThrows(MetadataException.class, () -> SignedMetadata.parse(
                ("{\"signed\":{\"_type\":\"targets\",\"version\":1,\"version\":2,\"expires\":\"2030-01-01T00:00:00Z\"},"
                        + "\"signatures\":[]}").getBytes(StandardCharsets.UTF_8)));
        assertTrue(duplicate.getMessage().contains("Duplicate field 'version'"), duplicate.getMessage());
    }

    @Test
    void keysSurviveTheirFileWithOwnerOnlyPermissions(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("timestamp.key");
        onlineKey.writeTo(file);

        SigningKey read = SigningKey.readFrom(file);

        assertEquals(onlineKey.publicKey().id(), read.publicKey().id());
        byte[] data = "x".getBytes(StandardCharsets.UTF_8);
        assertTrue(onlineKey.publicKey().verifies(data, read.sign(data)));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        Files.writeString(file, "garbage");
        assertThrows(MetadataException.class, () -> SigningKey.readFrom(file));
    }

    @Test
    void keyIdsAreStableAndDependOnTheKeyOnly() throws Exception {
        ObjectNode json = rootKey.publicKey().toJson();
        assertEquals(rootKey.publicKey().id(), VerifyingKey.fromJson(json).id());
        assertTrue(rootKey.publicKey().id().matches("[0-9a-f]{64}"));
        assertTrue(!rootKey.publicKey().id().equals(rootKey2.publicKey().id()));
    }
}
