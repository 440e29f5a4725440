package be.imio.platform.repository.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
                + "<bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>"), "courrier", RELEASED::contains);
    }

    @Test
    void refusesBundlesNotReleasedHereOrNotFromMaven() throws Exception {
        assertEquals("not_released_here", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<feature name=\"x\"><bundle>mvn:be.imio.solutions/courrier/9.9.9</bundle></feature>"),
                "courrier", RELEASED::contains)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<feature name=\"x\"><bundle>http://evil.example/x.jar</bundle></feature>"),
                "courrier", RELEASED::contains)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> FeaturesInspection.inspect(
                features("<repository>file:/etc/passwd</repository>"), "courrier", RELEASED::contains)).code());
    }

    @Test
    void refusesDoctypesAndOtherDocuments() throws Exception {
        Path entity = Files.writeString(dir.resolve("e.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><features>&e;</features>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> FeaturesInspection.inspect(entity, "courrier", RELEASED::contains)).code());
        Path other = Files.writeString(dir.resolve("o.xml"), "<project/>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> FeaturesInspection.inspect(other, "courrier", RELEASED::contains)).code());
    }

    @Test
    void mapsMavenUrlsToRepositoryPaths() {
        assertEquals("be/imio/x/1.0/x-1.0.jar", FeaturesInspection.repositoryPath("mvn:be.imio/x/1.0"));
        assertEquals("be/imio/x/1.0/x-1.0-features.xml", FeaturesInspection.repositoryPath("mvn:be.imio/x/1.0/xml/features"));
        assertNull(FeaturesInspection.repositoryPath("mvn:be.imio/x"));
        assertNull(FeaturesInspection.repositoryPath("mvn:be.imio/../x/1.0"));
    }

    @Test
    void answersTheFeaturesTheModuleDependsOn() throws Exception {
        Path xml = features("<feature name=\"courrier\" version=\"1.1.0\" description=\"Registre\">"
                + "<details>Détails</details><feature>scr</feature>"
                + "<feature prerequisite=\"true\" version=\"[4,5)\">http-whiteboard</feature>"
                + "<feature> scr </feature><bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>"
                + "<feature name=\"other\"><feature>jdbc</feature></feature>");

        assertEquals(List.of("scr", "http-whiteboard/[4,5)"), FeaturesInspection.inspect(xml, "courrier", RELEASED::contains));
        assertEquals(List.of(), FeaturesInspection.inspect(xml, "salles", RELEASED::contains),
                "only the features of the module's own feature");
    }
}
