package be.imio.platform.repository.internal.inspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.trust.OsgiHeader;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;

class BundleInspectionTest {

    /** Inspects {@code jar} as released at {@code be/imio/solutions/a/VERSION/a-VERSION.jar}, no module name owned. */
    static BundleInspection.Inspected inspect(Path jar, String version, Set<String> namespaces) throws ReleaseRefused {
        return BundleInspection.inspect(jar, MavenPath.ofVersionFile("be/imio/solutions/a/" + version + "/a-" + version
                + ".jar"), namespaces, name -> null);
    }

    private static final Set<String> IMIO = Set.of("be.imio.solutions");

    @TempDir
    Path dir;

    private Path jar(String symbolicName, String version, String imports, String... entries) throws Exception {
        return jar(symbolicName, version, imports, Map.of(), entries);
    }

    private Path jar(String symbolicName, String version, String imports, Map<String, String> headers,
            String... entries) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        headers.forEach(main::putValue);
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            main.putValue("Bundle-ManifestVersion", "2");
            main.putValue("Bundle-SymbolicName", symbolicName);
            main.putValue("Bundle-Version", version);
        }
        // A module's bundle imports the platform API with a range; null: as it would, "": no imports.
        String imported = imports != null ? imports : "be.imio.platform.api;version=\"[1.4,2)\"";
        if (!imported.isEmpty()) {
            main.putValue("Import-Package", imported);
        }
        Path file = Files.createTempFile(dir, "bundle", ".jar");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (String entry : entries) {
                jar.putNextEntry(new ZipEntry(entry));
                jar.write(1);
                jar.closeEntry();
            }
        }
        return file;
    }

    @Test
    void acceptsABundleInItsNamespaceAndReadsTheHostApiRange() throws Exception {
        Path bundle = jar("be.imio.solutions.courrier;singleton:=true", "1.1.0",
                "be.imio.platform.api;version=\"[1.1,2)\",org.slf4j;version=\"[1.7,2)\"", "a/B.class");

        BundleInspection.Inspected inspected = inspect(bundle, "1.1.0", IMIO);

        assertEquals("be.imio.solutions.courrier", inspected.symbolicName());
        assertEquals("1.1.0", inspected.version());
        assertEquals("[1.1,2)", inspected.hostApiRange());
    }

    @Test
    void refusesAJarWithoutOsgiManifest() throws Exception {
        ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                () -> inspect(jar(null, null, null, "a/B.class"), "1.0.0", IMIO));

        assertEquals(400, refused.status());
        assertEquals("no_osgi_manifest", refused.code());
    }

    @Test
    void refusesANameOutsideTheNamespaceWith403() throws Exception {
        ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                () -> inspect(jar("be.imio.solutionsx.evil", "1.0.0", null), "1.0.0", IMIO));

        assertEquals(403, refused.status());
        assertTrue(refused.getMessage().contains("outside the publisher's namespace"), refused.getMessage());
    }

    @Test
    void refusesZipSlipAndAbsoluteEntries() throws Exception {
        for (String entry : new String[] {"../../etc/passwd", "/etc/passwd", "a/../../b", "C:/x"}) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                    () -> inspect(jar("be.imio.solutions.a", "1.0.0", null, entry), "1.0.0", IMIO));
            assertEquals("unsafe_entry", refused.code(), entry);
        }
    }

    @Test
    void refusesVersionsThatAreNotOsgiOrDoNotMatchMaven() throws Exception {
        assertEquals("bad_version", assertThrows(ReleaseRefused.class,
                () -> inspect(jar("be.imio.solutions.a", "1.0", null), "1.0", IMIO)).code());
        assertEquals("version_mismatch", assertThrows(ReleaseRefused.class,
                () -> inspect(jar("be.imio.solutions.a", "1.0.1", null), "1.0.0", IMIO)).code());
        inspect(jar("be.imio.solutions.a", "1.0.0.rc1", null), "1.0.0-rc1", IMIO);
    }

    @Test
    void refusesWhatIsNotAZip() throws Exception {
        Path text = Files.writeString(dir.resolve("x.jar"), "not a zip");

        assertEquals("not_a_jar", assertThrows(ReleaseRefused.class,
                () -> inspect(text, "1.0.0", IMIO)).code());
    }

    @Test
    void readsTheTextsForPeopleInFrenchAndEnglish() throws Exception {
        Path bundle = jar("be.imio.solutions.courrier", "1.1.0", null, Map.of(
                "Bundle-Name", "Registre du courrier",
                "Imio-Name-en", "Mail registry",
                "Bundle-Description", "  Le courrier entrant et sortant de la commune.  ",
                "Imio-Description-en", "The commune's incoming and outgoing mail.",
                "Bundle-Category", "Secrétariat",
                "Imio-Category-en", "Secretariat",
                "Imio-Release-Notes", "Ajoute les échéances et la liste du courrier en retard.",
                "Imio-Release-Notes-en", "Adds due dates and the list of late letters."));

        JsonNode about = new ObjectMapper().readTree(inspect(bundle, "1.1.0", IMIO).about());

        assertEquals("Registre du courrier", about.path("title").path("fr").asText());
        assertEquals("Mail registry", about.path("title").path("en").asText());
        assertEquals("Le courrier entrant et sortant de la commune.", about.path("description").path("fr").asText(),
                "trimmed");
        assertEquals("The commune's incoming and outgoing mail.", about.path("description").path("en").asText());
        assertEquals("Secrétariat", about.path("category").path("fr").asText(), "accents survive the manifest");
        assertEquals("Secretariat", about.path("category").path("en").asText());
        assertEquals("Ajoute les échéances et la liste du courrier en retard.", about.path("notes").path("fr").asText());
        assertEquals("Adds due dates and the list of late letters.", about.path("notes").path("en").asText());
    }

    @Test
    void readsTheTextsForPeopleInGermanToo() throws Exception {
        Path bundle = jar("be.imio.solutions.courrier", "1.1.0", null, Map.of(
                "Bundle-Name", "Registre du courrier",
                "Imio-Name-de", "Postregister",
                "Imio-Description-de", "Die ein- und ausgehende Post der Gemeinde.",
                "Imio-Category-de", "Sekretariat",
                "Imio-Release-Notes-de", "Fügt Fristen hinzu."));

        JsonNode about = new ObjectMapper().readTree(inspect(bundle, "1.1.0", IMIO).about());

        assertEquals("Postregister", about.path("title").path("de").asText());
        assertEquals("Registre du courrier", about.path("title").path("fr").asText());
        assertEquals("Die ein- und ausgehende Post der Gemeinde.", about.path("description").path("de").asText());
        assertEquals("Sekretariat", about.path("category").path("de").asText());
        assertEquals("Fügt Fristen hinzu.", about.path("notes").path("de").asText(), "umlauts survive the manifest");
        assertTrue(about.path("title").path("en").isMissingNode(), "a language not given is left out");
    }

    @Test
    void leavesOutTheTextsAndLanguagesNotGiven() throws Exception {
        Path bundle = jar("be.imio.solutions.a", "1.0.0", null, Map.of("Bundle-Name", "Salles",
                "Imio-Release-Notes-en", "First release.", "Bundle-Description", "   "));

        JsonNode about = new ObjectMapper().readTree(inspect(bundle, "1.0.0", IMIO).about());

        assertEquals("{\"title\":{\"fr\":\"Salles\"},\"notes\":{\"en\":\"First release.\"}}", about.toString());
        assertNull(inspect(jar("be.imio.solutions.a", "1.0.0", null), "1.0.0", IMIO).about(),
                "nothing to say: nothing kept");
    }

    @Test
    void refusesATextLongerThanTheLimitWith400() throws Exception {
        String longest = "é".repeat(BundleInspection.MAX_TEXT);
        inspect(jar("be.imio.solutions.a", "1.0.0", null, Map.of("Imio-Release-Notes", longest)),
                "1.0.0", IMIO);

        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(
                jar("be.imio.solutions.a", "1.0.0", null, Map.of("Imio-Description-en", longest + "x")), "1.0.0", IMIO));

        assertEquals(400, refused.status());
        assertEquals("text_too_long", refused.code());
        assertTrue(refused.getMessage().contains("Imio-Description-en"), refused.getMessage());
    }

    private String wiringRefused(String header, String value) {
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(jar("be.imio.solutions.a", "1.0.0", null,
                Map.of(header, value), "a/B.class"), "1.0.0", IMIO), header + ": " + value);
        return refused.status() + " " + refused.code();
    }

    @Test
    void refusesExportsFragmentsAndRequiredBundlesOutsideTheNamespace() throws Exception {
        // The attack: the platform's API at a higher version, and another module's internal package.
        assertEquals("403 export_outside_namespace", wiringRefused("Export-Package",
                "be.imio.platform.api;version=\"1.99.0\",be.imio.platform.courrier.internal"));
        assertEquals("403 export_outside_namespace", wiringRefused("Export-Package",
                "be.imio.solutions.a;uses:=\"x,y\";version=\"1.0\",be.imio.platform.api"));
        assertEquals("403 export_outside_namespace", wiringRefused("Export-Package",
                "be.imio.solutions.a;be.imio.platform.api;version=1.99.0"));
        assertEquals("403 export_outside_namespace", wiringRefused("Export-Package", "be.imio.solutionsx"));
        assertEquals("403 export_outside_namespace", wiringRefused("Export-Package", "javax.servlet;version=9"));
        assertEquals("403 fragment_outside_namespace", wiringRefused("Fragment-Host", "be.imio.platform.courrier"));
        assertEquals("403 fragment_outside_namespace", wiringRefused("Fragment-Host",
                "system.bundle;extension:=framework"));
        assertEquals("403 fragment_outside_namespace", wiringRefused("Fragment-Host",
                "be.imio.platform.courrier;bundle-version=\"[1.0,2)\""));
        assertEquals("403 require_bundle_outside_namespace", wiringRefused("Require-Bundle",
                "be.imio.solutions.b,be.imio.platform.host;visibility:=reexport"));
        for (String namespace : new String[] {"osgi.wiring.package", "osgi.wiring.bundle", "osgi.wiring.host",
            "osgi.identity", "osgi.ee"}) {
            assertEquals("400 capability_not_allowed", wiringRefused("Provide-Capability",
                    "osgi.service;objectClass:List<String>=\"a.B\"," + namespace + ";" + namespace
                    + "=\"be.imio.platform.api\";version:Version=\"1.99\""));
        }
        assertEquals("400 bad_manifest_header", wiringRefused("Export-Package", "be.imio.solutions.a;version=\"1.0"));
        assertEquals("400 bad_manifest_header", wiringRefused("Export-Package", "be.imio.solutions.a,,x"));
    }

    @Test
    void acceptsWiringWithinTheNamespace() throws Exception {
        inspect(jar("be.imio.solutions.a", "1.0.0", null, Map.of(
                "Export-Package", "be.imio.solutions.a.api;version=\"1.0.0\";uses:=\"be.imio.solutions.a, org.x\","
                        + "be.imio.solutions;version=1",
                "Require-Bundle", "be.imio.solutions.b;bundle-version=\"[1,2)\"",
                "Provide-Capability", "osgi.service;objectClass:List<String>=\"be.imio.platform.api.HealthCheck\";"
                        + "uses:=\"be.imio.platform.api\",be.imio.solutions.a.reports;kind=\"pdf\""),
                "a/B.class"), "1.0.0", IMIO);
        inspect(jar("be.imio.solutions.a.fr", "1.0.0", null, Map.of("Fragment-Host", "be.imio.solutions.a"), "a/B.class"),
                "1.0.0", IMIO);
    }

    @Test
    void readsHeadersAsTheFrameworkDoes() throws Exception {
        var clauses = OsgiHeader.parse("a.b;c.d;version=\"[1,2)\";uses:=\"x,y;z\", e ; f:List<String>=\"1,2\"");
        assertEquals(2, clauses.size());
        assertEquals(java.util.List.of("a.b", "c.d"), clauses.get(0).paths());
        assertEquals("[1,2)", clauses.get(0).attributes().get("version"));
        assertEquals("x,y;z", clauses.get(0).directives().get("uses"));
        assertEquals(java.util.List.of("e"), clauses.get(1).paths());
        assertEquals("1,2", clauses.get(1).attributes().get("f"));
    }

    @Test
    void refusesAHeaderGivenTwice() throws Exception {
        Path file = dir.resolve("twice.jar");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(file))) {
            zip.putNextEntry(new ZipEntry("META-INF/MANIFEST.MF"));
            zip.write(("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: be.imio.solutions.a\r\n"
                    + "Bundle-Version: 1.0.0\r\nexport-package: be.imio.platform.api;version=\"1.99.0\"\r\n"
                    + "Export-Package: be.imio.solutions.a\r\n\r\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(file, "1.0.0", IMIO));
        assertEquals("duplicate_manifest_header", refused.code());
        assertEquals(400, refused.status());
    }

    @Test
    void aBundleMustSayWhichHostsItNeedsThroughItsImportOfThePlatformApi() throws Exception {
        assertEquals("[1.4,2)", inspect(jar("be.imio.solutions.a", "1.0.0", null), "1.0.0", IMIO).hostApiRange());
        assertEquals("[1.4,2)", inspect(jar("be.imio.solutions.a", "1.0.0",
                "javax.servlet;version=\"[3.1,5)\",javax.sql;be.imio.platform.api;version=\"[1.4,2)\""), "1.0.0", IMIO)
                .hostApiRange(), "a clause naming several packages");
        // No import at all (bnd drops it when only the API's constants are used), an import without
        // a version, only other packages, a package whose name merely starts like the API's.
        for (String imports : new String[] {"", "be.imio.platform.api", "javax.servlet;version=\"[3.1,5)\"",
            "be.imio.platform.apix;version=\"[1.4,2)\""}) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                    () -> inspect(jar("be.imio.solutions.a", "1.0.0", imports), "1.0.0", IMIO), imports);
            assertEquals("no_host_api_range", refused.code(), imports);
            assertEquals(400, refused.status());
            assertTrue(refused.getMessage().contains("Import-Package: be.imio.platform.api;version=\"[1.4,2)\",*")
                    && refused.getMessage().contains("no host knows whether it can run it"), refused.getMessage());
        }
        // The SDK's private package is the platform's own: importing it is refused as such.
        ReleaseRefused internal = assertThrows(ReleaseRefused.class, () -> inspect(jar("be.imio.solutions.a", "1.0.0",
                "be.imio.platform.api.internal;version=\"[1.4,2)\""), "1.0.0", IMIO));
        assertEquals("platform_package_imported", internal.code());
        assertEquals(403, internal.status());
        // Unreadable; empty (no host could run it); without an upper bound (a bare version: it would
        // claim to run on the next major API, whose changes it cannot know).
        for (String imports : new String[] {"be.imio.platform.api;version=\"[2,1)x\"", "be.imio.platform.api;version=\"one\"",
            "be.imio.platform.api;version=\"(1.4,1.4)\"", "be.imio.platform.api;version=\"[2.0,1.0]\"",
            "be.imio.platform.api;version=\"[1.4,1.4)\"", "be.imio.platform.api;version=1.4",
            "be.imio.platform.api;version=\"1.4.0\""}) {
            assertEquals("bad_host_api_range", assertThrows(ReleaseRefused.class,
                    () -> inspect(jar("be.imio.solutions.a", "1.0.0", imports), "1.0.0", IMIO), imports).code(), imports);
        }
        assertEquals("bad_manifest_header", assertThrows(ReleaseRefused.class,
                () -> inspect(jar("be.imio.solutions.a", "1.0.0", "be.imio.platform.api;version=\"[1.4,2)"), "1.0.0",
                        IMIO)).code());
        // A fragment runs inside its host bundle, which says it.
        assertEquals("", inspect(jar("be.imio.solutions.a.texts", "1.0.0", "", Map.of("Fragment-Host",
                "be.imio.solutions.a"), "a/texts.properties"), "1.0.0", IMIO).hostApiRange());
    }

    @Test
    void aBundleDeclaringWorkForAnotherExtenderThanComponentsIsRefusedAtRelease() throws Exception {
        ReleaseRefused configurator = assertThrows(ReleaseRefused.class, () -> inspect(jar("be.imio.solutions.a", "1.0.0",
                null, Map.of("Require-Capability", "osgi.extender;filter:=\"(osgi.extender=osgi.configurator)\""),
                "OSGI-INF/configurator/evil.json"), "1.0.0", IMIO));
        assertEquals("extender_not_allowed", configurator.code());
        assertEquals("extender_not_allowed", assertThrows(ReleaseRefused.class, () -> inspect(jar("be.imio.solutions.a",
                "1.0.0", null, "OSGI-INF/configurator/evil.json"), "1.0.0", IMIO)).code(), "the folder alone too");
    }
}
