package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import aQute.bnd.differ.Baseline;
import aQute.bnd.differ.DiffPluginImpl;
import aQute.bnd.osgi.Jar;
import aQute.bnd.osgi.Processor;

/**
 * The check bnd-baseline-maven-plugin makes at {@code verify} (this bundle's exported packages
 * against the committed baseline jar, see pom.xml) has something to check and catches what it is
 * for: the baseline holds the packages released modules import, this build passes it, and a
 * breaking change without a version bump fails it. Same engine (bnd's {@link Baseline}), on the
 * classes and manifest this build just wrote.
 */
class ApiBaselineTest {

    private static Jar built() throws Exception {
        return new Jar(new File("target/classes"));
    }

    private static Jar baseline() throws Exception {
        return new Jar(new File(System.getProperty("imio.api.baseline.jar")));
    }

    /** Each package of {@code newer} compared with {@code older}, by name. */
    private static Map<String, Baseline.Info> compare(Jar newer, Jar older) throws Exception {
        try (Processor reporter = new Processor()) {
            Set<Baseline.Info> infos = new Baseline(reporter, new DiffPluginImpl()).baseline(newer, older, null);
            return infos.stream().collect(Collectors.toMap(info -> info.packageName, info -> info));
        }
    }

    @Test
    void theBaselineHoldsThePackagesReleasedModulesImport() throws Exception {
        try (Jar baseline = baseline()) {
            String exports = baseline.getManifest().getMainAttributes().getValue("Export-Package");
            assertTrue(exports.contains("be.imio.platform.api;version=") && exports.contains("be.imio.platform.web.json;version="),
                    "a baseline without them would check nothing: " + exports);
        }
    }

    @Test
    void thisBuildsPackageVersionsFollowItsChanges() throws Exception {
        try (Jar built = built(); Jar baseline = baseline()) {
            Map<String, Baseline.Info> packages = compare(built, baseline);
            assertTrue(packages.values().stream().noneMatch(info -> info.mismatch), packages.toString());
            assertEquals("1.5.0", packages.get("be.imio.platform.api").olderVersion.toString(),
                    "the API package is compared with its released version, not taken as new");
        }
    }

    @Test
    void aBreakingChangeWithoutAVersionBumpIsCaught() throws Exception {
        try (Jar broken = built(); Jar baseline = baseline()) {
            // A public type of the API taken away, its package's version left as it is.
            broken.remove("be/imio/platform/api/Html.class");
            Baseline.Info api = compare(broken, baseline).get("be.imio.platform.api");
            assertTrue(api.mismatch, "a removed type needs a new major version");
            assertEquals(2, api.suggestedVersion.getMajor());
        }
    }
}
