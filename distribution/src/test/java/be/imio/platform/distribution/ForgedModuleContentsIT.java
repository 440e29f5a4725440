package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;

/**
 * A host does not rely on the repository for what a module may hold. Here the repository's
 * rules are bypassed (as by the thief of its online keys, or a defect of the repository): signed
 * metadata served by a hostile mirror offers modules of {@code aa.evil} that the repository refuses
 * at release, and the host is asked to enable each. A jar with two manifests (the first naming the
 * platform's own symbolic name and exporting its API, as Karaf would read it), a bundle named in
 * another group, a bundle exporting the platform's API, a feature that installs iMio's courrier
 * bundle, a feature that depends on the web console: each is refused before Karaf sees it, with the
 * reason, nothing installed, and the host goes on enabling iMio's modules.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ForgedModuleContentsIT {

    private static final String IMIO = "publisher-imio";
    private static final String PASSWORD = "Imio-Secret-" + System.nanoTime();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String KARAF = "http://karaf.apache.org/xmlns/features/v1.6.0";

    private static RunningInstance repository;
    private static TamperingMirror mirror;
    private static StolenKeys stolen;
    private static RunningInstance host;

    @BeforeAll
    static void startRepositoryAMirrorOfferingForgedModulesAndAHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, IMIO, PASSWORD, "be.imio.platform");
        repository.start();
        stolen = new StolenKeys(repository);
        mirror = TamperingMirror.start(repository.httpPort);
        PluginReleases.publish(repository.httpPort, IMIO + ":" + PASSWORD, "courrier", "1.0.0");

        Map<String, byte[]> forged = new LinkedHashMap<>();
        // A jar with two manifests: Karaf reads the first manifest, a central-directory reader the second.
        forged.putAll(module("dupc", jar(List.of(manifest("be.imio.platform.zz",
                "Export-Package: be.imio.platform.api;version=\"1.9.0\"\r\n"), manifest("aa.evil.dupc", "")),
                "a/B.class"), "<bundle>mvn:aa.evil/dupc/1.0.0</bundle>"));
        forged.putAll(module("alias", jar(List.of(manifest("be.imio.platform.courrier", "")), "a/B.class"),
                "<bundle>mvn:aa.evil/alias/1.0.0</bundle>"));
        // One manifest, its own name, but the platform's API exported: Karaf would rewire the host to it.
        forged.putAll(module("exporter", jar(List.of(manifest("aa.evil.exporter",
                "Export-Package: be.imio.platform.api;version=\"1.9.0\"\r\n")), "a/B.class"),
                "<bundle>mvn:aa.evil/exporter/1.0.0</bundle>"));
        forged.putAll(module("piggy", jar(List.of(manifest("aa.evil.piggy", "")), "a/B.class"),
                "<bundle>mvn:aa.evil/piggy/1.0.0</bundle><bundle>mvn:be.imio.platform/courrier/1.0.0</bundle>"));
        forged.putAll(module("panel", jar(List.of(manifest("aa.evil.panel", "")), "a/B.class"),
                "<feature>webconsole</feature><bundle>mvn:aa.evil/panel/1.0.0</bundle>"));
        // A configuration for the OSGi Configurator, which would write the platform's settings.
        forged.putAll(module("settings", jar(List.of(manifest("aa.evil.settings", "Require-Capability: osgi.extender;"
                + "filter:=\"(&(osgi.extender=osgi.configurator)(version>=1.0))\"\r\n")), "OSGI-INF/configurator/evil.json"),
                "<bundle>mvn:aa.evil/settings/1.0.0</bundle>"));
        forged.putAll(module("blue", jar(List.of(manifest("aa.evil.blue", "")), "OSGI-INF/blueprint/context.xml"),
                "<bundle>mvn:aa.evil/blue/1.0.0</bundle>"));
        serveForged(forged);

        host = RunningInstance.hostOf(distribution, repository, mirror.url());
        host.start();
        HttpResponse synced = new HttpResponse(host.postAsAdmin("/api/host/sync", "{}"));
        assertEquals(200, synced.status(), synced.body());
        assertTrue(synced.json().path("warning").isNull(), "the forged metadata is accepted: " + synced.body());
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, mirror, repository);
    }

    /** A response's status, body and JSON. */
    private record HttpResponse(int status, String body) {
        HttpResponse(java.net.http.HttpResponse<String> response) {
            this(response.statusCode(), response.body());
        }

        JsonNode json() throws Exception {
            return JSON.readTree(body);
        }
    }

    private static String manifest(String symbolicName, String extra) {
        return "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + symbolicName
                + "\r\nBundle-Version: 1.0.0\r\n" + extra + "\r\n";
    }

    /**
     * A jar whose entries are {@code manifests}, each as META-INF/MANIFEST.MF, then {@code file}: the
     * JDK writes no two entries of one name, so the later ones are written under a name of the same
     * length and renamed in the bytes, as a hand-written archive would have them.
     */
    static byte[] jar(List<String> manifests, String file) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < manifests.size(); i++) {
                zip.putNextEntry(new ZipEntry(i == 0 ? "META-INF/MANIFEST.MF" : "META-INF/MANIFEST.M" + i));
                zip.write(manifests.get(i).getBytes(StandardCharsets.UTF_8));
                if (i == 0) {
                    zip.putNextEntry(new ZipEntry(file));
                    zip.write(new byte[] {(byte) 0xCA, (byte) 0xFE});
                }
            }
        }
        String latin = bytes.toString(StandardCharsets.ISO_8859_1);
        for (int i = 1; i < manifests.size(); i++) {
            latin = latin.replace("META-INF/MANIFEST.M" + i, "META-INF/MANIFEST.MF");
        }
        return latin.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The jar and features XML of {@code aa.evil:NAME:1.0.0}, by path. */
    private static Map<String, byte[]> module(String name, byte[] jar, String feature) {
        String base = "aa/evil/" + name + "/1.0.0/" + name + "-1.0.0";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(base + ".jar", jar);
        files.put(base + "-features.xml", ("<features name=\"" + name + "\" xmlns=\"" + KARAF + "\"><feature name=\""
                + name + "\" version=\"1.0.0\">" + feature + "</feature></features>").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    /**
     * Serves, through the mirror, the repository's targets with {@code files} added as releases of
     * aa.evil (entries as the repository writes them for iMio's courrier), and a snapshot and
     * timestamp pinning them, signed with the repository's keys; and the files themselves.
     */
    private static void serveForged(Map<String, byte[]> files) throws Exception {
        SignedMetadata realTargets = stolen.published(Role.TARGETS);
        SignedMetadata realSnapshot = stolen.published(Role.SNAPSHOT);
        long version = Math.max(System.currentTimeMillis(), stolen.published(Role.TIMESTAMP).version() + 1);
        SignedMetadata targets = stolen.resign(realTargets, version, realTargets.expires(), Role.TARGETS, signed -> {
            ObjectNode entries = (ObjectNode) signed.get("targets");
            files.forEach((path, bytes) -> {
                String[] parts = path.split("/");
                ObjectNode custom = template(realTargets, path).deepCopy();
                List.of("title", "description", "category", "notes", "dependencies", "hostApi", "symbolicName", "about")
                        .forEach(custom::remove);
                custom.put("groupId", "aa.evil").put("artifactId", parts[2]).put("version", "1.0.0")
                        .put("releasedBy", "publisher-evil").put("releasedAt", Instant.now().toString());
                ObjectNode entry = entries.putObject(path);
                entry.put("length", bytes.length);
                entry.putObject("hashes").put("sha256", StolenKeys.sha256(bytes));
                entry.set("custom", custom);
                mirror.replace("/repository/maven/" + path, bytes);
            });
        });
        SignedMetadata snapshot = stolen.resign(realSnapshot, version, realSnapshot.expires(), Role.SNAPSHOT,
                signed -> StolenKeys.pin((ObjectNode) signed.get("meta"), targets));
        mirror.replace(StolenKeys.METADATA + version + ".targets.json", targets.toBytes());
        mirror.replace(StolenKeys.METADATA + version + ".snapshot.json", snapshot.toBytes());
        mirror.replace(StolenKeys.TIMESTAMP, stolen.timestampPinning(snapshot, version).toBytes());
    }

    /** The {@code custom} of iMio's courrier file of the same kind as {@code path}. */
    private static JsonNode template(SignedMetadata targets, String path) {
        String kind = path.endsWith("-features.xml") ? "-features.xml" : ".jar";
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.signed().path("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (entry.getKey().startsWith("be/imio/platform/courrier/") && entry.getKey().endsWith(kind)) {
                return entry.getValue().path("custom");
            }
        }
        throw new AssertionError("no " + kind + " of iMio's courrier in " + targets.signed());
    }

    /** Enables {@code aa.evil:NAME} 1.0.0 and answers the finished operation. */
    private static JsonNode enable(String id) throws Exception {
        HttpResponse queued = new HttpResponse(host.postAsAdmin("/api/host/modules/" + id + "/enable",
                "{\"version\":\"1.0.0\"}"));
        assertEquals(202, queued.status(), "the host offers " + id + " from the signed metadata: " + queued.body());
        return host.awaitOperation(queued.json().path("operation").path("id").asLong(), 120);
    }

    /** Enables {@code aa.evil:NAME}: refused with {@code reason} before anything is installed. */
    private static void assertRefusedAndNothingInstalled(String name, String... reason) throws Exception {
        JsonNode operation = enable("aa.evil:" + name);
        assertEquals("failed", operation.path("state").asText(), operation.toString());
        String said = operation.path("reason").asText();
        assertTrue(said.contains("rien n'a changé") && said.contains("nothing changed"), said);
        for (String part : reason) {
            assertTrue(said.contains(part), "the reason says " + part + ": " + said);
        }
        String bundles = host.bundleList();
        assertFalse(bundles.contains("aa.evil") || bundles.contains("be.imio.platform.zz"), "Karaf runs nothing of"
                + " aa.evil: " + bundles);
        for (JsonNode module : JSON.readTree(host.getAsAdmin("/api/host/modules").body()).path("modules")) {
            assertFalse("aa.evil".equals(module.path("groupId").asText()), "no module of aa.evil: " + module);
        }
    }

    @Test
    @Order(1)
    void aJarThatReadsTwoWaysIsRefused() throws Exception {
        assertRefusedAndNothingInstalled("dupc", "mvn:aa.evil/dupc/1.0.0 is refused by this host (ambiguous_archive)",
                "two entries of the same name: META-INF/MANIFEST.MF");
    }

    @Test
    @Order(2)
    void aBundleNamedInAnotherGroupIsRefused() throws Exception {
        assertRefusedAndNothingInstalled("alias", "has the symbolic name 'be.imio.platform.courrier', outside the group"
                + " aa.evil of module aa.evil:alias");
    }

    @Test
    @Order(3)
    void aBundleThatExportsThePlatformsApiIsRefused() throws Exception {
        assertRefusedAndNothingInstalled("exporter", "mvn:aa.evil/exporter/1.0.0 is refused by this host"
                + " (export_outside_namespace)", "exported package be.imio.platform.api");
    }

    @Test
    @Order(3)
    void aModuleThatInstallsAnotherModulesBundleIsRefused() throws Exception {
        assertRefusedAndNothingInstalled("piggy", "aa.evil:piggy would install mvn:be.imio.platform/courrier/1.0.0, the"
                + " bundle of module be.imio.platform:courrier", "installerait");
        assertEquals(404, host.getAsAdmin("/modules/courrier/").statusCode(), "courrier's pages are not served");
    }

    @Test
    @Order(4)
    void aFeatureThatNeedsTheWebConsoleIsRefused() throws Exception {
        assertRefusedAndNothingInstalled("panel", "(feature_dependency_not_allowed)", "'webconsole'");
        String installed = host.shell("admin", host.adminPassword(), "feature:list -i");
        assertTrue(installed.contains("imio-host"), installed);
        assertFalse(installed.contains("webconsole"), "the web console was not installed: " + installed);
    }

    @Test
    @Order(4)
    void aBundleThatDeclaresWorkForAnotherExtenderIsRefusedAndTheConfiguratorIsNotRunning() throws Exception {
        String settingsBefore = Files.readString(host.dir.resolve("etc/be.imio.platform.web.cfg"));
        assertRefusedAndNothingInstalled("settings", "(extender_not_allowed)", "osgi.configurator");
        assertRefusedAndNothingInstalled("blue", "(extender_not_allowed)", "OSGI-INF/blueprint/");
        assertEquals(settingsBefore, Files.readString(host.dir.resolve("etc/be.imio.platform.web.cfg")));
        String bundles = host.bundleList();
        assertTrue(bundles.contains("org.apache.felix.scr") && !bundles.contains("org.apache.felix.configurator"),
                "Declarative Services runs, the OSGi Configurator is not in the distribution: " + bundles);
    }

    @Test
    @Order(5)
    void theHostStillEnablesIMiosModules() throws Exception {
        JsonNode enabled = enable("be.imio.platform:courrier");
        assertEquals("succeeded", enabled.path("state").asText(), enabled.toString());
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode(), "iMio's courrier serves its page");
    }
}
