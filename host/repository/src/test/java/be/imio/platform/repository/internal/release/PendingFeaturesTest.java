package be.imio.platform.repository.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.repository.internal.maven.MavenPath;

/** Features XML waiting for their bundles, and the files kept beside a release. */
class PendingFeaturesTest {

    private static final String PATH = "be/imio/solutions/mail/1.0.0/mail-1.0.0-features.xml";

    @Test
    void aWaitingFeaturesXmlIsKeptPerPublisherUntilDropped(@TempDir Path root) throws Exception {
        PendingFeatures pending = new PendingFeatures(root.resolve("pending"));
        pending.park(Files.writeString(root.resolve("a.part"), "<features/>"), MavenPath.ofVersionFile(PATH),
                "publisher-a", "192.0.2.1");
        List<PendingFeatures.Pending> waiting = pending.of("publisher-a");
        assertEquals(1, waiting.size());
        assertEquals(PATH, waiting.get(0).maven().path());
        assertEquals("192.0.2.1", waiting.get(0).address());
        assertEquals("publisher-a", waiting.get(0).account());
        assertEquals(List.of(), pending.of("publisher-b"), "another publisher's waiting files are not its own");
        assertNull(pending.waiting("publisher-b", PATH));
        assertTrue(pending.waiting("publisher-a", PATH) != null);

        // Sent again, it replaces what waited under its name.
        pending.park(Files.writeString(root.resolve("b.part"), "<features>2</features>"), MavenPath.ofVersionFile(PATH),
                "publisher-a", "192.0.2.2");
        assertEquals(1, pending.of("publisher-a").size());
        assertEquals("<features>2</features>", Files.readString(pending.waiting("publisher-a", PATH)));

        pending.drop(pending.of("publisher-a").get(0));
        assertEquals(List.of(), pending.of("publisher-a"));
    }

    @Test
    void noAccountNameIsAPathAndEachPublisherHasABound(@TempDir Path root) throws Exception {
        PendingFeatures pending = new PendingFeatures(root.resolve("pending"));
        pending.park(Files.writeString(root.resolve("x.part"), "x"), MavenPath.ofVersionFile(PATH), "..", "");
        assertFalse(Files.exists(root.resolve("be")), "nothing written outside the pending folder");
        assertEquals(1, pending.of("..").size());
        for (int i = 1; i < PendingFeatures.MAX_PER_PUBLISHER; i++) {
            String path = "be/imio/solutions/m" + i + "/1.0.0/m" + i + "-1.0.0-features.xml";
            pending.park(Files.writeString(root.resolve(i + ".part"), "x"), MavenPath.ofVersionFile(path), "..", "");
        }
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> pending.park(Files.writeString(
                root.resolve("last.part"), "x"), MavenPath.ofVersionFile("be/imio/solutions/z/1.0.0/z-1.0.0-features.xml"),
                "..", ""));
        assertEquals(429, refused.status());
        assertEquals("too_many_pending", refused.code());
    }

    @Test
    void companionsAreSourcesDocumentationAndSignaturesOfTheVersionsFiles() {
        String main = "mail-1.0.0";
        for (String name : List.of("mail-1.0.0-sources.jar", "mail-1.0.0-javadoc.jar", "mail-1.0.0.jar.asc",
                "mail-1.0.0.pom.asc", "mail-1.0.0-features.xml.asc", "mail-1.0.0.kar.asc", "mail-1.0.0-sources.jar.asc")) {
            assertTrue(Release.isCompanion(name, main), name);
        }
        for (String name : List.of("mail-1.0.0.jar", "mail-1.0.0-tests.jar", "mail-1.0.0.asc", "mail-1.0.0.jar.asc.asc",
                "mail-1.0.1-sources.jar", "mail-1.0.0-features.xml", "other-1.0.0-sources.jar", "mail-1.0.0.zip.asc")) {
            assertFalse(Release.isCompanion(name, main), name);
        }
    }
}
