package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bundle locations and features XML bundle URLs read as Maven coordinates and layout paths. */
class ArtifactPathsTest {

    @Test
    void aMavenUrlIsReadAsCoordinatesAndALayoutPath() {
        assertEquals(Optional.of(new ArtifactPaths.Coordinates("be.imio.platform", "courrier", "1.0.0")),
                ArtifactPaths.coordinatesOf("mvn:be.imio.platform/courrier/1.0.0"));
        assertEquals(Optional.of(new ArtifactPaths.Coordinates("aa.evil", "x", "1.0")),
                ArtifactPaths.coordinatesOf("mvn:aa.evil/x/1.0/jar/y"));
        assertEquals("aa/evil/x/1.0/x-1.0-y.jar", ArtifactPaths.ofMavenUrl("mvn:aa.evil/x/1.0/jar/y"));
        assertEquals("be/imio/platform/courrier/1.0.0/courrier-1.0.0-features.xml",
                ArtifactPaths.ofMavenUrl("mvn:be.imio.platform/courrier/1.0.0/xml/features"));
    }

    @Test
    void anythingElseIsNoCoordinates() {
        for (String location : List.of("file:/tmp/x.jar", "mvn:a/b", "mvn:a/../1.0", "mvn:a..b/c/1.0", "mvn:a/b/1.0/../x",
                "mvn:a/b\\c/1.0", "mvn:a//1.0", "wrap:mvn:a/b/1.0", "mvn:a/b/1.0/jar/c/d", "")) {
            assertTrue(ArtifactPaths.coordinatesOf(location).isEmpty(), location);
            assertNull(ArtifactPaths.ofMavenUrl(location), location);
        }
        assertTrue(ArtifactPaths.coordinatesOf(null).isEmpty());
    }

    @Test
    void aBundleIsFromTheCacheWhenItsGroupAndArtifactHaveAFolderThere(@TempDir Path cache) throws Exception {
        Files.createDirectories(cache.resolve("be/imio/platform/courrier/1.0.0"));
        assertEquals(Optional.of(new ArtifactPaths.Coordinates("be.imio.platform", "courrier", "1.0.0")),
                ArtifactPaths.inCache(cache, "mvn:be.imio.platform/courrier/1.0.0"));
        // Updated in place to a micro version: the location keeps the first release's version.
        assertTrue(ArtifactPaths.inCache(cache, "mvn:be.imio.platform/courrier/1.0.1").isPresent());
        assertTrue(ArtifactPaths.inCache(cache, "mvn:be.imio.platform/salles/1.0.0").isEmpty());
        assertTrue(ArtifactPaths.inCache(cache, "mvn:be.imio.platform/imio-platform-web/0.1.0").isEmpty());
        assertTrue(ArtifactPaths.inCache(cache, "file:" + cache.resolve("be/imio/platform/courrier")).isEmpty());
    }
}
