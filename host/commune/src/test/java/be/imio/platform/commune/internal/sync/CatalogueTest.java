package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;
import be.imio.platform.commune.api.ModuleId;

class CatalogueTest {

    private static final String GROUP = "be.imio.solutions";
    private static final ModuleId COURRIER = new ModuleId(GROUP, "courrier");
    private static final ModuleId URBANISME = new ModuleId(GROUP, "urbanisme");

    private static Target target(String path, ObjectNode custom) {
        byte[] bytes = path.getBytes(StandardCharsets.UTF_8);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), custom);
    }

    private static String base(String artifact, String version) {
        return GROUP.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version;
    }

    private static ObjectNode module(String artifact, String version, String channel) {
        ObjectNode custom = JsonNodeFactory.instance.objectNode()
                .put("groupId", GROUP).put("artifactId", artifact).put("version", version);
        if (channel != null) {
            custom.put("channel", channel);
        }
        return custom;
    }

    private static Target features(String artifact, String version, String channel) {
        return target(base(artifact, version) + "-features.xml", module(artifact, version, channel));
    }

    private static Target jar(String artifact, String version, String hostApi) {
        ObjectNode custom = module(artifact, version, null);
        if (hostApi != null) {
            custom.put("hostApi", hostApi);
        }
        return target(base(artifact, version) + ".jar", custom);
    }

    private static Catalogue catalogue(Target... targets) {
        Map<String, Target> byPath = new LinkedHashMap<>();
        for (Target target : targets) {
            byPath.put(target.path(), target);
        }
        return new Catalogue(byPath);
    }

    @Test
    void readsModulesFromTheirFeaturesTargets() {
        Catalogue catalogue = catalogue(features("courrier", "1.0.0", "stable"), jar("courrier", "1.0.0", null),
                features("urbanisme", "2.1.0", null));

        assertEquals(Set.of(COURRIER, URBANISME), catalogue.modules().keySet());
        ModuleRelease courrier = catalogue.release(COURRIER, "1.0.0").orElseThrow();
        assertEquals(GROUP, courrier.groupId());
        assertEquals("stable", courrier.channel());
        assertFalse(courrier.revoked());
        assertEquals(base("courrier", "1.0.0") + "-features.xml", courrier.features().path());
        assertEquals("mvn:be.imio.solutions/courrier/1.0.0/xml/features", courrier.featuresUrl());
        assertEquals("testing", catalogue.release(URBANISME, "2.1.0").orElseThrow().channel(),
                "a release without a channel is only offered to testing hosts");
        assertTrue(catalogue.target(base("courrier", "1.0.0") + ".jar").isPresent());
        assertTrue(catalogue.target("be/imio/other.jar").isEmpty());
    }

    @Test
    void aTargetIsAModuleOnlyWhenItsPathIsTheFeaturesXmlOfItsOwnArtifactAndVersion() {
        ObjectNode claimsAnotherVersion = module("courrier", "9.9.9", "stable");
        ObjectNode noArtifact = JsonNodeFactory.instance.objectNode().put("version", "1.0.0");
        Catalogue catalogue = catalogue(
                target(base("courrier", "1.0.0") + "-features.xml", claimsAnotherVersion),
                target(base("courrier", "1.0.0") + ".jar", module("courrier", "1.0.0", "stable")),
                target("be/imio/solutions/x/1.0.0/-1.0.0-features.xml", noArtifact));

        assertEquals(Map.of(), catalogue.modules());
        assertTrue(catalogue.releases(COURRIER).isEmpty());
    }

    @Test
    void aTargetIsAModuleOnlyWhenItsPathIsInTheGroupItsEntryNames() {
        // An entry pinning a file of aa/evil while it says be.imio.solutions (or the other way).
        ObjectNode claimsImio = module("courrier", "1.0.0", "stable");
        ObjectNode noGroup = JsonNodeFactory.instance.objectNode().put("artifactId", "courrier").put("version", "1.0.0");
        Catalogue catalogue = catalogue(
                target("aa/evil/courrier/1.0.0/courrier-1.0.0-features.xml", claimsImio),
                target("be/imio/solutions/courrier/1.0.1/courrier-1.0.1-features.xml", noGroup));

        assertEquals(Map.of(), catalogue.modules());
    }

    @Test
    void twoGroupsReleasingTheSameNameAreTwoModulesWhoseReleasesNeverMix() {
        ModuleId evil = new ModuleId("aa.evil", "courrier");
        Catalogue catalogue = catalogue(features("courrier", "1.0.0", "stable"),
                target("aa/evil/courrier/10.0.0/courrier-10.0.0-features.xml", JsonNodeFactory.instance.objectNode()
                        .put("groupId", "aa.evil").put("artifactId", "courrier").put("version", "10.0.0")
                        .put("channel", "stable")),
                target("aa/evil/courrier/1.0.0/courrier-1.0.0-features.xml", JsonNodeFactory.instance.objectNode()
                        .put("groupId", "aa.evil").put("artifactId", "courrier").put("version", "1.0.0")
                        .put("channel", "stable")));

        assertEquals(List.of(evil, COURRIER), List.copyOf(catalogue.modules().keySet()), "by name, then group");
        assertEquals(List.of(evil, COURRIER), catalogue.named("courrier"));
        assertEquals(List.of("1.0.0"), catalogue.releases(COURRIER).stream().map(ModuleRelease::version).toList());
        assertEquals(List.of("10.0.0", "1.0.0"), catalogue.releases(evil).stream().map(ModuleRelease::version).toList());
        assertEquals(GROUP, catalogue.release(COURRIER, "1.0.0").orElseThrow().groupId(),
                "an equal version is the release of the group asked, whatever sorts first");
        assertEquals("aa.evil", catalogue.release(evil, "1.0.0").orElseThrow().groupId());
        assertTrue(catalogue.release(COURRIER, "10.0.0").isEmpty());
    }

    @Test
    void listsReleasesNewestFirstComparingVersionNumbersNotText() {
        Catalogue catalogue = catalogue(features("courrier", "1.2", "stable"), features("courrier", "1.10.0", "stable"),
                features("courrier", "1.9.0", "stable"));

        assertEquals(List.of("1.10.0", "1.9.0", "1.2"),
                catalogue.releases(COURRIER).stream().map(ModuleRelease::version).toList());
    }

    @Test
    void takesTheHostApiRangeFromTheJarOfTheSameVersion() {
        Catalogue catalogue = catalogue(features("courrier", "1.0.0", "stable"), jar("courrier", "1.0.0", "[1.2,2)"),
                features("courrier", "1.1.0", "stable"), jar("courrier", "1.1.0", "[2,3)"),
                features("courrier", "1.2.0", "stable"));

        assertEquals("[1.2,2)", catalogue.release(COURRIER, "1.0.0").orElseThrow().hostApi());
        assertEquals("[2,3)", catalogue.release(COURRIER, "1.1.0").orElseThrow().hostApi());
        assertNull(catalogue.release(COURRIER, "1.2.0").orElseThrow().hostApi());
    }

    @Test
    void checksTheHostApiRange() {
        assertTrue(Catalogue.compatible("[1.2,2)", new Version(1, 2, 0)));
        assertTrue(Catalogue.compatible("[1.2,2)", new Version(1, 9, 9)));
        assertFalse(Catalogue.compatible("[1.2,2)", new Version(2, 0, 0)));
        assertFalse(Catalogue.compatible("[1.2,2)", new Version(1, 1, 0)));
        assertTrue(Catalogue.compatible(null, new Version(7, 0, 0)), "no range: any host");
        assertTrue(Catalogue.compatible(" ", new Version(7, 0, 0)));
        assertFalse(Catalogue.compatible("[1.2,", new Version(1, 2, 0)), "a range that cannot be read excludes");
        assertFalse(Catalogue.compatible("one or two", new Version(1, 2, 0)));
    }

    @Test
    void marksRevokedReleasesWithTheirReason() {
        ObjectNode custom = module("courrier", "1.0.0", "stable").put("revoked", true).put("revokedReason", "CVE-2026-1");
        Catalogue catalogue = catalogue(target(base("courrier", "1.0.0") + "-features.xml", custom),
                features("courrier", "1.0.1", "stable"));

        ModuleRelease revoked = catalogue.release(COURRIER, "1.0.0").orElseThrow();
        assertTrue(revoked.revoked());
        assertEquals("CVE-2026-1", revoked.revokedReason());
        assertFalse(catalogue.release(COURRIER, "1.0.1").orElseThrow().revoked());
    }

    @Test
    void readsMavenVersionsAsOsgiVersions() {
        assertEquals(new Version(1, 2, 0), Catalogue.osgiVersion("1.2"));
        assertEquals(new Version(1, 0, 0, "RC1"), Catalogue.osgiVersion("1.0.0-RC1"));
        assertEquals(new Version(2, 0, 0, "beta_1"), Catalogue.osgiVersion("2-beta.1"));
    }
}
