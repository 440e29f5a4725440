package be.imio.platform.commune.internal.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;

import be.imio.platform.api.Texts;

/**
 * A module's bundles are found by what they are: a bundle Karaf updated in place to a patch
 * release keeps the location of the release first installed, and is still found as the patch.
 */
class ModuleBundlesTest {

    @TempDir
    Path verified;

    @Test
    void aBundleUpdatedInPlaceIsFoundAsThePatchItRunsNotByItsLocation() throws Exception {
        jar("1.0.0", "be.imio.solutions.swap");
        jar("1.0.1", "be.imio.solutions.swap;singleton:=true");
        Bundle updatedInPlace = bundle("mvn:be.imio.solutions/swap/1.0.0", "be.imio.solutions.swap", "1.0.1");
        ModuleBundles bundles = new ModuleBundles(context(updatedInPlace), verified);

        Map<ModuleBundles.Identity, Bundle> patch = bundles.of(feature("mvn:be.imio.solutions/swap/1.0.1"));
        assertEquals(1, patch.size());
        ModuleBundles.Identity identity = patch.keySet().iterator().next();
        assertEquals("be.imio.solutions.swap", identity.symbolicName(), "read without its directives");
        assertEquals(new Version(1, 0, 1), identity.version());
        assertSame(updatedInPlace, patch.get(identity), "the bundle running 1.0.1, whatever its location");

        Map<ModuleBundles.Identity, Bundle> first = bundles.of(feature("mvn:be.imio.solutions/swap/1.0.0"));
        assertNull(first.values().iterator().next(), "1.0.0 no longer runs, though a bundle has its location");
    }

    @Test
    void aJarOutsideTheVerifiedCacheIsNoModuleBundle() throws Exception {
        ModuleBundles bundles = new ModuleBundles(context(), verified);
        ModuleBundles.Unknown missing = assertThrows(ModuleBundles.Unknown.class,
                () -> bundles.identity("mvn:be.imio.solutions/swap/9.9.9"));
        assertEquals("le bundle mvn:be.imio.solutions/swap/9.9.9 n'est pas dans le cache vérifié / bundle"
                + " mvn:be.imio.solutions/swap/9.9.9 is not in the verified cache", missing.getMessage());
        assertEquals("das Bundle mvn:be.imio.solutions/swap/9.9.9 ist nicht im geprüften Cache",
                missing.words().message().in(Texts.GERMAN));
        assertThrows(ModuleBundles.Unknown.class, () -> bundles.identity("file:/etc/passwd"));
        assertThrows(ModuleBundles.Unknown.class, () -> bundles.identity("mvn:be.imio.solutions/../../x/1"));
    }

    private void jar(String version, String symbolicName) throws Exception {
        Path jar = verified.resolve("be/imio/solutions/swap/" + version + "/swap-" + version + ".jar");
        Files.createDirectories(jar.getParent());
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        try (OutputStream out = Files.newOutputStream(jar); JarOutputStream jarOut = new JarOutputStream(out, manifest)) {
            jarOut.flush();
        }
    }

    private static Bundle bundle(String location, String symbolicName, String version) {
        return (Bundle) Proxy.newProxyInstance(Bundle.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getLocation" -> location;
                    case "getSymbolicName" -> symbolicName;
                    case "getVersion" -> Version.parseVersion(version);
                    case "getState" -> Bundle.ACTIVE;
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private static BundleContext context(Bundle... installed) {
        return (BundleContext) Proxy.newProxyInstance(BundleContext.class.getClassLoader(),
                new Class<?>[] {BundleContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBundles" -> installed;
                    case "getBundle" -> throw new AssertionError("a module's bundle is never looked up by location");
                    default -> null;
                });
    }

    private static Feature feature(String... locations) {
        List<BundleInfo> infos = java.util.Arrays.stream(locations).map(location -> (BundleInfo) Proxy.newProxyInstance(
                BundleInfo.class.getClassLoader(), new Class<?>[] {BundleInfo.class},
                (proxy, method, args) -> "getLocation".equals(method.getName()) ? location : null)).toList();
        return (Feature) Proxy.newProxyInstance(Feature.class.getClassLoader(), new Class<?>[] {Feature.class},
                (proxy, method, args) -> "getBundles".equals(method.getName()) ? infos : null);
    }
}
