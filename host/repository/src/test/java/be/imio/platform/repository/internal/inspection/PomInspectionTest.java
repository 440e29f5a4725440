package be.imio.platform.repository.internal.inspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/** What a released pom must be: its path's coordinates, and nothing a consumer cannot resolve. */
class PomInspectionTest {

    private static final MavenPath COURRIER = MavenPath.ofVersionFile("be/imio/platform/courrier/1.0.0/courrier-1.0.0.pom");

    @TempDir
    Path dir;

    private void inspect(String inside) throws Exception {
        Path pom = dir.resolve("courrier-1.0.0.pom");
        Files.writeString(pom, "<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion>"
                + inside + "</project>", StandardCharsets.UTF_8);
        PomInspection.inspect(pom, COURRIER);
    }

    private static final String OWN = "<groupId>be.imio.platform</groupId><artifactId>courrier</artifactId><version>1.0.0</version>";

    @Test
    void aFlattenedPomAndOneWithAReleasedParentOrDependenciesArePassed() throws Exception {
        inspect(OWN + "<name>Registre du courrier</name>");
        inspect("<parent><groupId>be.imio.platform</groupId><artifactId>solutions</artifactId><version>1.0.0</version>"
                + "</parent><artifactId>courrier</artifactId><version>1.0.0</version>");
        // What a consumer never resolves: provided and test dependencies, a managed version.
        inspect(OWN + "<dependencies><dependency><groupId>be.imio.platform</groupId><artifactId>imio-platform-api</artifactId>"
                + "<version>0.1.0-SNAPSHOT</version><scope>provided</scope></dependency><dependency><groupId>x</groupId>"
                + "<artifactId>y</artifactId><version>1-SNAPSHOT</version><scope>test</scope></dependency></dependencies>"
                + "<dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>z</artifactId>"
                + "<version>2-SNAPSHOT</version></dependency></dependencies></dependencyManagement>");
    }

    @Test
    void aSnapshotAConsumerWouldHaveToResolveIsRefusedWhereverItIsNamed() throws Exception {
        String[] poms = {
            // The shared solutions' own pom before flattening: a SNAPSHOT parent.
            "<parent><groupId>be.imio.platform</groupId><artifactId>imio-platform-plugins</artifactId>"
                    + "<version>0.1.0-SNAPSHOT</version></parent><artifactId>courrier</artifactId><version>1.0.0</version>",
            // Through a property.
            "<parent><groupId>be.imio.platform</groupId><artifactId>p</artifactId><version>${p.version}</version></parent>"
                    + "<artifactId>courrier</artifactId><version>1.0.0</version><properties><p.version>2.0-SNAPSHOT"
                    + "</p.version></properties>",
            OWN + "<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1.0-SNAPSHOT</version>"
                    + "</dependency></dependencies>",
            OWN + "<dependencies><dependency><groupId>x</groupId><artifactId>y</artifactId><version>1.0-SNAPSHOT</version>"
                    + "<scope>runtime</scope></dependency></dependencies>",
            OWN + "<dependencyManagement><dependencies><dependency><groupId>x</groupId><artifactId>bom</artifactId>"
                    + "<version>1.0-SNAPSHOT</version><type>pom</type><scope>import</scope></dependency></dependencies>"
                    + "</dependencyManagement>",
        };
        for (String pom : poms) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(pom), pom);
            assertEquals("snapshot_in_pom", refused.code(), pom);
            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("SNAPSHOT") && refused.getMessage().contains("flatten-maven-plugin"),
                    refused.getMessage());
        }
    }

    @Test
    void anotherArtifactsCoordinatesAreStillRefused() {
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(
                "<groupId>aa.evil</groupId><artifactId>courrier</artifactId><version>1.0.0</version>"));
        assertEquals("pom_mismatch", refused.code());
    }

    @Test
    void aSystemDependencyMakesThePomInvalidForConsumersAndIsRefused() throws Exception {
        String system = "<dependency><groupId>be.imio.platform</groupId><artifactId>imio-platform-api</artifactId>"
                + "<version>1.4.0</version><scope>system</scope><systemPath>${api.jar}</systemPath></dependency>";
        for (String pom : new String[] {OWN + "<dependencies>" + system + "</dependencies>",
            OWN + "<profiles><profile><id>p</id><activation><activeByDefault>true</activeByDefault></activation>"
                    + "<dependencies>" + system + "</dependencies></profile></profiles>"}) {
            ReleaseRefused refused = org.junit.jupiter.api.Assertions.assertThrows(ReleaseRefused.class, () -> inspect(pom));
            org.junit.jupiter.api.Assertions.assertEquals("system_dependency_in_pom", refused.code());
        }
        // A profile only the build activates (by a property it sets) is not read by consumers.
        inspect(OWN + "<profiles><profile><id>api-under-test</id><activation><property><name>api.jar</name></property>"
                + "</activation><dependencies>" + system + "</dependencies></profile></profiles>");
    }
}
