package be.imio.platform.repository.internal.inspection;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;

import org.osgi.framework.VersionRange;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.ArchiveLayout;
import be.imio.platform.trust.ManifestPolicy;
import be.imio.platform.trust.OsgiHeader;
import be.imio.platform.trust.PolicyViolation;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.repository.internal.release.ReleaseAbout;

/**
 * Checks an uploaded jar before it is accepted: a readable archive that reads one way only
 * ({@link ArchiveLayout}) without dangerous entry names,
 * an OSGi manifest whose symbolic name lies in the publisher's namespace, and a proper OSGi
 * version equal to the Maven version. Returns what the release says about itself, including its
 * title, description, category and release notes for people.
 */
public final class BundleInspection {

    /** What an accepted bundle declares; {@code about} is its texts for people as JSON, or null. */
    public record Inspected(String symbolicName, String version, String hostApiRange, String about) {
    }

    /**
     * The manifest headers of a release's texts for people: the field, its French header, its
     * English one, its German one. French goes in the standard headers, as it is the product's
     * first language and what Karaf's bundle:list shows; a text missing in a language is shown in
     * French.
     */
    private static final String[][] TEXTS = {
        {"title", "Bundle-Name", "Imio-Name-en", "Imio-Name-de"},
        {"description", "Bundle-Description", "Imio-Description-en", "Imio-Description-de"},
        {"category", "Bundle-Category", "Imio-Category-en", "Imio-Category-de"},
        {"notes", "Imio-Release-Notes", "Imio-Release-Notes-en", "Imio-Release-Notes-de"},
    };
    /** Longest text for people: enough for a few paragraphs, and bounded since every host downloads it. */
    public static final int MAX_TEXT = 2_000;

    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");
    private static final Pattern OSGI_VERSION = Pattern.compile("\\d+\\.\\d+\\.\\d+(\\.[A-Za-z0-9_-]+)?");
    /** The platform API's package, whose imported version range says which hosts a bundle runs on. */
    static final String API_PACKAGE = "be.imio.platform.api";
    private static final int MAX_ENTRIES = 20_000;

    private BundleInspection() {
    }

    /**
     * Checks the bundle released as {@code maven} by a publisher of {@code namespaces};
     * {@code owners} tells which group owns a module name (null: none).
     */
    public static Inspected inspect(Path jar, MavenPath maven, Set<String> namespaces, Function<String, String> owners)
            throws ReleaseRefused {
        String mavenVersion = maven.version();
        checkLayout(jar, "not_a_jar");
        Manifest manifest;
        List<String> entryNames;
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            checkEntries(file);
            entryNames = file.stream().map(ZipEntry::getName).toList();
            manifest = file.getManifest();
            checkSingleHeaders(file);
            if (manifest != null) {
                ComponentInspection.inspect(file, manifest.getMainAttributes(), maven.artifactId(), name -> {
                    String owner = owners.apply(name);
                    return owner != null && !owner.equals(maven.groupId());
                });
            }
        } catch (ZipException e) {
            throw refused("not_a_jar", "release.jar_unreadable");
        } catch (IOException e) {
            throw refused("not_a_jar", "release.jar_unreadable_because", e.getMessage());
        }
        Attributes main = manifest == null ? new Attributes() : manifest.getMainAttributes();
        String symbolicName = main.getValue("Bundle-SymbolicName");
        if (symbolicName == null || !"2".equals(main.getValue("Bundle-ManifestVersion"))) {
            throw refused("no_osgi_manifest", "release.no_osgi_manifest");
        }
        symbolicName = symbolicName.split(";")[0].strip();
        if (!SYMBOLIC_NAME.matcher(symbolicName).matches()) {
            throw refused("bad_symbolic_name", "release.bad_symbolic_name", symbolicName);
        }
        if (!inNamespace(symbolicName, namespaces)) {
            throw new ReleaseRefused(403, "outside_namespace", "release.symbolic_name_outside_namespace", symbolicName,
                    namespaces);
        }
        checkWiring(main, namespaces);
        try {
            ManifestPolicy.checkExtenders(main, entryNames);
        } catch (PolicyViolation v) {
            throw ReleaseRefused.of(v, v.status());
        }
        String version = main.getValue("Bundle-Version") == null ? "" : main.getValue("Bundle-Version").strip();
        if (!OSGI_VERSION.matcher(version).matches()) {
            throw refused("bad_version", "release.bad_version", version);
        }
        String osgiFromMaven = mavenVersion.replaceFirst("^(\\d+\\.\\d+\\.\\d+)-", "$1.");
        if (!version.equals(osgiFromMaven)) {
            throw refused("version_mismatch", "release.version_mismatch", version, mavenVersion);
        }
        return new Inspected(symbolicName, version, hostApiRange(main), ReleaseAbout.text(texts(main)));
    }

    /**
     * The range of platform API versions the bundle imports ({@code Import-Package:
     * be.imio.platform.api;version="[1.4,2)"}), which tells hosts whether they can run it (OSGi
     * Core, 3.2.6 "Version Ranges"); empty for a fragment, which runs inside its host bundle.
     * Refused when the bundle does not import the API with a valid range: bnd drops the import of
     * a package whose constants only are used, and a release without a range cannot say which
     * hosts it needs.
     */
    public static String hostApiRange(Attributes main) throws ReleaseRefused {
        if (main.getValue("Fragment-Host") != null) {
            return "";
        }
        List<OsgiHeader.Clause> imports;
        try {
            imports = OsgiHeader.parse(main.getValue("Import-Package"));
        } catch (OsgiHeader.Malformed e) {
            throw refused("bad_manifest_header", "release.bad_import_package", e.getMessage());
        }
        for (OsgiHeader.Clause clause : imports) {
            if (!clause.paths().contains(API_PACKAGE)) {
                continue;
            }
            String range = clause.attributes().get("version");
            if (range == null) {
                break;
            }
            VersionRange parsed;
            try {
                parsed = new VersionRange(range.strip());
            } catch (IllegalArgumentException e) {
                throw refused("bad_host_api_range", "release.host_api_not_a_range", API_PACKAGE, range);
            }
            if (parsed.isEmpty()) {
                throw refused("bad_host_api_range", "release.host_api_range_empty", API_PACKAGE, range);
            }
            if (parsed.getRight() == null) {
                // A bundle built against 1.x cannot promise to run on 2.0, whose API may change.
                throw refused("bad_host_api_range", "release.host_api_range_unbounded", API_PACKAGE, range);
            }
            return range.strip();
        }
        throw refused("no_host_api_range", "release.no_host_api_range", API_PACKAGE);
    }

    /** Refuses a bundle that would wire into what is not the publisher's: see {@link ManifestPolicy}. */
    static void checkWiring(Attributes main, Set<String> namespaces) throws ReleaseRefused {
        try {
            ManifestPolicy.checkWiring(main, namespaces);
        } catch (PolicyViolation v) {
            throw ReleaseRefused.of(v, v.status());
        }
    }

    /**
     * Refuses a manifest that gives a main header twice (names compare ignoring case, as Felix
     * and the JDK do): which of the two a reader keeps is not the same everywhere, so the checks
     * here could read another header than the one the framework uses.
     */
    private static void checkSingleHeaders(JarFile file) throws IOException, ReleaseRefused {
        ZipEntry entry = file.getEntry(JarFile.MANIFEST_NAME);
        if (entry == null) {
            return;
        }
        String text;
        try (var in = file.getInputStream(entry)) {
            text = new String(in.readNBytes(1 << 20), java.nio.charset.StandardCharsets.UTF_8);
        }
        Set<String> seen = new java.util.HashSet<>();
        for (String line : text.split("\r\n|\r|\n")) {
            if (line.isEmpty()) {
                return; // the end of the main section
            }
            int colon = line.indexOf(':');
            if (line.charAt(0) != ' ' && colon > 0 && !seen.add(line.substring(0, colon).toLowerCase(Locale.ROOT))) {
                throw refused("duplicate_manifest_header", "release.duplicate_manifest_header", line.substring(0, colon));
            }
        }
    }

    /** The texts the manifest gives, each {@code {"fr": ..., "en": ..., "de": ...}} with the languages present. */
    static ObjectNode texts(Attributes main) throws ReleaseRefused {
        ObjectNode about = JsonNodeFactory.instance.objectNode();
        for (String[] text : TEXTS) {
            ObjectNode languages = JsonNodeFactory.instance.objectNode();
            putText(languages, "fr", main, text[1]);
            putText(languages, "en", main, text[2]);
            putText(languages, "de", main, text[3]);
            if (!languages.isEmpty()) {
                about.set(text[0], languages);
            }
        }
        return about;
    }

    private static void putText(ObjectNode languages, String language, Attributes main, String header)
            throws ReleaseRefused {
        String value = main.getValue(header);
        value = value == null ? "" : value.strip();
        if (value.length() > MAX_TEXT) {
            throw refused("text_too_long", "release.text_too_long", header, value.length(), MAX_TEXT);
        }
        if (!value.isEmpty()) {
            languages.put(language, value);
        }
    }

    /** A name is in a namespace when it is the namespace or starts with it and a dot. */
    public static boolean inNamespace(String name, Set<String> namespaces) {
        return ManifestPolicy.inNamespace(name, namespaces);
    }

    private static void checkEntries(JarFile file) throws ReleaseRefused {
        int count = 0;
        for (Enumeration<? extends ZipEntry> entries = file.entries(); entries.hasMoreElements(); ) {
            String name = entries.nextElement().getName();
            if (++count > MAX_ENTRIES) {
                throw refused("too_many_entries", "release.jar_too_many_entries", MAX_ENTRIES);
            }
            if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")
                    || name.indexOf('\0') >= 0) {
                throw refused("unsafe_entry", "release.jar_unsafe_entry", name);
            }
        }
    }

    /**
     * Refuses an archive that readers could read as two (see {@link ArchiveLayout}): the checks here
     * read it through its central directory, Karaf through its local headers.
     */
    static void checkLayout(Path archive, String unreadable) throws ReleaseRefused {
        try {
            ArchiveLayout.check(archive);
        } catch (PolicyViolation e) {
            throw ReleaseRefused.of(e, 400);
        } catch (IOException e) {
            throw refused(unreadable, "release.archive_unreadable");
        }
    }

    private static ReleaseRefused refused(String code, String key, Object... arguments) {
        return new ReleaseRefused(400, code, key, arguments);
    }

}
