package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The search order of The Update Framework specification, 5.6.7.2, over documents already verified. */
class TargetsTreeTest {

    private static final Instant LATER = Instant.parse("2027-11-28T12:00:00Z");
    private static final String IMIO_JAR = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String LIEGE_JAR = "be/liege/agenda/agenda/2.0.0/agenda-2.0.0.jar";

    private final SigningKey topKey = SigningKey.generate();
    private final SigningKey imioKey = SigningKey.generate();
    private final SigningKey liegeKey = SigningKey.generate();
    private final Map<String, SignedMetadata> delegated = new HashMap<>();
    private final Map<String, Delegation> via = new HashMap<>();

    private static Target target(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }

    private static Delegation role(String name, SigningKey key, boolean terminating, String... paths) {
        return new Delegation(name, Set.of(key.publicKey().id()), 1, List.of(paths), terminating);
    }

    private SignedMetadata document(SigningKey signer, List<Target> targets, Delegation... delegations) {
        Delegations delegating = Delegations.of(List.of(topKey.publicKey(), imioKey.publicKey(), liegeKey.publicKey()),
                List.of(delegations));
        return SignedMetadata.sign(MetadataDocuments.targets(1, LATER, targets, delegating), List.of(signer));
    }

    private void trust(Delegation role, SignedMetadata document) {
        delegated.put(role.name(), document);
        via.put(role.name(), role);
    }

    private TargetsTree tree(SignedMetadata top) throws MetadataException {
        return TargetsTree.of(top, delegated, via);
    }

    private static String roleOf(Optional<TargetsTree.Resolved> resolved) {
        return resolved.map(TargetsTree.Resolved::role).orElse("none");
    }

    @Test
    void eachPublisherIsAnsweredForItsOwnNamespaceOnly() throws Exception {
        Delegation imio = role("publisher-imio", imioKey, true, "be/imio/solutions/*/*/*");
        Delegation liege = role("publisher-liege", liegeKey, true, "be/liege/*/*/*/*");
        trust(imio, document(imioKey, List.of(target(IMIO_JAR, "imio"),
                // Forged in the other publisher's namespace with its own, valid key:
                target(LIEGE_JAR, "forged by imio"))));
        trust(liege, document(liegeKey, List.of(target(LIEGE_JAR, "liege"))));
        TargetsTree tree = tree(document(topKey, List.of(), imio, liege));

        assertEquals("publisher-imio", roleOf(tree.resolve(IMIO_JAR)));
        assertEquals("publisher-liege", roleOf(tree.resolve(LIEGE_JAR)));
        assertEquals(target(LIEGE_JAR, "liege"), tree.resolve(LIEGE_JAR).orElseThrow().target());
        assertEquals(Set.of(IMIO_JAR, LIEGE_JAR), tree.targets().keySet());
        assertEquals(List.of(new TargetsTree.Outside("publisher-imio", LIEGE_JAR)), tree.outside());
    }

    @Test
    void aPathListedOnlyByARoleNotTrustedForItIsNotFound() throws Exception {
        Delegation imio = role("publisher-imio", imioKey, true, "be/imio/solutions/*/*/*");
        trust(imio, document(imioKey, List.of(target(LIEGE_JAR, "forged"))));
        TargetsTree tree = tree(document(topKey, List.of(), imio));
        assertEquals("none", roleOf(tree.resolve(LIEGE_JAR)));
        assertTrue(tree.targets().isEmpty());
    }

    @Test
    void theFirstRoleInOrderWinsAndATerminatingRoleEndsTheSearch() throws Exception {
        Delegation first = role("first", imioKey, false, "be/imio/solutions/*/*/*");
        Delegation second = role("second", liegeKey, false, "be/imio/*/*/*/*");
        trust(first, document(imioKey, List.of(target(IMIO_JAR, "first"))));
        trust(second, document(liegeKey, List.of(target(IMIO_JAR, "second"),
                target("be/imio/solutions/salles/1.0.0/salles-1.0.0.jar", "second"))));
        TargetsTree tree = tree(document(topKey, List.of(), first, second));
        assertEquals(target(IMIO_JAR, "first"), tree.resolve(IMIO_JAR).orElseThrow().target());
        assertEquals("second", roleOf(tree.resolve("be/imio/solutions/salles/1.0.0/salles-1.0.0.jar")),
                "a non-terminating role that does not list a path lets the search go on");

        Delegation firstTerminating = role("first", imioKey, true, "be/imio/solutions/*/*/*");
        via.put("first", firstTerminating);
        TargetsTree terminated = tree(document(topKey, List.of(), firstTerminating, second));
        assertEquals("none", roleOf(terminated.resolve("be/imio/solutions/salles/1.0.0/salles-1.0.0.jar")),
                "a terminating role that covers a path and does not list it ends the search");
    }

    @Test
    void theTopLevelTargetsComeFirstAndNestedDelegationsNarrowThePaths() throws Exception {
        Delegation imio = role("publisher-imio", imioKey, true, "be/imio/*/*/*/*");
        Delegation team = role("team-courrier", liegeKey, true, "be/imio/solutions/courrier/*/*", "be/liege/*/*/*/*");
        trust(imio, document(imioKey, List.of(), team));
        trust(team, document(liegeKey, List.of(target(IMIO_JAR, "team"), target(LIEGE_JAR, "team outside its parent"))));
        TargetsTree tree = tree(document(topKey, List.of(target("platform/index.json", "top")), imio));
        assertEquals("targets", roleOf(tree.resolve("platform/index.json")));
        assertEquals("team-courrier", roleOf(tree.resolve(IMIO_JAR)));
        assertEquals("none", roleOf(tree.resolve(LIEGE_JAR)),
                "a path must be in the paths of every role of the chain, not only the last one's");
    }

    @Test
    void aRoleThatCouldNotBeUsedStopsTheSearchForThePathsItCovers() throws Exception {
        Delegation imio = role("publisher-imio", imioKey, false, "be/imio/solutions/*/*/*");
        Delegation fallback = role("fallback", liegeKey, false, "be/*/*/*/*/*");
        trust(fallback, document(liegeKey, List.of(target(IMIO_JAR, "fallback"))));
        // publisher-imio's document is not there (expired, never accepted):
        TargetsTree tree = tree(document(topKey, List.of(), imio, fallback));
        assertEquals("none", roleOf(tree.resolve(IMIO_JAR)));
    }

    @Test
    void aRoleReachedThroughADelegationWithOtherKeysThanTheOneItWasVerifiedAgainstIsNotUsed() throws Exception {
        Delegation verified = role("shared", imioKey, true, "be/imio/solutions/*/*/*");
        trust(verified, document(imioKey, List.of(target(IMIO_JAR, "shared"))));
        Delegation otherKeys = role("shared", liegeKey, true, "be/imio/solutions/*/*/*");
        TargetsTree tree = tree(document(topKey, List.of(), otherKeys));
        assertEquals("none", roleOf(tree.resolve(IMIO_JAR)));
    }

    @Test
    void cyclesAndDeepChainsEnd() throws Exception {
        Delegation a = role("a", imioKey, false, "be/imio/solutions/*/*/*");
        Delegation b = role("b", imioKey, false, "be/imio/solutions/*/*/*");
        trust(a, document(imioKey, List.of(), b));
        trust(b, document(imioKey, List.of(), a));
        assertEquals("none", roleOf(tree(document(topKey, List.of(), a)).resolve(IMIO_JAR)));

        delegated.clear();
        via.clear();
        Delegation next = null;
        for (int depth = TargetsTree.MAX_DEPTH + 1; depth >= 1; depth--) {
            Delegation level = role("level-" + depth, imioKey, false, "be/imio/solutions/*/*/*");
            List<Target> listed = depth == TargetsTree.MAX_DEPTH + 1 ? List.of(target(IMIO_JAR, "deep")) : List.of();
            trust(level, next == null ? document(imioKey, listed) : document(imioKey, listed, next));
            next = level;
        }
        assertEquals("none", roleOf(tree(document(topKey, List.of(), next)).resolve(IMIO_JAR)),
                "a target deeper than " + TargetsTree.MAX_DEPTH + " delegations is not looked for");
    }
}
