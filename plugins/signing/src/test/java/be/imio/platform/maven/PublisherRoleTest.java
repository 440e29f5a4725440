package be.imio.platform.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

class PublisherRoleTest {

    private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");
    private final SigningKey mine = SigningKey.generate();

    private static Target file(String path, String content) {
        byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }

    @Test
    void theFirstRoleHoldsTheDeployedFilesAndTheNextOneKeepsThemAndAddsItsOwn() throws Exception {
        Target jar = file("be/x/a/1.0.0/a-1.0.0.jar", "jar");
        SignedMetadata first = PublisherRole.next(null, List.of(jar), mine, null, NOW);
        assertEquals(NOW.toEpochMilli(), first.version(), "the clock in milliseconds, above any version a backup had");
        assertEquals(NOW.plus(Duration.ofDays(365)), first.expires());
        assertEquals(Set.of(jar.path()), MetadataDocuments.targetsOf(first).keySet());

        Target pom = file("be/x/a/1.1.0/a-1.1.0.pom", "pom");
        SignedMetadata second = PublisherRole.next(SignedMetadata.parse(first.toBytes()), List.of(pom), mine, null, NOW);
        assertEquals(NOW.toEpochMilli() + 1, second.version(), "one up when the clock has not moved");
        assertEquals(Set.of(jar.path(), pom.path()), MetadataDocuments.targetsOf(second).keySet());
    }

    @Test
    void aPublishedRoleNotSignedByThePublishersKeyIsNeverSignedAgain() throws Exception {
        SigningKey server = SigningKey.generate();
        SignedMetadata forged = SignedMetadata.sign(MetadataDocuments.targets(7, NOW.plusSeconds(3600),
                List.of(file("be/x/a/6.6.6/a-6.6.6.jar", "forged"))), List.of(server));
        MetadataException refused = assertThrows(MetadataException.class, () -> PublisherRole.next(forged,
                List.of(file("be/x/a/1.0.0/a-1.0.0.jar", "jar")), mine, null, NOW));
        assertTrue(refused.getMessage().contains("not signed by your key"), refused.getMessage());

        // After a key change, the role the previous key signed is carried over when its SHA-256 is the one given...
        SigningKey previous = SigningKey.generate();
        SignedMetadata old = SignedMetadata.sign(MetadataDocuments.targets(3, NOW.plusSeconds(3600),
                List.of(file("be/x/a/1.0.0/a-1.0.0.jar", "jar"))), List.of(previous));
        SignedMetadata resigned = PublisherRole.next(old, List.of(), mine, Digests.sha256Hex(old.toBytes()), NOW);
        assertEquals(Set.of("be/x/a/1.0.0/a-1.0.0.jar"), MetadataDocuments.targetsOf(resigned).keySet());
        // ...and never another one the previous (perhaps stolen) key signed.
        SignedMetadata stolen = SignedMetadata.sign(MetadataDocuments.targets(4, NOW.plusSeconds(3600),
                List.of(file("be/x/a/6.6.6/a-6.6.6.jar", "forged"))), List.of(previous));
        assertThrows(MetadataException.class, () -> PublisherRole.next(stolen, List.of(), mine,
                Digests.sha256Hex(old.toBytes()), NOW));
    }

    @Test
    void sourcesJavadocAndSignaturesAreNotSigned() {
        assertTrue(PublisherRole.isCompanion("a-1.0.0-sources.jar", "a-1.0.0"));
        assertTrue(PublisherRole.isCompanion("a-1.0.0-javadoc.jar", "a-1.0.0"));
        assertTrue(PublisherRole.isCompanion("a-1.0.0.jar.asc", "a-1.0.0"));
        assertTrue(!PublisherRole.isCompanion("a-1.0.0-features.xml", "a-1.0.0"));
        assertTrue(!PublisherRole.isCompanion("a-1.0.0.jar", "a-1.0.0"));
    }

    @Test
    void mavenPathsAreThoseMvnDeployUploads() {
        assertEquals("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar",
                PublisherRole.path("be.imio.solutions", "courrier", "1.0.0", null, "jar"));
        assertEquals("be/imio/solutions/courrier/1.0.0/courrier-1.0.0-features.xml",
                PublisherRole.path("be.imio.solutions", "courrier", "1.0.0", "features", "xml"));
    }
}
