package be.imio.platform.repository.internal.console;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import be.imio.platform.repository.internal.release.Release;

/** The console's releases page lists each module version once, newest first, whatever files it holds. */
class ReleasesPageTest {

    private static Release file(String artifact, String version, String suffix, String at) {
        return new Release("be/imio/solutions/" + artifact + "/" + version + "/" + artifact + "-" + version + suffix,
                "be.imio.solutions", artifact, version, null, null, null, 10, "0".repeat(64), "testing", "publisher",
                "127.0.0.1", Instant.parse(at), null, null);
    }

    @Test
    void oneRowPerVersionNewestFirstWithoutCompanionFiles() {
        List<Release> files = List.of(
                file("courrier", "1.0.0", ".jar", "2026-11-01T10:00:00Z"),
                file("courrier", "1.0.0", ".pom", "2026-11-01T10:00:01Z"),
                file("courrier", "1.0.0", "-features.xml", "2026-11-01T10:00:02Z"),
                file("conseil", "2.0.0", "-sources.jar", "2026-11-03T10:00:00Z"),
                file("courrier", "1.1.0", ".jar", "2026-11-02T10:00:00Z"));

        List<String> shown = ReleasesPage.versions(files).stream().map(r -> r.artifactId() + " " + r.version()).toList();

        assertEquals(List.of("courrier 1.1.0", "courrier 1.0.0"), shown);
    }
}
