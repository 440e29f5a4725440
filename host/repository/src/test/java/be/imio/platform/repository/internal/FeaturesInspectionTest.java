package be.imio.platform.repository.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeaturesInspectionTest {

    private static final Set<String> RELEASED = Set.of("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar");

    @TempDir
    Path dir;

    private Path features(String body) throws Exception {
        return Files.writeString(dir.resolve("f.xml"), "<?xml version=\"1.0\"?>\n"
                + "<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">" + body + "</features>");
    }

    @Test
    void acceptsAFeatureOfReleasedBundlesAndPlatformFeatures() throws Exception {
        FeaturesInspection.inspect(features("<feature name=\"courrier\" version=\"1.0.0\"><feature>scr</feature>"
                + "<bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>"), RELEASED::contains);
    }

    @Test
    void refusesBundlesNotReleasedHereOrNotFromMaven() throws Exception {
        assertEquals("not_released_here", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<feature name=\"x\"><bundle>mvn:be.imio.solutions/courrier/9.9.9</bundle></feature>"),
                RELEASED::contains)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<feature name=\"x\"><bundle>http://evil.example/x.jar</bundle></feature>"),
                RELEASED::contains)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<repository>file:/etc/passwd</repository>"), RELEASED::contains)).code());
    }

    @Test
    void refusesDoctypesAndOtherDocuments() throws Exception {
        Path entity = Files.writeString(dir.resolve("e.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><features>&e;</features>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> FeaturesInspection.inspect(entity, RELEASED::contains)).code());
        Path other = Files.writeString(dir.resolve("o.xml"), "<project/>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> FeaturesInspection.inspect(other, RELEASED::contains)).code());
    }

    @Test
    void mapsMavenUrlsToRepositoryPaths() {
        assertEquals("be/imio/x/1.0/x-1.0.jar", FeaturesInspection.repositoryPath("mvn:be.imio/x/1.0"));
        assertEquals("be/imio/x/1.0/x-1.0-features.xml", FeaturesInspection.repositoryPath("mvn:be.imio/x/1.0/xml/features"));
        assertNull(FeaturesInspection.repositoryPath("mvn:be.imio/x"));
        assertNull(FeaturesInspection.repositoryPath("mvn:be.imio/../x/1.0"));
    }
}
