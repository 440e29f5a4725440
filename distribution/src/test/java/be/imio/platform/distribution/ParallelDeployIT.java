package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;

/**
 * Releasing with the Maven developers use: Maven 3.9 (fetched by the build from Maven Central)
 * sends a version's files in parallel, so a features XML may arrive before its jar; and a deploy
 * is run again after a failure. Each ends BUILD SUCCESS, the module installs on a host, and a
 * version is seen by hosts only once its features XML is released. Also the same files sent
 * by hand in every order, their sources, documentation and signatures, and other bytes under a
 * released name.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ParallelDeployIT {

    private static final String PUBLISHER = "publisher-parallel";
    private static final String PASSWORD = "Parallel-" + System.nanoTime();
    /** Reproducible builds: the same sources give the same bytes, as a real release build does. */
    private static final String REPRODUCIBLE = "project.build.outputTimestamp=2026-01-01T00:00:00Z";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;
    private static RunningInstance host;
    private static HostModule swap;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
        swap = new HostModule(host, "swap");
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void stockMaven39ReleasesAModuleThatAHostInstalls() throws Exception {
        Distribution.Result deployed = deploy(maven39(), "1.0.0");
        assertEquals(0, deployed.exitCode(), "mvn 3.9 deploy: " + deployed.output());
        // How the parallel upload went this time (the order varies from run to run).
        System.out.printf("Maven 3.9 deploy of swap 1.0.0: the features XML %s%n",
                repository.karafLog().contains("Features XML be/imio/solutions/swap/1.0.0/swap-1.0.0-features.xml from")
                        ? "arrived before its jar and waited for it" : "arrived after its jar");
        Map<String, Target> targets = signedTargets();
        String base = "be/imio/solutions/swap/1.0.0/swap-1.0.0";
        for (String file : List.of(".jar", ".pom", "-features.xml")) {
            assertTrue(targets.containsKey(base + file), base + file + " signed: " + targets.keySet());
        }
        swap.sync();
        assertEquals("succeeded", swap.operate("enable", "{\"version\":\"1.0.0\"}").path("state").asText());
        swap.awaitPage("swap 1.0.0", 10);
    }

    @Test
    @Order(2)
    void theSameDeployRunAgainSucceedsAndChangesNothing() throws Exception {
        long before = targetsVersion();
        Map<String, Target> targets = signedTargets();
        Distribution.Result again = deploy(maven39(), "1.0.0");
        assertEquals(0, again.exitCode(), "the same release sent again is a success: " + again.output());
        assertEquals(before, targetsVersion(), "and changes no metadata");
        assertEquals(targets.keySet(), signedTargets().keySet());

        // The machine's Maven (3.8, one file after the other) too, twice.
        assertEquals(0, deploy(List.of("mvn"), "1.1.0").exitCode());
        Distribution.Result twice = deploy(List.of("mvn"), "1.1.0");
        assertEquals(0, twice.exitCode(), twice.output());
        assertTrue(signedTargets().containsKey("be/imio/solutions/swap/1.1.0/swap-1.1.0-features.xml"));
    }

    @Test
    @Order(3)
    void filesSentInAnyOrderAreReleasedOnceTheirBundleIs() throws Exception {
        Path built = build("1.2.0");
        String base = "be/imio/solutions/swap/1.2.0/swap-1.2.0";
        byte[] features = Files.readAllBytes(built.resolve("target/feature/features.xml"));

        HttpResponse<String> first = put(base + "-features.xml", features);
        assertEquals(202, first.statusCode(), first.body());
        assertTrue(first.body().contains("\"message_en\""), first.body());
        assertEquals(200, put(base + "-features.xml.sha1", sha1(features)).statusCode(),
                "its checksum, sent right after it, is confirmed");
        assertEquals(400, put(base + "-features.xml.md5", "0123456789abcdef0123456789abcdef".getBytes(
                StandardCharsets.US_ASCII)).statusCode(), "a wrong one is not");
        assertFalse(signedTargets().containsKey(base + "-features.xml"), "waiting: not signed");
        assertEquals(404, get("/repository/maven/" + base + "-features.xml").statusCode(), "waiting: not served");
        swap.sync();
        assertFalse(host.getAsAdmin("/api/host/catalogue").body().contains("1.2.0"), "hosts do not see it");

        assertEquals(202, put(base + ".pom", Files.readAllBytes(built.resolve("pom.xml"))).statusCode(),
                "the pom waits for its jar too");
        assertFalse(signedTargets().containsKey(base + "-features.xml"), "a pom is not the bundle it waits for");
        assertEquals(201, put(base + ".jar", Files.readAllBytes(built.resolve("target/swap-1.2.0.jar"))).statusCode());
        Map<String, Target> targets = signedTargets();
        assertTrue(targets.containsKey(base + "-features.xml"), "released with its bundle: " + targets.keySet());
        assertTrue(targets.containsKey(base + ".pom"), "and the pom with its jar: " + targets.keySet());
        assertEquals(200, get("/repository/maven/" + base + "-features.xml").statusCode());

        // Sources, documentation and signatures: kept and served, never signed for hosts.
        for (String companion : List.of("-sources.jar", "-javadoc.jar", ".jar.asc", ".pom.asc", "-features.xml.asc")) {
            HttpResponse<String> kept = put(base + companion, ("kept " + companion).getBytes(StandardCharsets.UTF_8));
            assertEquals(201, kept.statusCode(), companion + ": " + kept.body());
            assertEquals(200, get("/repository/maven/" + base + companion).statusCode(), companion);
        }
        Set<String> companions = signedTargets().keySet().stream()
                .filter(p -> p.endsWith(".asc") || p.endsWith("-sources.jar") || p.endsWith("-javadoc.jar"))
                .collect(Collectors.toSet());
        assertEquals(Set.of(), companions, "no companion file in signed targets");

        // The same bytes again: a success that changes nothing; other bytes: a conflict.
        long version = targetsVersion();
        assertEquals(200, put(base + "-features.xml", features).statusCode());
        assertEquals(200, put(base + ".jar.asc", "kept .jar.asc".getBytes(StandardCharsets.UTF_8)).statusCode());
        assertEquals(version, targetsVersion());
        byte[] altered = new String(features, StandardCharsets.UTF_8).replace("</features>", "<!-- x --></features>")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> conflict = put(base + "-features.xml", altered);
        assertEquals(409, conflict.statusCode(), conflict.body());
        assertTrue(conflict.body().contains("\"already_released\"") && conflict.body().contains("\"message_en\""),
                conflict.body());
        assertEquals(409, put(base + "-sources.jar", "other".getBytes(StandardCharsets.UTF_8)).statusCode());

        swap.sync();
        assertEquals("succeeded", swap.operate("update", "{\"version\":\"1.2.0\"}").path("state").asText());
        swap.awaitPage("swap 1.2.0", 10);
    }

    @Test
    @Order(4)
    void aBundleAndKarReactorBuiltWithKarafsPackagingIsReleasedAndInstalled() throws Exception {
        // A parent, a bundle and a kar (karaf-maven-plugin) carrying that bundle and the module's
        // feature, deployed as one reactor: the kar holds a jar released a moment before and the
        // features XML it also attaches alone; neither is a conflict.
        Distribution distribution = Distribution.unpacked();
        Path project = Path.of(System.getProperty("imio.karProject"));
        String api = "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar");
        for (List<String> maven : List.of(maven39(), maven39(), List.of("mvn"))) {
            Distribution.Result deployed = distribution.mvnDeploy(maven, project, "", PUBLISHER, PASSWORD,
                    repository.httpPort, api);
            assertEquals(0, deployed.exitCode(), maven + " deploy of the kar reactor: " + deployed.output());
        }
        Map<String, Target> targets = signedTargets();
        for (String file : List.of("agenda/1.0.0/agenda-1.0.0.kar", "agenda/1.0.0/agenda-1.0.0-features.xml",
                "agenda-bundle/1.0.0/agenda-bundle-1.0.0.jar")) {
            assertTrue(targets.containsKey("be/imio/solutions/" + file), file + " signed: " + targets.keySet());
        }
        // The module's host API range is its bundle's, signed with the features XML that names the module.
        for (String file : List.of("agenda/1.0.0/agenda-1.0.0-features.xml", "agenda/1.0.0/agenda-1.0.0.kar")) {
            assertEquals("[1.2,2)", targets.get("be/imio/solutions/" + file).custom().path("hostApi").asText(), file);
        }
        HostModule agenda = new HostModule(host, "agenda");
        agenda.sync();
        JsonNode catalogue = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                host.getAsAdmin("/api/host/catalogue").body());
        JsonNode offered = null;
        for (JsonNode module : catalogue.path("modules")) {
            if (module.path("name").asText().equals("agenda")) {
                offered = module.path("releases").path(0);
            }
        }
        assertTrue(offered != null && offered.path("hostApi").asText().equals("[1.2,2)")
                && offered.path("compatible").asBoolean(), "the host sees the range: " + catalogue);
        JsonNode enabled = agenda.operate("enable", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", enabled.path("state").asText(), enabled.toString());
        HttpResponse<String> page = host.getAsAdmin("/modules/agenda/");
        assertEquals(200, page.statusCode(), page.body());
        assertEquals("agenda 1.0.0", page.body());
    }

    @Test
    @Order(5)
    void mavenPrintsWhyTheRepositoryRefusedAFile() throws Exception {
        // Maven prints a refused upload's status line, never its body: the reason is there.
        Distribution.Result refused = deploy(maven39(), "1.2.0-SNAPSHOT");
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("reason phrase: snapshot: "), refused.output());
        assertTrue(refused.output().contains("accepts releases only"), refused.output());
    }

    // ---- helpers ----

    private static List<String> maven39() {
        return List.of("sh", Path.of(System.getProperty("imio.maven39")).resolve("bin/mvn").toString());
    }

    private static Distribution.Result deploy(List<String> maven, String version) throws Exception {
        Distribution distribution = Distribution.unpacked();
        return distribution.mvnDeploy(maven, Path.of(System.getProperty("imio.swapModule")), "", PUBLISHER, PASSWORD,
                repository.httpPort, "module.version=" + version, REPRODUCIBLE,
                "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar"));
    }

    /** Builds the swap module at {@code version} (no deploy) and answers its folder. */
    private static Path build(String version) throws Exception {
        Distribution distribution = Distribution.unpacked();
        Path project = distribution.copyProject(Path.of(System.getProperty("imio.swapModule")));
        List<String> command = new ArrayList<>(List.of("mvn", "-B", "-ntp", "-q", "package", "-Dmodule.version="
                + version, "-D" + REPRODUCIBLE, "-Dapi.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar")));
        Process mvn = new ProcessBuilder(command).directory(project.toFile()).redirectErrorStream(true)
                .redirectOutput(project.resolve("mvn.out").toFile()).start();
        assertEquals(0, mvn.waitFor(), Files.readString(project.resolve("mvn.out")));
        return project;
    }

    private static HttpResponse<String> put(String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static byte[] sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1").digest(bytes))
                .getBytes(StandardCharsets.US_ASCII);
    }

    private static long targetsVersion() throws Exception {
        return SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version();
    }

    private static Map<String, Target> signedTargets() throws Exception {
        return MetadataDocuments.targetsOf(SignedMetadata.parse(get("/repository/metadata/targets.json").body()));
    }
}
