package be.imio.platform.repository.internal.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import be.imio.platform.api.WebContexts;
import be.imio.platform.trust.SafeXml;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/**
 * Reads the Declarative Services components a bundle declares ({@code Service-Component}, and any
 * descriptor Felix SCR could find in it, a fragment's included) and
 * refuses what would let a module act outside its own pages: an HTTP Whiteboard property (a
 * servlet, resource, filter or context of its own, outside {@code /modules/NAME/} and the host's
 * log-in), a web application bundle ({@code Web-ContextPath}), and an {@code imio.module} property
 * naming another module than the bundle's own. What a bundle registers from code cannot be read
 * here; the host contains that (see the module dispatcher).
 */
public final class ComponentInspection {

    private static final String WHITEBOARD = "osgi.http.whiteboard.";
    private static final long MAX_DESCRIPTOR_BYTES = 1024 * 1024;

    private ComponentInspection() {
    }

    /**
     * Checks the components of {@code file}, the bundle of artifact {@code artifactId};
     * {@code foreign} tells whether a module name belongs to another group.
     */
    static void inspect(JarFile file, Attributes main, String artifactId, Predicate<String> foreign)
            throws ReleaseRefused, IOException {
        if (main.getValue("Web-ContextPath") != null) {
            throw outside("release.web_context_path", artifactId);
        }
        for (String descriptor : descriptors(file, main.getValue("Service-Component"), main.getValue("Fragment-Host") != null)) {
            for (String[] property : properties(file, descriptor)) {
                String name = property[0];
                // Service property keys are case-insensitive (OSGi Core 5.2.5).
                String key = name.toLowerCase(java.util.Locale.ROOT);
                if (key.startsWith(WHITEBOARD)) {
                    throw outside("release.whiteboard_property", descriptor, name, WebContexts.MODULE, artifactId);
                }
                if (WebContexts.MODULE.equals(key)) {
                    checkModuleName(property[1].strip(), artifactId, descriptor, foreign);
                }
            }
        }
    }

    /**
     * The module names the components of {@code file} give with {@code imio.module}, in any case of
     * the key: the modules whose pages, health checks and menu entries the bundle provides.
     */
    public static java.util.Set<String> modulesNamed(JarFile file, Attributes main) throws ReleaseRefused, IOException {
        java.util.Set<String> modules = new java.util.TreeSet<>();
        for (String descriptor : descriptors(file, main.getValue("Service-Component"), main.getValue("Fragment-Host") != null)) {
            for (String[] property : properties(file, descriptor)) {
                if (WebContexts.MODULE.equals(property[0].strip().toLowerCase(java.util.Locale.ROOT))) {
                    modules.add(property[1].strip());
                }
            }
        }
        return modules;
    }

    /**
     * A bundle serves its own module: the one named after its artifact, or, for a bundle of a
     * module of several ({@code courrier-web} of {@code courrier}), the module its artifactId
     * starts with when no other group owns that name.
     */
    private static void checkModuleName(String module, String artifactId, String descriptor, Predicate<String> foreign)
            throws ReleaseRefused {
        boolean own = module.equals(artifactId) || artifactId.startsWith(module + "-") && !foreign.test(module);
        if (!own) {
            throw new ReleaseRefused(400, "module_name_not_own", "release.component_other_module", descriptor, module,
                    artifactId);
        }
    }

    /**
     * The descriptors {@code Service-Component} lists (a {@code *} in a file name matches as Felix
     * SCR does), and every other that Felix SCR could read: each XML file under {@code OSGI-INF/},
     * where bnd writes them, and, in a fragment, each XML file at all, since its host bundle's
     * {@code Service-Component} finds the fragment's entries too ({@code Bundle.findEntries}).
     */
    private static List<String> descriptors(JarFile file, String header, boolean fragment) throws IOException {
        java.util.Set<String> found = new java.util.LinkedHashSet<>(listed(file, header));
        for (ZipEntry entry : Collections.list(file.entries())) {
            String name = entry.getName();
            boolean xml = name.toLowerCase(java.util.Locale.ROOT).endsWith(".xml");
            if (entry.isDirectory()) {
                continue;
            }
            if (xml && (fragment || name.regionMatches(true, 0, "OSGI-INF/", 0, "OSGI-INF/".length()))) {
                found.add(name);
            } else if (fragment && !name.endsWith(".class") && looksLikeXml(file, entry)) {
                // Its host's Service-Component may name any file of the fragment, whatever its name.
                found.add(name);
            }
        }
        return List.copyOf(found);
    }

    /** True when {@code entry} starts, after white space, with {@code <}: an XML document, whatever its name. */
    private static boolean looksLikeXml(JarFile file, ZipEntry entry) throws IOException {
        try (java.io.InputStream in = file.getInputStream(entry)) {
            for (int i = 0, c; i < 256 && (c = in.read()) != -1; i++) {
                if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                    return c == '<';
                }
            }
        }
        return false;
    }

    private static List<String> listed(JarFile file, String header) {
        if (header == null || header.isBlank()) {
            return List.of();
        }
        List<String> found = new ArrayList<>();
        for (String listed : header.split(",")) {
            String path = listed.split(";")[0].strip();
            if (path.startsWith("/")) {
                path = path.substring(1);
            }
            if (!path.contains("*")) {
                found.add(path);
                continue;
            }
            Pattern glob = Pattern.compile(Pattern.quote(path).replace("*", "\\E[^/]*\\Q"));
            for (ZipEntry entry : Collections.list(file.entries())) {
                if (glob.matcher(entry.getName()).matches()) {
                    found.add(entry.getName());
                }
            }
        }
        return found;
    }

    /** Every {@code {name, value}} of the descriptor's components, from properties and property files. */
    private static List<String[]> properties(JarFile file, String descriptor) throws ReleaseRefused, IOException {
        ZipEntry entry = file.getEntry(descriptor);
        if (entry == null) {
            return List.of();
        }
        Document document = parse(file, entry, descriptor);
        List<String[]> properties = new ArrayList<>();
        for (String tag : new String[] {"property", "factory-property"}) {
            NodeList nodes = document.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                Element property = (Element) nodes.item(i);
                String name = property.getAttribute("name").strip();
                if (property.hasAttribute("value")) {
                    properties.add(new String[] {name, property.getAttribute("value")});
                    continue;
                }
                // An array: one value a line.
                for (String one : property.getTextContent().split("\\R")) {
                    if (!one.isBlank()) {
                        properties.add(new String[] {name, one});
                    }
                }
            }
        }
        for (String tag : new String[] {"properties", "factory-properties"}) {
            NodeList nodes = document.getElementsByTagNameNS("*", tag);
            for (int i = 0; i < nodes.getLength(); i++) {
                ZipEntry included = file.getEntry(((Element) nodes.item(i)).getAttribute("entry").strip());
                if (included != null) {
                    Properties read = new Properties();
                    try (InputStream in = file.getInputStream(included)) {
                        read.load(in);
                    }
                    read.forEach((name, value) -> properties.add(new String[] {name.toString(), value.toString()}));
                }
            }
        }
        return properties;
    }

    private static Document parse(JarFile file, ZipEntry entry, String descriptor) throws ReleaseRefused, IOException {
        Path copy = Files.createTempFile("component-", ".xml");
        try {
            try (InputStream in = file.getInputStream(entry)) {
                Files.copy(new java.io.ByteArrayInputStream(in.readNBytes((int) MAX_DESCRIPTOR_BYTES + 1)), copy,
                        StandardCopyOption.REPLACE_EXISTING);
            }
            if (Files.size(copy) > MAX_DESCRIPTOR_BYTES) {
                throw new ReleaseRefused(400, "bad_component", "release.component_too_large", descriptor);
            }
            return SafeXml.parse(copy);
        } catch (ReleaseRefused | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new ReleaseRefused(400, "bad_component", "release.component_not_xml", descriptor);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    private static ReleaseRefused outside(String key, Object... arguments) {
        return new ReleaseRefused(400, "whiteboard_outside_module", key, arguments);
    }

}
