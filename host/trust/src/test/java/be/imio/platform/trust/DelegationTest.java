package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class DelegationTest {

    private static final Instant NOW = Instant.parse("2026-11-28T12:00:00Z");
    private final SigningKey publisherKey = SigningKey.generate();
    private final SigningKey otherKey = SigningKey.generate();

    private Delegation role(String name, String... paths) {
        return new Delegation(name, Set.of(publisherKey.publicKey().id()), 1, List.of(paths), true);
    }

    @Test
    void aStarStandsForOneSegmentsCharactersButNeverASlash() {
        Delegation solutions = role("publisher-imio", "be/imio/solutions/*/*/*");
        assertTrue(solutions.covers("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar"));
        assertFalse(solutions.covers("be/imio/solutions/courrier/1.0.0"), "fewer segments");
        assertFalse(solutions.covers("be/imio/solutions/sub/courrier/1.0.0/courrier-1.0.0.jar"), "more segments");
        assertFalse(solutions.covers("be/imio/solutionsx/courrier/1.0.0/courrier-1.0.0.jar"), "a longer segment");
        assertFalse(solutions.covers("be/imio/solution/courrier/1.0.0/courrier-1.0.0.jar"), "a shorter segment");
        assertFalse(solutions.covers("org/other/solutions/courrier/1.0.0/courrier-1.0.0.jar"), "another group");
    }

    @Test
    void partialWildcardsAndQuestionMarksMatchWithinASegment() {
        Delegation role = role("publisher-a", "be/imio/*-tools/v?/*.jar");
        assertTrue(role.covers("be/imio/x-tools/v1/a.jar"));
        assertTrue(role.covers("be/imio/-tools/v2/.jar"), "a star may stand for nothing");
        assertFalse(role.covers("be/imio/x-tools/v10/a.jar"), "? is one character");
        assertFalse(role.covers("be/imio/x-tools/v1/a.jar.sha1"));
        assertFalse(role.covers("be/imio/tools/v1/a.jar"));
        assertTrue(role("r", "a**b").covers("ab"), "stars collapse");
        assertTrue(role("r", "a*b*c").covers("aXbYbZc"), "backtracking");
        assertTrue(!role("r", "a*b*c").covers("aXbYbZ"));
        assertTrue(role("r", "*.jar").covers(".jar") && !role("r", "*.jar").covers("a.jars"));
        // A pattern that makes a naive matcher try every split answers at once.
        assertTrue(!role("r", "*a*a*a*a*a*a*a*a*a*a*a*b").covers("a".repeat(200)));
    }

    @Test
    void aRoleWithNoPathsCoversNothing() {
        assertFalse(role("channels").covers("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar"));
    }

    @Test
    void namesThatCouldBeTakenForATopLevelRoleOrAFileElsewhereAreRefused() {
        for (String name : List.of("targets", "root", "snapshot", "timestamp", "../root", "a/b", "A", "", "-x",
                "x".repeat(81), "x.json")) {
            assertThrows(IllegalArgumentException.class, () -> role(name), name);
        }
        assertEquals("publisher-imio.json", role("publisher-imio").fileName());
    }

    @Test
    void pathPatternsThatClimbOrAreAbsoluteAreRefused() {
        for (String pattern : List.of("/be/imio/*", "be/../x", "be//x", "be/./x", "be\\x", "")) {
            assertThrows(IllegalArgumentException.class, () -> role("r", pattern), pattern);
        }
    }

    @Test
    void thresholdMustBeReachable() {
        assertThrows(IllegalArgumentException.class,
                () -> new Delegation("r", Set.of(publisherKey.publicKey().id()), 2, List.of(), true));
        assertThrows(IllegalArgumentException.class,
                () -> new Delegation("r", Set.of(publisherKey.publicKey().id()), 0, List.of(), true));
    }

    @Test
    void delegationsReadBackAsWritten() throws Exception {
        Delegations written = Delegations.of(List.of(publisherKey.publicKey()),
                List.of(role("publisher-imio", "be/imio/solutions/*/*/*"), role("publisher-liege", "be/liege/*/*/*")));
        SignedMetadata top = SignedMetadata.sign(MetadataDocuments.targets(1, NOW.plus(Duration.ofDays(1)), List.of(),
                written), List.of(otherKey));
        SignedMetadata parsed = SignedMetadata.parse(top.toBytes());
        Delegations read = Delegations.of(parsed);
        assertEquals(written, read);
        assertEquals(List.of("publisher-imio", "publisher-liege"), read.roles().stream().map(Delegation::name).toList());
    }

    @Test
    void malformedDelegationsAreRefusedAsMetadata() throws Exception {
        String key = publisherKey.publicKey().id();
        List<String> cases = List.of(
                "{\"keys\":{},\"roles\":[{\"name\":\"r\",\"keyids\":[\"" + key + "\"],\"threshold\":1,\"paths\":[],\"terminating\":true}]}",
                "{\"keys\":{},\"roles\":[{\"name\":\"r\",\"keyids\":[],\"threshold\":1,\"path_hash_prefixes\":[\"ab\"],\"terminating\":true}]}",
                "{\"keys\":{},\"roles\":[{\"name\":\"r\",\"keyids\":[],\"threshold\":4294967297,\"paths\":[],\"terminating\":true}]}",
                "{\"keys\":{},\"roles\":[{\"name\":\"r\",\"keyids\":[],\"threshold\":1,\"paths\":[]}]}",
                "{\"keys\":{},\"roles\":{}}");
        for (String delegations : cases) {
            ObjectNode signed = MetadataDocuments.targets(1, NOW.plus(Duration.ofDays(1)), List.of());
            signed.set("delegations", new com.fasterxml.jackson.databind.ObjectMapper().readTree(delegations));
            SignedMetadata document = SignedMetadata.sign(signed, List.of(otherKey));
            assertThrows(MetadataException.class, () -> Delegations.of(document), delegations);
        }
    }

    @Test
    void aDelegatedDocumentMustCarryAThresholdOfItsOwnKeysAndNotHaveExpired() throws Exception {
        Delegation role = role("publisher-imio", "be/imio/*/*/*");
        Delegations delegations = Delegations.of(List.of(publisherKey.publicKey(), otherKey.publicKey()), List.of(role));
        SignedMetadata signedByPublisher = SignedMetadata.sign(
                MetadataDocuments.targets(3, NOW.plus(Duration.ofDays(1)), List.of()), List.of(publisherKey));
        delegations.verify(signedByPublisher, role, NOW);
        SignedMetadata signedByAnother = SignedMetadata.sign(
                MetadataDocuments.targets(3, NOW.plus(Duration.ofDays(1)), List.of()), List.of(otherKey));
        MetadataException refused = assertThrows(MetadataException.class, () -> delegations.verify(signedByAnother, role, NOW));
        assertTrue(refused.getMessage().contains("publisher-imio version 3 has 0 valid signature(s) of 1"), refused.getMessage());
        SignedMetadata expired = SignedMetadata.sign(
                MetadataDocuments.targets(4, NOW.minusSeconds(1), List.of()), List.of(publisherKey));
        refused = assertThrows(MetadataException.class, () -> delegations.verify(expired, role, NOW));
        assertTrue(refused.getMessage().contains("expired"), refused.getMessage());
        delegations.verifySignatures(expired, role);
    }
}
