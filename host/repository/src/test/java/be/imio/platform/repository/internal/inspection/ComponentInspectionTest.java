package be.imio.platform.repository.internal.inspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/**
 * A module's bundle may serve pages only through the host, under its own name: HTTP Whiteboard
 * properties, a web application header or another module's name are refused at release.
 */
class ComponentInspectionTest {

    private static final Set<String> IMIO = Set.of("be.imio.solutions");

    @TempDir
    Path dir;

    private static String component(String properties) {
        return "<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\""
                + " name=\"c\"><implementation class=\"a.B\"/><service><provide interface=\"javax.servlet.Servlet\"/>"
                + "</service>" + properties + "</scr:component>";
    }

    /** The bundle of artifact {@code artifactId} with {@code files} and the manifest {@code headers}. */
    private BundleInspection.Inspected inspect(String artifactId, Map<String, String> headers, Map<String, String> files)
            throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", "be.imio.solutions." + artifactId);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        headers.forEach(main::putValue);
        Path file = Files.createTempFile(dir, "bundle", ".jar");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            for (var entry : files.entrySet()) {
                jar.putNextEntry(new ZipEntry(entry.getKey()));
                jar.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return BundleInspection.inspect(file, MavenPath.ofVersionFile("be/imio/solutions/" + artifactId + "/1.0.0/"
                + artifactId + "-1.0.0.jar"), IMIO, name -> "courrier".equals(name) ? "be.imio.platform" : null);
    }

    private String refused(String artifactId, Map<String, String> headers, Map<String, String> files) {
        return assertThrows(ReleaseRefused.class, () -> inspect(artifactId, headers, files)).code();
    }

    @Test
    void acceptsAModulePageUnderItsOwnName() throws Exception {
        inspect("agenda", Map.of("Service-Component", "OSGI-INF/a.B.xml"), Map.of("OSGI-INF/a.B.xml",
                component("<property name=\"imio.module\" value=\"agenda\"/>"
                        + "<property name=\"imio.menu.fr\" value=\"Agenda\"/>")));
        inspect("agenda-web", Map.of("Service-Component", "OSGI-INF/*.xml"), Map.of("OSGI-INF/a.B.xml",
                component("<property name=\"imio.module\" type=\"String\">\n  agenda\n</property>")));
    }

    @Test
    void refusesHttpWhiteboardRegistrationsOutsideTheModule() {
        for (String property : new String[] {
            "<property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"/*\"/>",
            "<property name=\"osgi.http.whiteboard.resource.pattern\" value=\"/static/*\"/>",
            "<property name=\"osgi.http.whiteboard.filter.pattern\" value=\"/console/*\"/>",
            "<property name=\"osgi.http.whiteboard.context.select\" value=\"(osgi.http.whiteboard.context.name=default)\"/>",
            "<property name=\"osgi.http.whiteboard.servlet.pattern\" type=\"String\">\n/a\n/b\n</property>",
            "<properties entry=\"OSGI-INF/web.properties\"/>"}) {
            assertEquals("whiteboard_outside_module", refused("agenda", Map.of("Service-Component", "OSGI-INF/*.xml"),
                    Map.of("OSGI-INF/a.B.xml", component(property),
                            "OSGI-INF/web.properties", "osgi.http.whiteboard.servlet.pattern=/*\n")), property);
        }
        assertEquals("whiteboard_outside_module", refused("agenda", Map.of("Web-ContextPath", "/console"), Map.of()));
        assertEquals("whiteboard_outside_module", refused("agenda", Map.of("Service-Component",
                "OSGI-INF/x.xml, OSGI-INF/y.xml"), Map.of("OSGI-INF/x.xml", component(""), "OSGI-INF/y.xml",
                component("<factory-property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"/*\"/>"))));
    }

    @Test
    void refusesAnotherModulesName() {
        assertEquals("module_name_not_own", refused("agenda", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", component("<property name=\"imio.module\" value=\"courrier\"/>"))));
        assertEquals("module_name_not_own", refused("courrier-web", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", component("<property name=\"imio.module\" value=\"courrier\"/>"))),
                "courrier belongs to another group");
        assertEquals("bad_component", refused("agenda", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", "<!DOCTYPE x><component/>")));
    }

    @Test
    void descriptorsSomeOtherJarWouldListAreReadToo() throws Exception {
        String whiteboard = component("<property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"/*\"/>");
        // A fragment with no Service-Component of its own: its host bundle's finds the fragment's entries.
        assertEquals("whiteboard_outside_module", refused("agenda-frag", Map.of("Fragment-Host",
                "be.imio.solutions.agenda"), Map.of("OSGI-INF/evil.xml", whiteboard)));
        assertEquals("module_name_not_own", refused("agenda-frag", Map.of("Fragment-Host", "be.imio.solutions.agenda"),
                Map.of("elsewhere/evil.xml", component("<property name=\"imio.module\" value=\"courrier\"/>"))));
        // A fragment's descriptor under any name (its host may list cfg/*.dat), l10n texts left alone.
        assertEquals("whiteboard_outside_module", refused("agenda-frag", Map.of("Fragment-Host", "be.imio.solutions.agenda"),
                Map.of("cfg/evil.dat", whiteboard, "OSGI-INF/l10n/bundle.properties", "name=Agenda\n")));
        inspect("agenda-frag", Map.of("Fragment-Host", "be.imio.solutions.agenda"),
                Map.of("OSGI-INF/l10n/bundle.properties", "name=Agenda\n", "a/texts.txt", "no XML here"));
        // Property keys in any case: the framework and the whiteboard read them so.
        assertEquals("whiteboard_outside_module", refused("agenda", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", component("<property name=\"OSGI.HTTP.WHITEBOARD.SERVLET.PATTERN\" value=\"/*\"/>"))));
        assertEquals("module_name_not_own", refused("agenda", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", component("<property name=\"IMIO.MODULE\" value=\"courrier\"/>"))));
        // A bundle that lists none, or another one, still has its OSGI-INF descriptors read.
        assertEquals("whiteboard_outside_module", refused("agenda", Map.of(), Map.of("OSGI-INF/evil.xml", whiteboard)));
        assertEquals("whiteboard_outside_module", refused("agenda", Map.of("Service-Component", "OSGI-INF/a.xml"),
                Map.of("OSGI-INF/a.xml", component(""), "OSGI-INF/sub/evil.xml", whiteboard)));
    }
}
