package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;

import org.junit.jupiter.api.Test;

/** What a module's bundle may declare for extenders: Declarative Services components only. */
class ManifestPolicyTest {

    private static Attributes manifest(Map<String, String> headers) {
        Attributes main = new Attributes();
        main.putValue("Bundle-SymbolicName", "be.imio.solutions.a");
        headers.forEach(main::putValue);
        return main;
    }

    @Test
    void declarativeServicesAsBndWritesItIsAllowed() throws Exception {
        ManifestPolicy.checkExtenders(manifest(Map.of("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender"
                + "=osgi.component)(version>=1.4.0)(!(version>=2.0.0)))\",osgi.service;filter:=\"(objectClass="
                + "javax.sql.DataSource)\";effective:=active", "Service-Component", "OSGI-INF/a.xml")),
                List.of("OSGI-INF/a.xml", "be/imio/solutions/a/A.class", "OSGI-INF/l10n/bundle.properties"));
    }

    @Test
    void anotherExtenderItsHeadersAndTheFoldersExtendersReadAreRefused() {
        List<Map<String, String>> headers = List.of(
                // The review's attack: the OSGi Configurator writes the platform's configuration.
                Map.of("Require-Capability", "osgi.extender;filter:=\"(&(osgi.extender=osgi.configurator)(version>=1.0))\""),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(|(osgi.extender=osgi.component)"
                        + "(osgi.extender=osgi.configurator))\""),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=*)\""),
                Map.of("Require-Capability", "osgi.extender"),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.serviceloader.registrar)\""),
                // Written otherwise: a negation, an attribute name in capitals inside an alternative, a range.
                Map.of("Require-Capability", "osgi.extender;filter:=\"(!(osgi.extender=osgi.component))\""),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(|(osgi.extender=osgi.component)"
                        + "(OSGI.EXTENDER=osgi.configurator))\""),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(osgi.extender>=osgi.component)\""),
                Map.of("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.component\""),
                Map.of("Bundle-Blueprint", "config/*.xml"),
                Map.of("karaf-commands", "*"),
                Map.of("Web-ContextPath", "/console"));
        for (Map<String, String> given : headers) {
            PolicyViolation refused = assertThrows(PolicyViolation.class,
                    () -> ManifestPolicy.checkExtenders(manifest(given), List.of()), given.toString());
            assertEquals("extender_not_allowed", refused.code(), given.toString());
            assertEquals(400, refused.status());
            assertTrue(refused.english().contains("Declarative Services"), refused.english());
        }
        for (String entry : List.of("OSGI-INF/configurator/evil.json", "osgi-inf/Configurator/x.json",
                "OSGI-INF/blueprint/context.xml")) {
            assertEquals("extender_not_allowed", assertThrows(PolicyViolation.class,
                    () -> ManifestPolicy.checkExtenders(manifest(Map.of()), List.of("a/B.class", entry))).code(), entry);
        }
    }

    @Test
    void theShareSolutionsNamespaceStillCannotReachThePlatformsOwnBundlesAndPackages() throws Exception {
        java.util.Set<String> solutions = java.util.Set.of("be.imio.platform");
        List<Map<String, String>> headers = List.of(
                Map.of("Export-Package", "be.imio.platform.api;version=\"1.99.0\""),
                Map.of("Export-Package", "be.imio.platform.web.json;version=\"9.0\""),
                Map.of("Export-Package", "be.imio.platform.trust;version=\"9.0\""),
                Map.of("Export-Package", "be.imio.platform"),
                Map.of("Fragment-Host", "be.imio.platform.trust"),
                Map.of("Fragment-Host", "be.imio.platform.commune;bundle-version=\"[0,99)\""),
                Map.of("Require-Bundle", "be.imio.platform.web"),
                Map.of("Bundle-SymbolicName", "be.imio.platform.store"));
        for (Map<String, String> given : headers) {
            PolicyViolation refused = assertThrows(PolicyViolation.class,
                    () -> ManifestPolicy.checkWiring(manifest(given), solutions), given.toString());
            assertEquals("platform_name", refused.code(), given.toString());
            assertEquals(403, refused.status());
        }
        // The solutions' own names stay theirs.
        ManifestPolicy.checkWiring(manifest(Map.of("Bundle-SymbolicName", "be.imio.platform.courrier",
                "Export-Package", "be.imio.platform.courrier.api;version=\"1.0\"")), solutions);
    }

    @Test
    void aModuleImportsTheSdkOnlyNeverThePlatformsOwnPackages() throws Exception {
        java.util.Set<String> namespaces = java.util.Set.of("aa.evil");
        for (String imported : List.of("be.imio.platform.console.api;version=\"[1.0,2)\"",
                "javax.servlet,be.imio.platform.commune.api", "be.imio.platform.web.whiteboard",
                "be.imio.platform.web.access;resolution:=optional", "be.imio.platform.trust", "javax.servlet , be.imio.platform.console.api ",
                "be.imio.platform.repository.internal.release")) {
            PolicyViolation refused = assertThrows(PolicyViolation.class,
                    () -> ManifestPolicy.checkWiring(manifest(Map.of("Import-Package", imported)), namespaces), imported);
            assertEquals("platform_package_imported", refused.code(), imported);
            assertEquals(403, refused.status());
            assertTrue(refused.words().in(java.util.Locale.GERMAN).startsWith("das Bundle importiert"), imported);
        }
        for (String dynamic : List.of("be.imio.platform.console.*", "be.imio.platform.commune.api", "*", "be.*",
                "be.imio.*")) {
            assertEquals("platform_package_imported", assertThrows(PolicyViolation.class, () -> ManifestPolicy.checkWiring(
                    manifest(Map.of("DynamicImport-Package", dynamic)), namespaces)).code(), dynamic);
        }
        // The SDK, and a shared solution's own packages, stay open to modules.
        ManifestPolicy.checkWiring(manifest(Map.of("Import-Package", "be.imio.platform.api;version=\"[1.6,2)\","
                + "be.imio.platform.api.json,be.imio.platform.api.web,be.imio.platform.web.json,"
                + "be.imio.platform.courrier.api,javax.servlet", "DynamicImport-Package", "aa.evil.*,javax.*")), namespaces);
    }

    @Test
    void noModuleStandsInForAnExtenderAContractOrAnImplementationNorFetchesItsOwnUpdate() throws Exception {
        for (String capability : List.of("osgi.extender;osgi.extender=\"osgi.component\";version:Version=\"9.9\"",
                "osgi.contract;osgi.contract=\"JavaServlet\";version:Version=\"9.0\"",
                "osgi.implementation;osgi.implementation=\"osgi.http\";version:Version=\"9.0\"",
                "osgi.identity;osgi.identity=\"be.imio.platform.web\"")) {
            PolicyViolation refused = assertThrows(PolicyViolation.class, () -> ManifestPolicy.checkWiring(
                    manifest(Map.of("Provide-Capability", capability)), java.util.Set.of("be.imio.solutions")), capability);
            assertEquals("capability_not_allowed", refused.code(), capability);
        }
        // What bnd writes for a component's service stays allowed.
        ManifestPolicy.checkWiring(manifest(Map.of("Provide-Capability", "osgi.service;objectClass:List<String>="
                + "\"javax.servlet.Servlet\";uses:=\"javax.servlet\"")), java.util.Set.of("be.imio.solutions"));
        for (String header : List.of("Bundle-UpdateLocation", "bundle-updatelocation")) {
            assertEquals("header_not_allowed", assertThrows(PolicyViolation.class, () -> ManifestPolicy.checkWiring(
                    manifest(Map.of(header, "http://elsewhere.example/x.jar")), java.util.Set.of("be.imio.solutions")))
                    .code(), header);
        }
    }
}
