package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;

/** The plan staff confirm: what an operation adds, updates and removes, read from the verified features XML. */
class ModulePlanTest {

    @TempDir
    Path dir;

    private Path features(String version, String... bundles) throws Exception {
        StringBuilder xml = new StringBuilder("<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + "<feature name=\"courrier\" version=\"" + version + "\"><feature>scr</feature>");
        for (String bundle : bundles) {
            xml.append("<bundle>").append(bundle).append("</bundle>");
        }
        Path file = dir.resolve("courrier-" + version + "-features.xml");
        Files.writeString(file, xml.append("</feature></features>"));
        return file;
    }

    @Test
    void enablingAddsTheFeatureAndItsBundles() throws Exception {
        ModulePlan plan = ModulePlan.between("courrier", null, null, "1.0.0",
                features("1.0.0", "mvn:be.imio.platform/courrier/1.0.0"), null);

        assertEquals(List.of("feature courrier 1.0.0", "be.imio.platform:courrier 1.0.0"), plan.added());
        assertTrue(plan.updated().isEmpty());
        assertTrue(plan.removed().isEmpty());
    }

    @Test
    void updatingReplacesTheFeatureUpdatesKeptBundlesAndRemovesDroppedOnes() throws Exception {
        Path old = features("1.0.0", "mvn:be.imio.platform/courrier/1.0.0", "mvn:be.imio.platform/courrier-pdf/1.0.0");
        Path next = features("1.1.0", "mvn:be.imio.platform/courrier/1.1.0", "mvn:be.imio.platform/courrier-mail/1.1.0");

        ModulePlan plan = ModulePlan.between("courrier", "1.0.0", old, "1.1.0", next, null);

        assertEquals(List.of("feature courrier 1.1.0", "be.imio.platform:courrier-mail 1.1.0"), plan.added());
        assertEquals(List.of("be.imio.platform:courrier 1.0.0 → 1.1.0"), plan.updated());
        assertEquals(List.of("feature courrier 1.0.0", "be.imio.platform:courrier-pdf 1.0.0"), plan.removed());
    }

    @Test
    void disablingRemovesEverythingAndPinningTheRunningVersionChangesNothing() throws Exception {
        Path running = features("1.0.0", "mvn:be.imio.platform/courrier/1.0.0");

        ModulePlan disable = ModulePlan.between("courrier", "1.0.0", running, null, null, null);
        ModulePlan pin = ModulePlan.between("courrier", "1.0.0", running, "1.0.0", running, null);

        assertEquals(List.of("feature courrier 1.0.0", "be.imio.platform:courrier 1.0.0"), disable.removed());
        assertTrue(disable.added().isEmpty());
        assertTrue(pin.added().isEmpty() && pin.updated().isEmpty() && pin.removed().isEmpty(),
                "pinning the running version changes nothing in Karaf: " + pin);
    }

    @Test
    void aFeaturesXmlWithoutTheModulesFeatureIsRefused() throws Exception {
        Path wrong = features("2.0.0", "mvn:be.imio.platform/courrier/2.0.0");

        assertThrows(ModuleArtifacts.Refused.class,
                () -> ModulePlan.between("courrier", null, null, "1.0.0", wrong, null));
    }
}
