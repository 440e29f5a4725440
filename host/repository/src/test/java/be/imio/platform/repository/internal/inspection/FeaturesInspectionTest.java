package be.imio.platform.repository.internal.inspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;

class FeaturesInspectionTest {

    private static final Set<String> RELEASED = Set.of("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar");

    private static final MavenPath COURRIER = MavenPath.ofVersionFile(
            "be/imio/solutions/courrier/1.0.0/courrier-1.0.0-features.xml");

    /** The publisher's namespaces, and who owns which module name. */
    private static final Set<String> NAMESPACES = Set.of("be.imio.solutions");
    private static final Map<String, String> OWNERS = Map.of("courrier", "be.imio.solutions", "pdf", "be.imio.solutions",
            "agenda", "be.imio.platform");

    @TempDir
    Path dir;

    private static FeaturesInspection.Inspected inspect(Path xml, MavenPath maven) throws Exception {
        return FeaturesInspection.inspect(xml, maven, RELEASED::contains, NAMESPACES, OWNERS::get, path -> null);
    }

    @Test
    void refusesBundlesAndRepositoriesOfAnotherGroup() throws Exception {
        for (String body : List.of("<feature name=\"courrier\"><bundle>mvn:be.imio.platform/courrier/1.1.0</bundle></feature>",
                "<feature name=\"courrier\"><bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle>"
                        + "<bundle>mvn:be.imio.solutionsx/courrier/1.0.0</bundle></feature>",
                "<repository>mvn:be.imio.platform/agenda/1.0.0/xml/features</repository>")) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(features(body), COURRIER), body);
            assertEquals("outside_namespace", refused.code(), body);
            assertEquals(403, refused.status());
        }
    }

    @Test
    void allowsOnlySomePlatformFeaturesAndThePublishersOwnAsDependencies() throws Exception {
        for (String feature : List.of("webconsole", "management", "obr", "deployer", "kar", "war", "imio-web", "shell",
                "aries-blueprint", "agenda", "unknown", "scr-x", "webconsole/[4,5)")) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(features("<feature name=\"courrier\">"
                    + "<feature>" + feature + "</feature></feature>"), COURRIER), feature);
            assertEquals("feature_dependency_not_allowed", refused.code(), feature);
            assertEquals(400, refused.status());
        }
        assertEquals("feature_dependency_not_allowed", assertThrows(ReleaseRefused.class, () -> inspect(features(
                "<feature name=\"courrier\"><conditional><condition>scr</condition><feature>webconsole</feature>"
                + "</conditional></feature>"), COURRIER)).code(), "in a conditional too");
        inspect(features("<feature name=\"courrier\"><feature>scr</feature><feature version=\"[4,5)\">http-whiteboard"
                + "</feature><feature>http</feature><feature>imio-api</feature><feature>pdf</feature>"
                + "<feature>courrier-lib</feature></feature><feature name=\"courrier-lib\"/>"), COURRIER);
    }

    private Path features(String body) throws Exception {
        return Files.writeString(dir.resolve("f.xml"), "<?xml version=\"1.0\"?>\n"
                + "<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">" + body + "</features>");
    }

    @Test
    void acceptsAFeatureOfReleasedBundlesAndPlatformFeatures() throws Exception {
        inspect(features("<feature name=\"courrier\" version=\"1.0.0\"><feature>scr</feature>"
                + "<bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>"), COURRIER);
    }

    @Test
    void refusesBundlesNotReleasedHereOrNotFromMaven() throws Exception {
        assertEquals("not_released_here", assertThrows(ReleaseRefused.class, () -> inspect(
                features("<feature name=\"x\"><bundle>mvn:be.imio.solutions/courrier/9.9.9</bundle></feature>"),
                COURRIER)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> inspect(
                features("<feature name=\"x\"><bundle>http://evil.example/x.jar</bundle></feature>"),
                COURRIER)).code());
        assertEquals("external_reference", assertThrows(ReleaseRefused.class, () -> inspect(
                features("<repository>file:/etc/passwd</repository>"), COURRIER)).code());
    }

    @Test
    void refusesWhatCanFetchOrWriteOutsideThePinnedArtifacts() throws Exception {
        for (var bad : Map.of(
                "<feature name=\"x\"><config name=\"be.imio.solutions.courrier\" external=\"true\">http://e/x.cfg</config></feature>",
                "features_attribute_not_allowed",
                "<resource-repository>http://evil.example/repo.xml</resource-repository>", "features_element_not_allowed",
                "<feature name=\"x\"><configfile finalname=\"etc/users.properties\">mvn:be.imio.solutions/courrier/1.0.0"
                        + "</configfile></feature>", "features_element_not_allowed",
                "<feature name=\"x\"><library>mvn:be.imio.solutions/courrier/1.0.0</library></feature>",
                "features_element_not_allowed",
                "<feature name=\"x\"><bundle>wrap:mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>",
                "external_reference").entrySet()) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                    () -> inspect(features(bad.getKey()), COURRIER), bad.getKey());
            assertEquals(bad.getValue(), refused.code(), bad.getKey());
            assertEquals(400, refused.status());
        }
    }

    @Test
    void answersTheModuleNamesItClaims() throws Exception {
        assertEquals(List.of("courrier", "mail", "conseil"), List.copyOf(inspect(features(
                "<feature name=\"mail\"/><feature name=\"conseil\"><feature>courrier</feature></feature>"),
                COURRIER).names()));
        assertEquals("bad_feature_name", assertThrows(ReleaseRefused.class, () -> inspect(
                features("<feature name=\"a b\"/>"), COURRIER)).code());
    }

    @Test
    void refusesDoctypesAndOtherDocuments() throws Exception {
        Path entity = Files.writeString(dir.resolve("e.xml"), "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM "
                + "\"file:///etc/passwd\">]><features>&e;</features>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> inspect(entity, COURRIER)).code());
        Path other = Files.writeString(dir.resolve("o.xml"), "<project/>");
        assertEquals("bad_features", assertThrows(ReleaseRefused.class,
                () -> inspect(other, COURRIER)).code());
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
                + "<feature name=\"other\"><feature>courrier</feature></feature>");

        assertEquals(List.of("scr", "http-whiteboard/[4,5)"), inspect(xml, COURRIER).dependencies());
        assertEquals(List.of(), inspect(xml, MavenPath.ofVersionFile("be/imio/solutions/salles/1.0.0/salles-1.0.0-features.xml")).dependencies(),
                "only the features of the module's own feature");
    }

    @Test
    void boundsTheFeaturesOneDocumentDefines() throws Exception {
        String module = "<feature name=\"courrier\"><bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature>";
        StringBuilder twenty = new StringBuilder(module);
        for (int i = 1; i < FeaturesInspection.MAX_FEATURES; i++) {
            twenty.append("<feature name=\"courrier-v").append(i).append("\"/>");
        }
        assertEquals(FeaturesInspection.MAX_FEATURES, inspect(features(twenty.toString()), COURRIER).names().size());
        // The review's land grab: thousands of empty features, each a name no other publisher could use.
        for (int extra : new int[] {1, 26_006}) {
            StringBuilder grab = new StringBuilder(twenty);
            for (int i = 0; i < extra; i++) {
                grab.append("<feature name=\"s").append(i).append("\"/>");
            }
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(features(grab.toString()), COURRIER));
            assertEquals("too_many_features", refused.code());
            assertEquals(400, refused.status());
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("defines "
                    + (FeaturesInspection.MAX_FEATURES + extra) + " features, at most 20"), refused.getMessage());
        }
    }

    @Test
    void aBundleItListsMustServeItsModuleAndTheModuleNeedsWhatAllItsBundlesNeed() throws Exception {
        Path released = Files.createDirectories(dir.resolve("released"));
        Map<String, Path> jars = new java.util.HashMap<>();
        java.util.function.BiConsumer<String, byte[]> release = (path, bytes) -> {
            try {
                Path file = released.resolve(path);
                Files.createDirectories(file.getParent());
                Files.write(file, bytes);
                jars.put(path, file);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        };
        release.accept("be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.courrier", "[1.4,2)", "imio.module", "courrier"));
        release.accept("be/imio/solutions/courrier-web/1.0.0/courrier-web-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.courrier.web", "[1.5,2)", "imio.module", "courrier"));
        release.accept("be/imio/solutions/courrier-pdf/1.0.0/courrier-pdf-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.courrier.pdf", "[1.4,2)", "imio.module", "courrier-pdf"));
        release.accept("be/imio/solutions/courrier-shout/1.0.0/courrier-shout-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.courrier.shout", "[1.4,2)", "IMIO.MODULE", "salles"));
        release.accept("be/imio/solutions/courrier-old/1.0.0/courrier-old-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.courrier.old", "[1.0,1.4)", null, null));
        java.util.function.Function<String, FeaturesInspection.Inspected> inspect = bundles -> {
            try {
                return FeaturesInspection.inspect(features("<feature name=\"courrier\">" + bundles + "</feature>"),
                        COURRIER, jars::containsKey, NAMESPACES, OWNERS::get, jars::get);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
        String courrier = "<bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle>";

        assertEquals("[1.4,2)", inspect.apply(courrier).hostApi(), "one bundle: its range as written");
        assertEquals("[1.5.0,2.0.0)", inspect.apply(courrier + "<bundle>mvn:be.imio.solutions/courrier-web/1.0.0</bundle>")
                .hostApi(), "two bundles: what both accept");
        for (String other : List.of("courrier-pdf", "courrier-shout")) {
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> inspect.apply(courrier
                    + "<bundle>mvn:be.imio.solutions/" + other + "/1.0.0</bundle>"), other);
            ReleaseRefused refused = (ReleaseRefused) thrown.getCause();
            assertEquals("module_name_not_own", refused.code(), other);
            assertEquals(400, refused.status());
            org.junit.jupiter.api.Assertions.assertTrue(refused.getMessage().contains("puts it in module 'courrier'"),
                    refused.getMessage());
        }
        ReleaseRefused disjoint = (ReleaseRefused) assertThrows(IllegalStateException.class, () -> inspect.apply(courrier
                + "<bundle>mvn:be.imio.solutions/courrier-old/1.0.0</bundle>")).getCause();
        assertEquals("host_api_ranges_disjoint", disjoint.code());
    }
}
