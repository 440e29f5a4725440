package be.imio.platform.repository.internal.inspection;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/** A .kar is accepted only when everything it carries would be accepted alone, and nothing else. */
class KarInspectionTest {

    private static final Set<String> IMIO = Set.of("be.imio.solutions");
    private static final String JAR = "repository/be/imio/solutions/courrier/2.0.0/courrier-2.0.0.jar";
    private static final String FEATURES = "repository/be/imio/solutions/courrier/2.0.0/courrier-2.0.0-features.xml";

    @TempDir
    Path dir;

    private static byte[] bundle(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("be/imio/solutions/courrier/Module.class"));
            jar.write(new byte[] {1, 2, 3});
        }
        return bytes.toByteArray();
    }

    private static byte[] features(String... bundles) {
        StringBuilder xml = new StringBuilder("<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + "<feature name=\"courrier\" version=\"2.0.0\"><feature>scr</feature>");
        for (String bundle : bundles) {
            xml.append("<bundle>").append(bundle).append("</bundle>");
        }
        return xml.append("</feature></features>").toString().getBytes(StandardCharsets.UTF_8);
    }

    private Path kar(Map<String, byte[]> entries) throws IOException {
        Path kar = Files.createTempFile(dir, "courrier-", ".kar");
        try (OutputStream out = Files.newOutputStream(kar); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
        return kar;
    }

    private Map<String, byte[]> goodKar() throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n".getBytes(StandardCharsets.UTF_8));
        entries.put(JAR, bundle("be.imio.solutions.courrier", "2.0.0"));
        entries.put(FEATURES, features("mvn:be.imio.solutions/courrier/2.0.0"));
        return entries;
    }

    private List<KarInspection.Carried> inspect(Path kar) throws Exception {
        return KarInspection.inspect(kar, Files.createDirectories(dir.resolve("staging")), IMIO, path -> false,
                name -> "courrier".equals(name) ? "be.imio.solutions" : null, path -> null);
    }

    private long staged() throws IOException {
        try (var files = Files.list(Files.createDirectories(dir.resolve("staging")))) {
            return files.count();
        }
    }

    @Test
    void unpacksTheBundlesAndFeaturesItCarries() throws Exception {
        List<KarInspection.Carried> carried = inspect(kar(goodKar()));

        assertEquals(List.of(JAR.substring(11), FEATURES.substring(11)),
                carried.stream().map(c -> c.maven().path()).toList());
        assertTrue(carried.get(0).isBundle());
        assertTrue(carried.get(1).isFeatures());
        assertEquals(2, staged());
    }

    @Test
    void refusesWhatItWouldRefuseAloneAndLeavesNothingUnpacked() throws Exception {
        Map<String, byte[]> outside = goodKar();
        outside.put(JAR, bundle("org.example.other", "2.0.0"));
        Map<String, byte[]> unknown = goodKar();
        unknown.put(FEATURES, features("mvn:be.imio.solutions/courrier/2.0.0", "mvn:be.imio.solutions/pdf/1.0.0"));
        Map<String, byte[]> noManifest = goodKar();
        noManifest.put(JAR, "not a jar".getBytes(StandardCharsets.UTF_8));

        assertEquals("outside_namespace", assertThrows(ReleaseRefused.class, () -> inspect(kar(outside))).code());
        assertEquals("not_released_here", assertThrows(ReleaseRefused.class, () -> inspect(kar(unknown))).code());
        assertEquals("not_a_jar", assertThrows(ReleaseRefused.class, () -> inspect(kar(noManifest))).code());
        assertEquals(0, staged());
    }

    @Test
    void refusesArtifactsOfAnotherGroupWhateverTheirNames() throws Exception {
        // The publisher's bundle, in its namespace, carried under another group's path.
        Map<String, byte[]> foreignJar = goodKar();
        foreignJar.put("repository/be/imio/platform/courrier/9.9.9/courrier-9.9.9.jar",
                bundle("be.imio.solutions.courrier", "9.9.9"));
        Map<String, byte[]> foreignPom = goodKar();
        foreignPom.put("repository/be/imio/platform/courrier/9.9.9/courrier-9.9.9.pom", pom("be.imio.platform", "9.9.9"));
        Map<String, byte[]> foreignFeatures = goodKar();
        foreignFeatures.put("repository/be/imio/platform/courrier/9.9.9/courrier-9.9.9-features.xml",
                features("mvn:be.imio.solutions/courrier/2.0.0"));
        for (Map<String, byte[]> entries : List.of(foreignJar, foreignPom, foreignFeatures)) {
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(kar(entries)));
            assertEquals("outside_namespace", refused.code());
            assertEquals(403, refused.status());
        }
        assertEquals(0, staged());
    }

    @Test
    void checksTheCarriedPomsAsUploadedOnes() throws Exception {
        String pomPath = "repository/be/imio/solutions/courrier/2.0.0/courrier-2.0.0.pom";
        Map<String, byte[]> good = goodKar();
        good.put(pomPath, pom("be.imio.solutions", "2.0.0"));
        assertEquals(3, inspect(kar(good)).size());

        Map<String, byte[]> otherGroup = goodKar();
        otherGroup.put(pomPath, pom("be.imio.platform", "2.0.0"));
        Map<String, byte[]> otherVersion = goodKar();
        otherVersion.put(pomPath, pom("be.imio.solutions", "9.9.9"));
        Map<String, byte[]> notXml = goodKar();
        notXml.put(pomPath, "<project>".getBytes(StandardCharsets.UTF_8));
        assertEquals("pom_mismatch", assertThrows(ReleaseRefused.class, () -> inspect(kar(otherGroup))).code());
        assertEquals("pom_mismatch", assertThrows(ReleaseRefused.class, () -> inspect(kar(otherVersion))).code());
        assertEquals("bad_pom", assertThrows(ReleaseRefused.class, () -> inspect(kar(notXml))).code());
    }

    @Test
    void answersTheModuleNamesItsFeaturesClaim() throws Exception {
        Map<String, byte[]> entries = goodKar();
        entries.put(FEATURES, ("<features name=\"courrier\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + "<feature name=\"courrier\" version=\"2.0.0\"><bundle>mvn:be.imio.solutions/courrier/2.0.0</bundle>"
                + "</feature><feature name=\"conseil\"/></features>").getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of("courrier", "conseil"), List.copyOf(inspect(kar(entries)).get(1).features().names()));
    }

    private static byte[] pom(String groupId, String version) {
        return ("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion><groupId>"
                + groupId + "</groupId><artifactId>courrier</artifactId><version>" + version + "</version></project>")
                .getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void refusesPathsOutOfTheArchiveResourcesAndStrayFiles() throws Exception {
        for (var bad : Map.of("repository/../../etc/users.properties", "unsafe_entry",
                "/etc/passwd", "unsafe_entry",
                "resources/etc/be.imio.platform.host.cfg", "kar_outside_repository",
                "repository/be/imio/solutions/courrier/2.0.0/install.sh", "kar_unsupported_file",
                "repository/be/imio/solutions/courrier/2.0.0-SNAPSHOT/courrier-2.0.0-SNAPSHOT.jar", "snapshot").entrySet()) {
            Map<String, byte[]> entries = goodKar();
            entries.put(bad.getKey(), new byte[] {1});
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(kar(entries)), bad.getKey());
            assertEquals(bad.getValue(), refused.code(), bad.getKey());
            assertEquals(400, refused.status());
        }
        assertEquals(0, staged());
    }

    @Test
    void refusesAnArchiveWithoutFeaturesOrThatIsNoZip() throws Exception {
        Map<String, byte[]> onlyJar = new LinkedHashMap<>();
        onlyJar.put(JAR, bundle("be.imio.solutions.courrier", "2.0.0"));
        Path notZip = Files.writeString(dir.resolve("plain.kar"), "plain text");

        assertEquals("kar_without_features", assertThrows(ReleaseRefused.class, () -> inspect(kar(onlyJar))).code());
        assertEquals("not_a_kar", assertThrows(ReleaseRefused.class, () -> inspect(notZip)).code());
    }

    @Test
    void carriesTheFilesAnUploadAloneAcceptsAndNoOthers() throws Exception {
        String base = "repository/be/imio/solutions/courrier/2.0.0/courrier-2.0.0";
        // The review's archive: classifier jars and poms, a second features XML; and an archive in the archive.
        for (String suffix : new String[] {"-x.pom", "-evil-features.xml", "-tests.jar", "-x.jar", "-sources.pom",
            "-features.xml.pom", ".kar", "-javadoc.zip", ".pom.sha1", ".asc.asc", "-sources.jar.md5"}) {
            Map<String, byte[]> entries = goodKar();
            entries.put(base + suffix, suffix.endsWith("-features.xml") ? features("mvn:be.imio.solutions/courrier/2.0.0")
                    : new byte[] {1});
            ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(kar(entries)), suffix);
            assertEquals("kar_unsupported_file", refused.code(), suffix);
            assertEquals(400, refused.status());
            assertEquals(0, staged(), suffix);
        }
        // Companions are kept, as uploaded alone, and not inspected as bundles or poms.
        Map<String, byte[]> entries = goodKar();
        for (String suffix : new String[] {"-sources.jar", "-javadoc.jar", ".jar.asc", ".pom.asc", "-features.xml.asc",
            "-sources.jar.asc", ".kar.asc"}) {
            entries.put(base + suffix, new byte[] {1});
        }
        List<KarInspection.Carried> carried = inspect(kar(entries));
        assertEquals(9, carried.size());
        assertEquals(1, carried.stream().filter(KarInspection.Carried::isBundle).count());
        assertEquals(1, carried.stream().filter(KarInspection.Carried::isFeatures).count());
        for (String suffix : new String[] {"-x.pom", "-evil-features.xml", "-x.jar", ".kar"}) {
            assertTrue(!Release.isVersionFile("courrier-2.0.0" + suffix, "courrier-2.0.0", true), suffix);
        }
        assertTrue(Release.isVersionFile("courrier-2.0.0.kar", "courrier-2.0.0", false), "a .kar uploaded alone");
    }

    /**
     * The usual karaf-maven-plugin project: a bundle module and a kar module. The module is the
     * kar's features XML, named after the kar's artifactId, and its bundle must serve that name.
     */
    @Test
    void namesTheModuleAfterTheArchiveAndRefusesABundleServingAnotherName() throws Exception {
        String group = "repository/be/imio/solutions/";
        Map<String, byte[]> karNamedOtherwise = new LinkedHashMap<>();
        karNamedOtherwise.put(group + "registre/1.0.0/registre-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.registre", "[1.4,2)", "imio.module", "registre"));
        karNamedOtherwise.put(group + "registre-kar/1.0.0/registre-kar-1.0.0-features.xml", ("<features name=\"r\""
                + " xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"registre\" version=\"1.0.0\">"
                + "<feature>scr</feature><bundle>mvn:be.imio.solutions/registre/1.0.0</bundle></feature>"
                + "<feature name=\"registre-kar\" version=\"1.0.0\"><bundle>mvn:be.imio.solutions/registre/1.0.0</bundle>"
                + "</feature></features>").getBytes(StandardCharsets.UTF_8));
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> inspect(kar(karNamedOtherwise)));
        assertEquals("module_name_not_own", refused.code());
        assertTrue(refused.getMessage().contains("serves module 'registre'") && refused.getMessage().contains("module 'registre-kar'"),
                refused.getMessage());
        assertEquals(0, staged());

        Map<String, byte[]> karNamedAfterTheModule = new LinkedHashMap<>();
        karNamedAfterTheModule.put(group + "registre-core/1.0.0/registre-core-1.0.0.jar",
                TestBundles.bundle("be.imio.solutions.registre.core", "[1.4,2)", "imio.module", "registre"));
        karNamedAfterTheModule.put(group + "registre/1.0.0/registre-1.0.0-features.xml", ("<features name=\"r\""
                + " xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"registre\" version=\"1.0.0\">"
                + "<feature>scr</feature><bundle>mvn:be.imio.solutions/registre-core/1.0.0</bundle></feature>"
                + "</features>").getBytes(StandardCharsets.UTF_8));
        List<KarInspection.Carried> carried = inspect(kar(karNamedAfterTheModule));
        assertEquals("[1.4,2)", carried.get(1).features().hostApi(), "the module's host API range is its bundle's");
    }
}
