package be.imio.platform.repository.internal.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metadata Maven asks for about the SDK, made from the SDK's folder. */
class SdkArtifactsTest {

    @TempDir
    Path sdk;

    private void file(String path) throws Exception {
        Path file = sdk.resolve(path);
        Files.createDirectories(file.getParent());
        Files.writeString(file, path);
    }

    @Test
    void describesTheSnapshotsItHoldsAsMavenResolvesThem() throws Exception {
        String api = "be/imio/platform/imio-platform-api/";
        file(api + "0.1.0-SNAPSHOT/imio-platform-api-0.1.0-SNAPSHOT.jar");
        file(api + "0.1.0-SNAPSHOT/imio-platform-api-0.1.0-SNAPSHOT.pom");
        file(api + "0.1.0-SNAPSHOT/imio-platform-api-0.1.0-SNAPSHOT-sources.jar");
        file(api + "0.1.0-SNAPSHOT/imio-platform-api-0.1.0-SNAPSHOT.jar.sha1");
        SdkArtifacts artifacts = new SdkArtifacts(sdk);

        String version = artifacts.metadata(api + "0.1.0-SNAPSHOT").orElseThrow();
        assertTrue(version.contains("<groupId>be.imio.platform</groupId>") && version.contains(
                "<artifactId>imio-platform-api</artifactId>") && version.contains("<version>0.1.0-SNAPSHOT</version>"), version);
        assertTrue(version.contains("<localCopy>true</localCopy>"), "files named with the version as it is: " + version);
        assertEquals(3, version.split("<snapshotVersion>").length - 1, "jar, pom and sources, not the checksum: " + version);
        assertTrue(version.contains("<classifier>sources</classifier>\n        <extension>jar</extension>"), version);

        String artifact = artifacts.metadata(api.substring(0, api.length() - 1)).orElseThrow();
        assertTrue(artifact.contains("<versions>\n      <version>0.1.0-SNAPSHOT</version>\n    </versions>"), artifact);

        assertTrue(artifacts.metadata("be/imio").isEmpty(), "a group is no artifact");
        assertTrue(artifacts.metadata("be/imio/platform/nothing").isEmpty());
        assertTrue(artifacts.metadata("be").isEmpty());
        assertTrue(artifacts.archetypeCatalog().isEmpty(), "no archetype in this SDK");
    }

    @Test
    void listsTheModuleArchetypeInItsCatalogue() throws Exception {
        file("be/imio/platform/imio-module-archetype/0.1.0-SNAPSHOT/imio-module-archetype-0.1.0-SNAPSHOT.jar");
        file("be/imio/platform/imio-module-archetype/0.1.0-SNAPSHOT/imio-module-archetype-0.1.0-SNAPSHOT.pom");
        String catalog = new SdkArtifacts(sdk).archetypeCatalog().orElseThrow();
        assertTrue(catalog.contains("<artifactId>imio-module-archetype</artifactId>\n      <version>0.1.0-SNAPSHOT</version>"),
                catalog);
        assertFalse(new SdkArtifacts(sdk.resolve("missing")).archetypeCatalog().isPresent());
    }
}
