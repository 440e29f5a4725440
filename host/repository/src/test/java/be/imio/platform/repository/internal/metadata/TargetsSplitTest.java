package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.repository.internal.publisher.PublisherKeys;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

class TargetsSplitTest {

    private static final String JAR = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String POM = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.pom";
    private static final String TEXTS = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0-about.json";
    private static final String OTHER = "be/liege/agenda/1.0.0/agenda-1.0.0.jar";

    private final SigningKey imioKey = SigningKey.generate();

    private static final Instant KEY_SET = Instant.parse("2026-12-01T00:00:00Z");

    private static PublisherKeys.Registered registered(SigningKey key) {
        return new PublisherKeys.Registered(key.publicKey(), KEY_SET);
    }

    private static Target released(String path, String content, String by, boolean texts) {
        return released(path, content, by, texts, KEY_SET.plusSeconds(60));
    }

    private static Target released(String path, String content, String by, boolean texts, Instant at) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("releasedBy", by).put("channel", "testing")
                .put("releasedAt", at.toString());
        if (texts) {
            custom.put("aboutOf", JAR);
        }
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), custom);
    }

    private SignedMetadata role(SigningKey key, Target... signed) {
        return SignedMetadata.sign(MetadataDocuments.targets(1, Instant.parse("2030-01-01T00:00:00Z"),
                List.of(signed)), List.of(key));
    }

    private final List<Target> released = List.of(released(JAR, "jar", "imio", false), released(POM, "pom", "imio", false),
            released(TEXTS, "texts", "imio", true), released(OTHER, "agenda", "liege", false));
    private final Map<String, Set<String>> namespaces = Map.of("imio", Set.of("be.imio.solutions"),
            "liege", Set.of("be.liege"));

    @Test
    void aPublisherWithoutAKeyIsSignedByTheRepositoryAsBefore() throws Exception {
        TargetsSplit split = TargetsSplit.of(released, Map.of(), namespaces, Map.of());
        assertEquals(released, split.top());
        assertTrue(split.delegations().roles().isEmpty());
        assertEquals(Map.of(), split.files());
    }

    @Test
    void filesOfAPublisherWithAKeyAwaitItsRoleAndNoDelegationIsMadeBeforeIt() throws Exception {
        TargetsSplit split = TargetsSplit.of(released, Map.of("imio", registered(imioKey)), namespaces, Map.of());
        assertEquals(List.of(JAR, POM), split.awaiting());
        assertEquals(List.of(TEXTS, OTHER), split.top().stream().map(Target::path).toList(),
                "the texts the repository derives and the other publisher's files stay");
        assertTrue(split.delegations().roles().isEmpty(), "no role to pin, no delegation");
    }

    @Test
    void whatThePublishersRoleListsWithTheSameBytesIsDescribedNotPinnedByTheRepository() throws Exception {
        SignedMetadata role = role(imioKey, released(JAR, "jar", "imio", false), released(POM, "other pom", "imio", false));
        TargetsSplit split = TargetsSplit.of(released, Map.of("imio", registered(imioKey)), namespaces,
                Map.of("publisher-imio", role));
        assertEquals(Set.of(JAR), split.files().keySet());
        assertEquals("testing", split.files().get(JAR).path("channel").asText());
        assertEquals(List.of(POM), split.awaiting(), "a file the role pins otherwise than released awaits");
        Delegation delegation = split.delegations().roles().get(0);
        assertEquals("publisher-imio", delegation.name());
        assertEquals(Set.of(imioKey.publicKey().id()), delegation.keyIds());
        assertTrue(delegation.terminating());
        assertTrue(delegation.covers(JAR));
        assertTrue(delegation.covers("be/imio/solutions/sub/group/x/1.0/x-1.0.jar"), "a namespace covers the groups below");
        assertTrue(!delegation.covers(OTHER));
    }

    @Test
    void whatAPublisherReleasedBeforeItsKeyWasRegisteredStaysSignedByTheRepository() throws Exception {
        Target old = released("be/imio/solutions/courrier/0.9.0/courrier-0.9.0.jar", "old", "imio", false,
                KEY_SET.minusSeconds(3600));
        TargetsSplit split = TargetsSplit.of(List.of(old, released(JAR, "jar", "imio", false)),
                Map.of("imio", registered(imioKey)), namespaces, Map.of());
        assertEquals(List.of(old), split.top());
        assertEquals(List.of(JAR), split.awaiting());
    }

    @Test
    void aPublisherWithAKeyButNoNamespaceOrAnOverlappingOneIsNeverSignedForByTheRepository() throws Exception {
        SignedMetadata role = role(imioKey, released(JAR, "jar", "imio", false));
        Map<String, SignedMetadata> roles = Map.of("publisher-imio", role);
        TargetsSplit noNamespace = TargetsSplit.of(released, Map.of("imio", registered(imioKey)),
                Map.of("liege", Set.of("be.liege")), roles);
        assertEquals(List.of(JAR, POM), noNamespace.awaiting(), "its files await, never pinned by the repository's key");
        assertTrue(noNamespace.delegations().roles().isEmpty());

        for (String other : List.of("be.imio", "be.imio.solutions", "be.imio.solutions.courrier")) {
            TargetsSplit overlapping = TargetsSplit.of(released, Map.of("imio", registered(imioKey)),
                    Map.of("imio", Set.of("be.imio.solutions"), "other", Set.of(other)), roles);
            assertTrue(overlapping.delegations().roles().isEmpty(), "overlapping " + other);
            assertEquals(List.of(JAR, POM), overlapping.awaiting(), "overlapping " + other);
        }
        assertEquals(Set.of(), TargetsSplit.overlapping("imio", Map.of("imio", Set.of("be.imio.solutions"),
                "other", Set.of("be.imio.solutionsx", "be.imio.other"))), "siblings do not overlap");
    }

    @Test
    void theLongestAccountNameMakesAValidRoleName() throws Exception {
        String account = "a".repeat(63);
        SignedMetadata role = role(imioKey, released(JAR, "jar", account, false));
        TargetsSplit split = TargetsSplit.of(List.of(released(JAR, "jar", account, false)), Map.of(account,
                registered(imioKey)), Map.of(account, Set.of("be.imio.solutions")), Map.of("publisher-" + account, role));
        assertEquals("publisher-" + account, split.delegations().roles().get(0).name());
        assertEquals(Set.of(JAR), split.files().keySet());
    }

    @Test
    void aRoleAnotherKeySignedIsNotDelegatedToAfterThePublishersKeyChanged() throws Exception {
        SignedMetadata oldRole = role(SigningKey.generate(), released(JAR, "jar", "imio", false));
        TargetsSplit split = TargetsSplit.of(released, Map.of("imio", registered(imioKey)), namespaces,
                Map.of("publisher-imio", oldRole));
        assertTrue(split.delegations().roles().isEmpty());
        assertEquals(List.of(JAR, POM), split.awaiting(), "re-signed by the new key, they are offered again");
    }

    private final SigningKey liegeKey = SigningKey.generate();
    private final SigningKey releasesKey = SigningKey.generate();

    /** The delegations of top-level targets a ceremony signed for {@code chosen}, the releases role first. */
    private be.imio.platform.trust.Delegations ceremony(TargetsSplit.Chosen chosen) {
        List<Delegation> roles = new java.util.ArrayList<>();
        roles.add(be.imio.platform.trust.ReleasesRole.delegation(releasesKey.publicKey()));
        roles.addAll(chosen.delegations());
        List<be.imio.platform.trust.VerifyingKey> keys = new java.util.ArrayList<>(chosen.keys());
        keys.add(releasesKey.publicKey());
        return be.imio.platform.trust.Delegations.of(keys, roles);
    }

    @Test
    void aCeremonyDelegatesToEveryPublisherWithAKeyAndNamespacesOfItsOwnAndSaysWhyNotToOthers() {
        SigningKey loneKey = SigningKey.generate();
        Map<String, Set<String>> granted = Map.of("imio", Set.of("be.imio.solutions"), "liege", Set.of("be.liege"),
                "nowhere", Set.of(), "inside", Set.of("be.liege.agenda"), "lone", Set.of("be.lone"));
        TargetsSplit.Chosen chosen = TargetsSplit.chosen(Map.of("imio", registered(imioKey), "liege", registered(liegeKey),
                "nowhere", registered(loneKey), "inside", registered(loneKey)), granted);
        assertEquals(List.of("publisher-imio"), chosen.delegations().stream().map(Delegation::name).toList(),
                "a publisher is delegated to before it signed anything: the ceremony delegates keys, not roles");
        assertEquals(Map.of("inside", "overlap:liege", "liege", "overlap:inside", "nowhere", "no-namespace"),
                chosen.leftOut(), "a publisher without a key ('lone') is no delegation's, and not left out");
        assertEquals(List.of(imioKey.publicKey()), chosen.keys());
    }

    @Test
    void underOfflineTopLevelTargetsOnlyWhatADelegatedRoleSignedIsDescribedAndTheRestAwaits() throws Exception {
        TargetsSplit.Chosen chosen = TargetsSplit.chosen(Map.of("imio", registered(imioKey)), namespaces);
        be.imio.platform.trust.Delegations top = ceremony(chosen);
        String forgedPom = "pom, changed by the server";
        Map<String, SignedMetadata> roles = Map.of("publisher-imio", role(imioKey, released(JAR, "jar", "imio", false),
                released(POM, forgedPom, "imio", false)));

        TargetsSplit split = TargetsSplit.under(released, top, roles);
        assertEquals(Set.of(JAR), split.files().keySet(), "described: pinned as released by the publisher's role");
        assertEquals(List.of(POM, OTHER), split.awaiting(), "another hash, and a publisher the ceremony did not delegate to");
        assertEquals(List.of(TEXTS), split.top().stream().map(Target::path).toList(), "texts go to the releases role");

        // A role signed by a key the ceremony did not delegate to (the publisher's new key, before the next ceremony).
        TargetsSplit newKey = TargetsSplit.under(released, top, Map.of("publisher-imio",
                role(SigningKey.generate(), released(JAR, "jar", "imio", false))));
        assertEquals(Set.of(), newKey.files().keySet());
        assertEquals(List.of(JAR, POM, OTHER), newKey.awaiting());

        // A file the publisher's role lists outside its delegation's paths.
        Target outside = released("be/elsewhere/x/1.0.0/x-1.0.0.jar", "x", "imio", false);
        TargetsSplit far = TargetsSplit.under(List.of(outside), top, Map.of("publisher-imio", role(imioKey, outside)));
        assertEquals(List.of(outside.path()), far.awaiting());
    }

    @Test
    void aNamespaceThatIsNotAPackageNameIsNeverDelegatedWhateverItsGlob() throws Exception {
        for (String bad : List.of("be.*", "be.?mio", "be.imio.*", "*", "be/imio", "be..imio", "be", "Be.Imio", "be.imio ",
                "be.[a-z]", "be.imio/../x")) {
            Map<String, Set<String>> granted = Map.of("imio", Set.of("be.imio.solutions"), "aaa", Set.of(bad));
            TargetsSplit.Chosen chosen = TargetsSplit.chosen(Map.of("imio", registered(imioKey), "aaa",
                    registered(liegeKey)), granted);
            assertEquals(List.of("publisher-imio"), chosen.delegations().stream().map(Delegation::name).toList(), bad);
            assertEquals(Map.of("aaa", "bad-namespace"), chosen.leftOut(), bad);
            // Nor when the repository signs its top-level targets online.
            TargetsSplit online = TargetsSplit.of(released, Map.of("aaa", registered(liegeKey)), granted, Map.of(
                    "publisher-aaa", role(liegeKey, released(JAR, "forged", "aaa", false))));
            assertTrue(online.delegations().roles().isEmpty(), bad);
        }
    }
}

