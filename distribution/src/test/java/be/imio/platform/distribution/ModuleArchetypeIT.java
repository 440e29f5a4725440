package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A developer outside this build writes a module as distribution/docs/modules.md says: {@code archetype:generate}
 * against a real central repository, in an empty folder, with Maven 3.9 and a local Maven
 * repository that holds nothing of the platform (only what Maven Central serves), then
 * {@code mvn deploy}, signed with the publisher's own key as the guide says (the key made by
 * {@code imio:keygen} under a pass-phrase, registered by iMio, named in {@code settings.xml}); a real
 * host enables the module the publisher signed, its page answers, its API keeps a note, its
 * health check runs. The platform's SDK (parent, API, JSON helpers, archetype, signing plugin)
 * comes from the central repository, which serves it from its first start and lets no publisher
 * replace it.
 */
class ModuleArchetypeIT {

    private static final String PUBLISHER = "publisher-archetype";
    private static final String PASSWORD = "Archetype-" + System.nanoTime();
    private static final String VERSION = System.getProperty("imio.version");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;
    private static RunningInstance host;
    private static Path work;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        // "be.imio": the platform's own group be.imio.platform is within this publisher's namespace.
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio", true);
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
        work = Files.createTempDirectory(distribution.root, "archetype-");
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    void aModuleGeneratedFromTheArchetypeBuildsReleasesAndRunsOnAHost() throws Exception {
        Path localRepository = localRepositoryWithoutThePlatform();
        Path key = work.resolve("home/.imio/publisher.key");
        String passphrase = "Une phrase de passe assez longue " + System.nanoTime();
        Path settings = Files.writeString(work.resolve("settings.xml"), "<settings><servers><server><id>imio</id>"
                + "<username>" + PUBLISHER + "</username><password>" + PASSWORD + "</password>"
                + "<privateKey>" + key + "</privateKey><passphrase>" + passphrase + "</passphrase></server></servers>"
                + "<profiles><profile><id>imio</id><repositories><repository><id>imio</id><url>" + repositoryUrl()
                + "</url><snapshots><enabled>true</enabled></snapshots></repository></repositories>"
                + "<pluginRepositories><pluginRepository><id>imio</id><url>" + repositoryUrl()
                + "</url><snapshots><enabled>true</enabled></snapshots></pluginRepository></pluginRepositories>"
                + "</profile></profiles><activeProfiles><activeProfile>imio</activeProfile></activeProfiles></settings>");
        Path empty = Files.createDirectories(work.resolve("empty"));

        // The publisher makes its key, and iMio registers its public half for the publisher's account.
        String made = maven(empty, settings, localRepository, "be.imio.platform:imio-maven-plugin:" + VERSION + ":keygen",
                "-Dimio.signing.key=" + key, "-Dimio.signing.passphrase=" + passphrase);
        assertTrue(made.contains("Send " + key + ".pub.json to iMio"), made);
        assertFalse(Files.readString(key).contains("BEGIN PRIVATE KEY"), "the private key is under the pass-phrase");
        HttpResponse<String> registered = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + "/api/repository/publishers/" + PUBLISHER + "/key"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:"
                        + repository.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(Files.readString(Path.of(key + ".pub.json")))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, registered.statusCode(), registered.body());
        // iMio's targets signing ceremony delegates the publisher's namespace to that key.
        String ceremony = repository.signTargets();
        assertTrue(ceremony.contains("publisher-" + PUBLISHER), ceremony);

        maven(empty, settings, localRepository, "org.apache.maven.plugins:maven-archetype-plugin:3.3.1:generate",
                "-DarchetypeGroupId=be.imio.platform", "-DarchetypeArtifactId=imio-module-archetype",
                "-DarchetypeVersion=" + VERSION, "-DgroupId=be.imio.solutions", "-DartifactId=etat-civil",
                "-Dpackage=be.imio.solutions.etatcivil", "-Dtitle=État civil", "-DtitleEn=Civil status",
                "-DrepositoryUrl=" + repositoryUrl());
        Path project = empty.resolve("etat-civil");
        assertTrue(Files.isRegularFile(project.resolve("pom.xml")), "the project is written");

        String deployed = maven(project, settings, localRepository, "deploy");
        assertTrue(deployed.contains("Tests run: 1, Failures: 0"), "its unit test ran: " + deployed);
        assertTrue(deployed.contains("into role publisher-" + PUBLISHER + " version 1"), "signed on deploy: " + deployed);
        HttpResponse<String> role = get("/repository/metadata/publisher-" + PUBLISHER + ".json");
        assertEquals(200, role.statusCode(), "the publisher's role is published");
        assertTrue(role.body().contains("etat-civil-1.0.0.jar") && role.body().contains("etat-civil-1.0.0-features.xml")
                && role.body().contains("etat-civil-1.0.0.pom"), "it pins every deployed file: " + role.body());
        // The platform came from the central repository, not from this machine's build.
        Path api = localRepository.resolve("be/imio/platform/imio-platform-api/" + VERSION);
        assertTrue(Files.readString(api.resolve("_remote.repositories")).contains(">imio="),
                "the API was resolved from the central repository: " + Files.readString(api.resolve("_remote.repositories")));

        String targets = get("/repository/metadata/targets.json").body();
        assertTrue(targets.contains("\"delegations\"") && targets.contains("publisher-" + PUBLISHER),
                "the top-level targets delegate the publisher's namespace to its role: " + targets);
        HttpResponse<String> pom = get("/repository/maven/be/imio/solutions/etat-civil/1.0.0/etat-civil-1.0.0.pom");
        assertEquals(200, pom.statusCode());
        assertFalse(pom.body().contains("<parent>"), "the released pom stands alone: " + pom.body());

        HostModule module = new HostModule(host, "etat-civil");
        module.sync();
        JsonNode enabled = module.operate("enable", "{}");
        assertEquals("succeeded", enabled.path("state").asText(), enabled.toString());
        HttpResponse<String> page = host.getAsAdmin("/modules/etat-civil/");
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.body().contains("<h1>État civil</h1>") && page.body().contains("Aucune note"), page.body());

        HttpResponse<String> note = host.post("/modules/etat-civil/api/notes", "{\"text\":\"Mariage Dupont : salle réservée\"}",
                "application/json", "admin:" + host.adminPassword());
        assertEquals(201, note.statusCode(), note.body());
        HttpResponse<String> invalid = host.post("/modules/etat-civil/api/notes", "{\"text\":\"  \"}", "application/json",
                "admin:" + host.adminPassword());
        assertEquals(400, invalid.statusCode(), invalid.body());
        // A request naming no language, as a program's: French then English; English alone beside it.
        JsonNode refusal = new com.fasterxml.jackson.databind.ObjectMapper().readTree(invalid.body());
        String both = "Le texte de la note est obligatoire. / The note's text is required.";
        assertEquals(both, refusal.path("fields").path("text").asText(), invalid.body());
        assertEquals(both, refusal.path("message").asText(), invalid.body());
        assertEquals("The note's text is required.", refusal.path("message_en").asText(), invalid.body());
        HttpResponse<String> german = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.httpPort
                + "/modules/etat-civil/api/notes")).POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"\"}"))
                .header("Content-Type", "application/json").header("Accept-Language", "de-BE, fr;q=0.5")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + host.adminPassword())
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, german.statusCode(), german.body());
        assertTrue(german.body().contains("Der Text der Notiz ist erforderlich."), "in German when the browser asks: "
                + german.body());
        HttpResponse<String> english = host.getAsAdmin("/modules/etat-civil/?lang=en");
        assertTrue(english.body().contains("<h1>Civil status</h1>") && english.body().contains("Mariage Dupont")
                && english.body().contains("by admin on "), english.body());

        JsonNode health = module.installed().path("health");
        assertEquals("UP", health.path("state").asText(), health.toString());
        assertTrue(health.path("message").asText().contains("1 note(s)"), "its own health check ran: " + health);
    }

    @Test
    void theRepositoryServesTheSdkAndNoPublisherCanReplaceIt() throws Exception {
        String parent = "/repository/maven/be/imio/platform/imio-module-parent/" + VERSION + "/imio-module-parent-" + VERSION
                + ".pom";
        HttpResponse<String> pom = get(parent);
        assertEquals(200, pom.statusCode());
        assertTrue(pom.body().contains("<artifactId>imio-module-parent</artifactId>"), pom.body());
        assertEquals("no-cache", pom.headers().firstValue("Cache-Control").orElse(""));
        assertEquals(sha1(pom.body().getBytes(StandardCharsets.UTF_8)), get(parent + ".sha1").body());
        for (String artifact : List.of("imio-platform-api", "imio-platform-web", "imio-module-archetype")) {
            String base = "/repository/maven/be/imio/platform/" + artifact + "/" + VERSION + "/" + artifact + "-" + VERSION;
            assertEquals(200, get(base + ".jar").statusCode(), base);
            HttpResponse<String> itsPom = get(base + ".pom");
            assertEquals(200, itsPom.statusCode(), base);
            assertFalse(itsPom.body().contains("<parent>"), "the SDK's poms stand alone: " + itsPom.body());
        }
        // Not in signed targets: hosts never install them.
        for (String signed : List.of("targets.json", "releases.json", "publisher-" + PUBLISHER + ".json")) {
            assertFalse(get("/repository/metadata/" + signed).body().contains("imio-platform-api"), signed);
        }

        // A publisher whose namespace covers the platform's group cannot release over them, in any version.
        byte[] before = get(parent).body().getBytes(StandardCharsets.UTF_8);
        for (String path : List.of("be/imio/platform/imio-module-parent/" + VERSION + "/imio-module-parent-" + VERSION + ".pom",
                "be/imio/platform/imio-platform-api/9.9.9/imio-platform-api-9.9.9.pom",
                "be/imio/platform/imio-module-archetype/9.9.9/imio-module-archetype-9.9.9.jar")) {
            HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(repositoryUrl() + "/" + path))
                    .PUT(HttpRequest.BodyPublishers.ofString("<project>forged</project>"))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                            .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(put.statusCode() >= 400 && put.statusCode() < 500, path + " → " + put.statusCode() + " " + put.body());
            assertTrue(put.body().contains("\"error\""), put.body());
        }
        assertEquals(new String(before, StandardCharsets.UTF_8), get(parent).body());
        assertEquals(404, get("/repository/maven/be/imio/platform/imio-platform-api/9.9.9/imio-platform-api-9.9.9.pom")
                .statusCode());
    }

    // ---- helpers ----

    private static String repositoryUrl() {
        return "http://127.0.0.1:" + repository.httpPort + "/repository/maven";
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String sha1(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(bytes));
    }

    /**
     * A local Maven repository holding what this machine's own one holds (what Maven Central served
     * it) but nothing of the platform: artifacts linked, not copied, where the file system allows.
     */
    private static Path localRepositoryWithoutThePlatform() throws IOException {
        Path source = Path.of(System.getProperty("user.home"), ".m2", "repository");
        Path target = work.resolve("m2");
        try (var files = Files.walk(source)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String relative = source.relativize(file).toString();
                if (relative.startsWith("be/imio") || relative.startsWith("be\\imio")) {
                    continue;
                }
                Path copy = target.resolve(relative);
                if (Files.isDirectory(file)) {
                    Files.createDirectories(copy);
                } else if (Files.isRegularFile(file)) {
                    // Artifacts never change once downloaded: linked. Maven rewrites its bookkeeping
                    // (_remote.repositories, metadata) in place: copied, so this machine's stays as it is.
                    String name = file.getFileName().toString();
                    boolean artifact = name.endsWith(".jar") || name.endsWith(".pom") || name.endsWith(".sha1");
                    try {
                        if (artifact) {
                            Files.createLink(copy, file);
                        } else {
                            Files.copy(file, copy);
                        }
                    } catch (IOException | UnsupportedOperationException e) {
                        Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            }
        }
        return target;
    }

    /** Runs Maven 3.9 in {@code folder} with {@code arguments}; answers its output once it ended with success. */
    private static String maven(Path folder, Path settings, Path localRepository, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("sh", Path.of(System.getProperty("imio.maven39"))
                .resolve("bin/mvn").toString(), "-B", "-ntp", "-s", settings.toString(),
                "-Dmaven.repo.local=" + localRepository));
        command.addAll(List.of(arguments));
        Path output = Files.createTempFile(work, "mvn-", ".out");
        ProcessBuilder builder = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true)
                .redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process mvn = builder.start();
        if (!mvn.waitFor(300, TimeUnit.SECONDS)) {
            mvn.destroyForcibly();
            throw new AssertionError("mvn " + String.join(" ", arguments) + " did not end within 300 s: "
                    + Files.readString(output));
        }
        String text = Files.readString(output);
        assertEquals(0, mvn.exitValue(), "mvn " + String.join(" ", arguments) + ": " + text);
        return text;
    }
}
