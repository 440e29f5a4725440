package be.imio.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.OsgiHeader;

/**
 * Whether a commune host's enabled modules can run on a new distribution, decided before an upgrade
 * changes anything: every platform package ({@code be.imio.platform.*}) a module's bundles import
 * must be exported by the new distribution's platform bundles in a version the import's range
 * accepts (OSGi Core, 3.6.5 "Import-Package", 3.2.6 "Version Ranges"), as the framework would
 * resolve it at the first start. The bundles are those of the module's verified features XML in
 * {@code data/host/verified}; the enabled modules and their versions those of the host's database.
 */
final class ModuleSuitability {

    private static final String PLATFORM_PACKAGES = "be.imio.platform.";

    /** A module the new distribution cannot run, and why, in one phrase. */
    record Unsuitable(String module, String version, String why) {
        @Override
        public String toString() {
            return module + " " + version + " " + why;
        }
    }

    /** An enabled module as the host's database records it. */
    record Enabled(String name, String groupId, String version) {
    }

    private final Path cache;
    private final Map<String, Version> exports;

    /**
     * @param cache the host's verified cache ({@code data/host/verified})
     * @param exports the platform packages the new distribution exports, with their versions
     */
    ModuleSuitability(Path cache, Map<String, Version> exports) {
        this.cache = cache;
        this.exports = exports;
    }

    /** The modules enabled in the host's database. */
    static List<Enabled> enabled(InstanceDatabase database) throws LaunchException {
        List<Enabled> enabled = new ArrayList<>();
        try (PreparedStatement query = database.connection().prepareStatement(
                "SELECT NAME, GROUP_ID, VERSION FROM HOST_MODULE WHERE ENABLED = 1 ORDER BY NAME");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                enabled.add(new Enabled(rows.getString(1), rows.getString(2), rows.getString(3)));
            }
        } catch (SQLException e) {
            if ("42X05".equals(e.getSQLState()) || "42P01".equals(e.getSQLState())) {
                return List.of(); // no module was ever enabled: the table is made at the host's first start
            }
            throw new LaunchException("cannot read the host's modules from its database: " + e.getMessage());
        }
        return enabled;
    }

    /** The platform packages exported by the platform's bundles of version {@code version} in {@code system/}. */
    static Map<String, Version> exports(Path home, PlatformVersion version) throws LaunchException {
        Map<String, Version> exports = new HashMap<>();
        Path platform = home.resolve("system/be/imio/platform");
        try (Stream<Path> jars = Files.walk(platform)) {
            for (Path jar : (Iterable<Path>) jars::iterator) {
                if (!jar.getFileName().toString().endsWith(".jar")
                        || !jar.getParent().getFileName().toString().equals(version.toString())) {
                    continue;
                }
                String header = manifest(jar).getMainAttributes().getValue("Export-Package");
                for (OsgiHeader.Clause clause : OsgiHeader.parse(header == null ? "" : header)) {
                    String declared = clause.attributes().get("version");
                    Version exported = declared == null ? Version.emptyVersion : Version.parseVersion(declared.strip());
                    for (String name : clause.paths()) {
                        if (name.startsWith(PLATFORM_PACKAGES)) {
                            exports.merge(name, exported, (a, b) -> a.compareTo(b) >= 0 ? a : b);
                        }
                    }
                }
            }
        } catch (IOException | OsgiHeader.Malformed | IllegalArgumentException e) {
            throw new LaunchException("cannot read the platform's bundles in " + platform + ": " + e.getMessage());
        }
        return exports;
    }

    /** The modules among {@code enabled} this distribution cannot run; empty when all can. */
    List<Unsuitable> check(List<Enabled> enabled) {
        List<Unsuitable> unsuitable = new ArrayList<>();
        for (Enabled module : enabled) {
            String why = why(module);
            if (why != null) {
                unsuitable.add(new Unsuitable(module.name(), module.version(), why));
            }
        }
        return unsuitable;
    }

    private String why(Enabled module) {
        String features = ArtifactPaths.ofMavenUrl("mvn:" + module.groupId() + "/" + module.name() + "/"
                + module.version() + "/xml/features");
        Path xml = features == null ? null : cache.resolve(features);
        if (xml == null || !Files.isRegularFile(xml)) {
            return "has no verified features XML in data/host/verified (" + features + ")";
        }
        try {
            for (String location : bundles(xml)) {
                String path = ArtifactPaths.ofMavenUrl(location);
                if (path == null || !Files.isRegularFile(cache.resolve(path))) {
                    return "names the bundle " + location + ", which is not in data/host/verified";
                }
                String why = imports(manifest(cache.resolve(path)).getMainAttributes().getValue("Import-Package"));
                if (why != null) {
                    return why;
                }
            }
        } catch (IOException | OsgiHeader.Malformed | IllegalArgumentException e) {
            return "cannot be read (" + e.getMessage() + ")";
        }
        return null;
    }

    /** Why the platform imports of one bundle are not met; null when they are. */
    private String imports(String header) throws OsgiHeader.Malformed {
        for (OsgiHeader.Clause clause : OsgiHeader.parse(header == null ? "" : header)) {
            if ("optional".equals(clause.directives().get("resolution"))) {
                continue;
            }
            String declared = clause.attributes().get("version");
            VersionRange range = new VersionRange(declared == null ? "0.0.0" : declared.strip());
            for (String name : clause.paths()) {
                if (!name.startsWith(PLATFORM_PACKAGES)) {
                    continue;
                }
                Version exported = exports.get(name);
                if (exported == null) {
                    return "needs the package " + name + ", which this platform no longer exports";
                }
                if (!range.includes(exported)) {
                    return "needs " + name + " " + range + "; this platform exports " + exported;
                }
            }
        }
        return null;
    }

    /** The {@code <bundle>} locations of a features XML; an entity or a DTD is refused. */
    private static List<String> bundles(Path xml) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setNamespaceAware(true);
            Document document;
            try (InputStream in = Files.newInputStream(xml)) {
                document = factory.newDocumentBuilder().parse(in);
            }
            NodeList nodes = document.getElementsByTagNameNS("*", "bundle");
            List<String> bundles = new ArrayList<>();
            for (int i = 0; i < nodes.getLength(); i++) {
                bundles.add(nodes.item(i).getTextContent().strip());
            }
            return bundles;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException(xml.getFileName() + " is not a features XML: " + e.getMessage(), e);
        }
    }

    private static Manifest manifest(Path jar) throws IOException {
        try (JarFile file = new JarFile(jar.toFile())) {
            Manifest manifest = file.getManifest();
            if (manifest == null) {
                throw new IOException(jar.getFileName() + " has no manifest");
            }
            return manifest;
        }
    }
}
