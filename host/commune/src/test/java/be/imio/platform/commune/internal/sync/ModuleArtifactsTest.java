package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Version;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;

class ModuleArtifactsTest {

    private static final String FEATURES_PATH = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0-features.xml";
    private static final String JAR_PATH = "be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar";
    private static final String BUNDLE = "mvn:be.imio.solutions/courrier/1.0.0";
    private static final byte[] JAR = jar("be.imio.solutions.courrier", null);
    private static final Version HOST_API = new Version(1, 3, 0);
    private static final long LIMIT = 1024 * 1024;

    @TempDir
    Path dir;

    /**
     * A bundle named {@code symbolicName}; with {@code second}, a second META-INF/MANIFEST.MF
     * naming that symbolic name follows, as an attacker writes it (the JDK refuses to write two
     * entries of one name, so the second is written under another name of the same length, renamed
     * in the bytes).
     */
    static byte[] jar(String symbolicName, String second) {
        try {
            java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
            try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
                zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MF"));
                zip.write(manifest(symbolicName));
                zip.putNextEntry(new java.util.zip.ZipEntry("a/B.class"));
                zip.write(new byte[] {1, 2, 3});
                if (second != null) {
                    zip.putNextEntry(new java.util.zip.ZipEntry("META-INF/MANIFEST.MX"));
                    zip.write(manifest(second));
                }
            }
            String latin = bytes.toString(StandardCharsets.ISO_8859_1).replace("META-INF/MANIFEST.MX", "META-INF/MANIFEST.MF");
            return latin.getBytes(StandardCharsets.ISO_8859_1);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static byte[] manifest(String symbolicName) {
        return ("Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + symbolicName
                + "\r\nBundle-Version: 1.0.0\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    }

    private RepositoryServer repository;
    private VerifiedCache cache;

    @BeforeEach
    void start() throws Exception {
        repository = new RepositoryServer();
        cache = new VerifiedCache(dir.resolve("verified"));
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private static String featuresXml(String feature, String version, String bundle) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<features name=\"courrier-1.0.0\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">\n"
                + "  <feature name=\"" + feature + "\" version=\"" + version + "\">\n"
                + "    <feature>scr</feature>\n"
                + "    <bundle>" + bundle + "</bundle>\n"
                + "  </feature>\n"
                + "</features>\n";
    }

    private Path file(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static Target target(String path, byte[] bytes, ObjectNode custom) {
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), custom);
    }

    private static ObjectNode custom(String version) {
        return JsonNodeFactory.instance.objectNode().put("groupId", "be.imio.solutions").put("artifactId", "courrier")
                .put("version", version).put("channel", "stable");
    }

    /** A catalogue of the features XML naming {@code bundle} and, when given, the jar target. */
    private ModuleRelease publish(String bundle, ObjectNode jarCustom, Map<String, Target> targets) {
        byte[] xml = featuresXml("courrier", "1.0.0", bundle).getBytes(StandardCharsets.UTF_8);
        repository.maven(FEATURES_PATH, xml);
        repository.maven(JAR_PATH, JAR);
        targets.put(FEATURES_PATH, target(FEATURES_PATH, xml, custom("1.0.0")));
        if (jarCustom != null) {
            targets.put(JAR_PATH, target(JAR_PATH, JAR, jarCustom));
        }
        return ModuleRelease.of(targets.get(FEATURES_PATH));
    }

    private ModuleArtifacts.Refused refusedFetch(ModuleRelease release, Map<String, Target> targets) {
        return assertThrows(ModuleArtifacts.Refused.class, () -> ModuleArtifacts.fetch(release, new Catalogue(targets),
                cache, repository.client(), LIMIT, HOST_API));
    }

    @Test
    void listsTheReferencesOfTheNamedFeature() throws Exception {
        Path xml = file("f.xml", featuresXml("courrier", "1.0.0", BUNDLE));

        assertEquals(List.of(BUNDLE), ModuleArtifacts.references(xml, "courrier", "1.0.0"));
        assertEquals(List.of(BUNDLE), ModuleArtifacts.references(xml, "courrier", "1.0"),
                "versions compare as versions, not as text");
    }

    @Test
    void refusesAFeaturesXmlWithoutTheNamedFeatureInThatVersion() throws Exception {
        Path xml = file("f.xml", featuresXml("courrier", "1.0.0", BUNDLE));

        ModuleArtifacts.Refused otherName = assertThrows(ModuleArtifacts.Refused.class,
                () -> ModuleArtifacts.references(xml, "urbanisme", "1.0.0"));
        assertTrue(otherName.getMessage().contains("defines no feature urbanisme 1.0.0"), otherName.getMessage());
        assertThrows(ModuleArtifacts.Refused.class, () -> ModuleArtifacts.references(xml, "courrier", "1.0.1"));
    }

    @Test
    void refusesAFeaturesXmlWithADoctype() throws Exception {
        Path xml = file("f.xml", "<?xml version=\"1.0\"?>\n<!DOCTYPE features [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>\n"
                + "<features><feature name=\"courrier\" version=\"1.0.0\"><bundle>&e;</bundle></feature></features>");

        ModuleArtifacts.Refused refused = assertThrows(ModuleArtifacts.Refused.class,
                () -> ModuleArtifacts.references(xml, "courrier", "1.0.0"));
        assertTrue(refused.getMessage().contains("unreadable features XML"), refused.getMessage());
    }

    @Test
    void fetchesTheFeaturesXmlAndEveryPinnedBundleIntoTheCache() throws Exception {
        Map<String, Target> targets = new LinkedHashMap<>();
        ModuleRelease release = publish(BUNDLE, custom("1.0.0").put("hostApi", "[1.2,2)"), targets);

        Path features = ModuleArtifacts.fetch(release, new Catalogue(targets), cache, repository.client(), LIMIT, HOST_API);

        assertEquals(cache.folder().resolve(FEATURES_PATH), features);
        assertArrayEquals(JAR, Files.readAllBytes(cache.folder().resolve(JAR_PATH)));
    }

    @Test
    void refusesABundleNotPinnedInTheCatalogue() {
        Map<String, Target> targets = new LinkedHashMap<>();
        ModuleRelease release = publish(BUNDLE, null, targets);

        ModuleArtifacts.Refused refused = refusedFetch(release, targets);

        assertTrue(refused.getMessage().contains(BUNDLE + " n'est pas dans les métadonnées signées"), refused.getMessage());
        assertEquals(0, repository.requests("/repository/maven/" + JAR_PATH));
    }

    @Test
    void refusesAReferenceThatIsNoMavenArtifact() {
        Map<String, Target> targets = new LinkedHashMap<>();
        ModuleRelease release = publish("http://evil.example/courrier.jar", custom("1.0.0"), targets);

        ModuleArtifacts.Refused refused = refusedFetch(release, targets);

        assertTrue(refused.getMessage().contains("reference not allowed"), refused.getMessage());
    }

    @Test
    void refusesARevokedBundle() {
        Map<String, Target> targets = new LinkedHashMap<>();
        ModuleRelease release = publish(BUNDLE, custom("1.0.0").put("revoked", true).put("revokedReason", "CVE-2026-1"),
                targets);

        ModuleArtifacts.Refused refused = refusedFetch(release, targets);

        assertTrue(refused.getMessage().contains("is revoked: CVE-2026-1"), refused.getMessage());
        assertEquals(0, repository.requests("/repository/maven/" + JAR_PATH));
    }

    @Test
    void refusesABundleBuiltForAnotherHostApi() {
        Map<String, Target> targets = new LinkedHashMap<>();
        ModuleRelease release = publish(BUNDLE, custom("1.0.0").put("hostApi", "[2,3)"), targets);

        ModuleArtifacts.Refused refused = refusedFetch(release, targets);

        assertTrue(refused.getMessage().contains("needs host API [2,3), this host offers 1.3.0"), refused.getMessage());
        assertEquals(0, repository.requests("/repository/maven/" + JAR_PATH));
    }

    /**
     * A features XML the repository should never have released (or released under older rules),
     * signed and pinned all the same: the host checks it again and installs nothing from it.
     */
    @Test
    void refusesAPinnedFeaturesXmlThatCouldFetchOrWriteOutsideTheTargets() throws Exception {
        Map<String, String> hostile = new LinkedHashMap<>();
        hostile.put("<config name=\"be.imio.solutions.courrier\" external=\"true\">http://evil.example/x.cfg</config>",
                "features_attribute_not_allowed");
        hostile.put("<configfile finalname=\"${karaf.etc}/users.properties\">" + BUNDLE + "</configfile>",
                "features_element_not_allowed");
        hostile.put("<library type=\"boot\">" + BUNDLE + "</library>", "features_element_not_allowed");
        hostile.put("<bundle>wrap:" + BUNDLE + "</bundle>", "external_reference");
        hostile.put("<bundle>blueprint:file:/tmp/evil.xml</bundle>", "external_reference");
        hostile.put("<conditional><condition>scr</condition><configfile finalname=\"/etc/cron.d/x\">" + BUNDLE
                + "</configfile></conditional>", "features_element_not_allowed");
        hostile.put("<config name=\"be.imio.platform.host\">repositoryUrl = http://evil.example/</config>",
                "config_outside_module");
        hostile.put("</feature><resource-repository>http://evil.example/index.xml</resource-repository>"
                + "<feature name=\"other\">", "features_element_not_allowed");
        for (var attack : hostile.entrySet()) {
            String xml = featuresXml("courrier", "1.0.0", BUNDLE).replace("<feature>scr</feature>", attack.getKey());
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            repository.maven(FEATURES_PATH, bytes);
            repository.maven(JAR_PATH, JAR);
            Map<String, Target> targets = new LinkedHashMap<>();
            targets.put(FEATURES_PATH, target(FEATURES_PATH, bytes, custom("1.0.0")));
            targets.put(JAR_PATH, target(JAR_PATH, JAR, custom("1.0.0")));
            cache = new VerifiedCache(Files.createTempDirectory(dir, "verified"));

            ModuleArtifacts.Refused refused = refusedFetch(ModuleRelease.of(targets.get(FEATURES_PATH)), targets);

            assertTrue(refused.getMessage().contains("refused by this host (" + attack.getValue() + ")"),
                    attack.getKey() + ": " + refused.getMessage());
            assertEquals(0, repository.requests("/repository/maven/" + JAR_PATH), "nothing more is downloaded");
        }
    }

    /** Publishes {@code bytes} as the module's jar, pinned, and answers the refusal of fetching the module. */
    private ModuleArtifacts.Refused refusedJar(byte[] bytes) {
        byte[] xml = featuresXml("courrier", "1.0.0", BUNDLE).getBytes(StandardCharsets.UTF_8);
        repository.maven(FEATURES_PATH, xml);
        repository.maven(JAR_PATH, bytes);
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put(FEATURES_PATH, target(FEATURES_PATH, xml, custom("1.0.0")));
        targets.put(JAR_PATH, target(JAR_PATH, bytes, custom("1.0.0")));
        return refusedFetch(ModuleRelease.of(targets.get(FEATURES_PATH)), targets);
    }

    @Test
    void refusesAPinnedJarThatReadsTwoWays() {
        ModuleArtifacts.Refused refused = refusedJar(jar("be.imio.platform.zz", "be.imio.solutions.courrier"));
        assertTrue(refused.getMessage().contains("is refused by this host (ambiguous_archive)")
                && refused.getMessage().contains("two entries of the same name: META-INF/MANIFEST.MF"),
                refused.getMessage());
    }

    @Test
    void refusesAPinnedJarNamedOutsideTheModulesGroup() throws Exception {
        for (String name : List.of("be.imio.platform.zz", "be.imio.solutionsx.courrier", "be.imio")) {
            ModuleArtifacts.Refused refused = refusedJar(jar(name, null));
            assertTrue(refused.getMessage().contains("has the symbolic name '" + name + "', outside the group"
                    + " be.imio.solutions of module be.imio.solutions:courrier"), refused.getMessage());
            cache = new VerifiedCache(dir.resolve("verified-" + name));
        }
    }

    @Test
    void refusesAModuleWhoseFeatureInstallsAnotherModulesBundle() throws Exception {
        // be.imio.solutions:courrier and aa.evil:piggy, whose feature lists courrier's bundle.
        Map<String, Target> targets = new LinkedHashMap<>();
        publish(BUNDLE, custom("1.0.0"), targets);
        String piggyPath = "aa/evil/piggy/1.0.0/piggy-1.0.0-features.xml";
        byte[] piggy = featuresXml("piggy", "1.0.0", BUNDLE).getBytes(StandardCharsets.UTF_8);
        repository.maven(piggyPath, piggy);
        targets.put(piggyPath, target(piggyPath, piggy, JsonNodeFactory.instance.objectNode().put("groupId", "aa.evil")
                .put("artifactId", "piggy").put("version", "1.0.0")));

        ModuleArtifacts.Refused refused = refusedFetch(ModuleRelease.of(targets.get(piggyPath)), targets);

        assertTrue(refused.getMessage().contains("aa.evil:piggy would install " + BUNDLE
                + ", the bundle of module be.imio.solutions:courrier"), refused.getMessage());
        assertEquals(0, repository.requests("/repository/maven/" + JAR_PATH), "nothing of it is downloaded");
    }

    @Test
    void refusesAFeatureDependencyThatOpensTheHost() throws Exception {
        for (String feature : List.of("webconsole", "management", "shell", "deployer", "war", "imio-web", "kar")) {
            String xml = featuresXml("courrier", "1.0.0", BUNDLE).replace("<feature>scr</feature>",
                    "<feature>" + feature + "</feature>");
            byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
            repository.maven(FEATURES_PATH, bytes);
            Map<String, Target> targets = new LinkedHashMap<>();
            targets.put(FEATURES_PATH, target(FEATURES_PATH, bytes, custom("1.0.0")));
            targets.put(JAR_PATH, target(JAR_PATH, JAR, custom("1.0.0")));
            cache = new VerifiedCache(Files.createTempDirectory(dir, "verified"));

            ModuleArtifacts.Refused refused = refusedFetch(ModuleRelease.of(targets.get(FEATURES_PATH)), targets);

            assertTrue(refused.getMessage().contains("refused by this host (feature_dependency_not_allowed)")
                    && refused.getMessage().contains("'" + feature + "'"), refused.getMessage());
        }
    }

    @Test
    void refusesAPinnedJarThatWiresIntoThePlatform() throws Exception {
        byte[] exporter = jar("be.imio.solutions.courrier\r\nExport-Package: be.imio.platform.api;version=\"1.9.0\"", null);
        ModuleArtifacts.Refused refused = refusedJar(exporter);
        assertTrue(refused.getMessage().contains("is refused by this host (export_outside_namespace)")
                && refused.getMessage().contains("exported package be.imio.platform.api"), refused.getMessage());
        cache = new VerifiedCache(dir.resolve("verified-fragment"));
        refused = refusedJar(jar("be.imio.solutions.courrier\r\nFragment-Host: be.imio.platform.commune", null));
        assertTrue(refused.getMessage().contains("(fragment_outside_namespace)"), refused.getMessage());
    }

    @Test
    void quotesTheRuleAJarBreaksInTheReadersLanguage() {
        byte[] exporter = jar("be.imio.solutions.courrier\r\nExport-Package: be.imio.platform.api;version=\"1.9.0\"", null);
        Message reason = refusedJar(exporter).words().message();
        assertEquals(BUNDLE + " wird von diesem Host abgelehnt (export_outside_namespace): das exportierte Paket"
                + " be.imio.platform.api liegt nicht im Namensraum des Herausgebers [be.imio.solutions]; nichts wurde"
                + " installiert", reason.in(Texts.GERMAN));
        assertEquals(BUNDLE + " est refusé par cet hôte (export_outside_namespace) : le paquet exporté"
                + " be.imio.platform.api n'est pas dans l'espace de noms de l'éditeur [be.imio.solutions] ; rien n'a été"
                + " installé", reason.in(Texts.FRENCH));
    }

    @Test
    void refusesAFeaturesRepositoryWhoseFeaturesNeedWhatOpensTheHost() throws Exception {
        String libPath = "be/imio/solutions/lib/1.0.0/lib-1.0.0-features.xml";
        byte[] lib = ("<features name=\"lib\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"lib\""
                + " version=\"1.0.0\"><feature>shell</feature></feature></features>").getBytes(StandardCharsets.UTF_8);
        byte[] xml = featuresXml("courrier", "1.0.0", BUNDLE).replace("<feature name=\"courrier\"",
                "<repository>mvn:be.imio.solutions/lib/1.0.0/xml/features</repository><feature name=\"courrier\"")
                .getBytes(StandardCharsets.UTF_8);
        repository.maven(FEATURES_PATH, xml);
        repository.maven(JAR_PATH, JAR);
        repository.maven(libPath, lib);
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put(FEATURES_PATH, target(FEATURES_PATH, xml, custom("1.0.0")));
        targets.put(JAR_PATH, target(JAR_PATH, JAR, custom("1.0.0")));
        targets.put(libPath, target(libPath, lib, JsonNodeFactory.instance.objectNode().put("groupId", "be.imio.solutions")
                .put("artifactId", "lib").put("version", "1.0.0")));

        ModuleArtifacts.Refused refused = refusedFetch(ModuleRelease.of(targets.get(FEATURES_PATH)), targets);

        assertTrue(refused.getMessage().contains("(feature_dependency_not_allowed)")
                && refused.getMessage().contains("'shell'"), refused.getMessage());
    }
}
