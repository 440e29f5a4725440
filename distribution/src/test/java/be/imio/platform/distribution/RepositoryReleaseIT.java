package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TrustRoot;

/**
 * iMio's developer releases with a real {@code mvn deploy}; the repository checks each upload,
 * keeps releases immutable and lists them in signed targets metadata.
 */
class RepositoryReleaseIT {

    private static final String PUBLISHER = "publisher-ci";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;

    @BeforeAll
    static void startRepositoryWithAPublisher() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), PUBLISHER, PASSWORD,
                "be.imio.solutions");
        repository.addAccount("viewer-ci", PASSWORD, "_g_:viewergroup");
        repository.start();
    }

    @AfterAll
    static void stop() throws Exception {
        repository.close();
    }

    private static Distribution.Result mvnDeploy(String group, String version) throws Exception {
        return Distribution.unpacked().mvnDeploy(Path.of(System.getProperty("imio.sample")), PUBLISHER, PASSWORD,
                repository.httpPort, "sample.group=" + group, "sample.version=" + version);
    }

    private static HttpResponse<String> put(String path, byte[] body, String credentials) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                    credentials.getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private static Map<String, Target> signedTargets() throws Exception {
        TrustRoot root = TrustRoot.initial(SignedMetadata.parse(get("/repository/metadata/root.json").body()));
        SignedMetadata targets = SignedMetadata.parse(get("/repository/metadata/targets.json").body());
        root.verify(targets, Role.TARGETS, Instant.now());
        return MetadataDocuments.targetsOf(targets);
    }

    private static byte[] jar(String symbolicName, String version, String... entries) throws Exception {
        return jarImporting("be.imio.platform.api;version=\"[1.4,2)\"", symbolicName, version, entries);
    }

    private static byte[] jarImporting(String imports, String symbolicName, String version, String... entries)
            throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (symbolicName != null) {
            manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
            manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
            manifest.getMainAttributes().putValue("Bundle-Version", version);
            if (imports != null) {
                manifest.getMainAttributes().putValue("Import-Package", imports);
            }
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (String entry : entries) {
                jar.putNextEntry(new ZipEntry(entry));
                jar.closeEntry();
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void mvnDeployReleasesIntoSignedTargetsOnceAndOnlyOnce() throws Exception {
        long started = System.nanoTime();
        Distribution.Result first = mvnDeploy("be.imio.solutions", "1.0.0");
        assertEquals(0, first.exitCode(), first.output());
        System.out.printf("mvn deploy of the sample module: %.1f s (build included)%n", (System.nanoTime() - started) / 1e9);

        String path = "be/imio/solutions/sample/1.0.0/sample-1.0.0.jar";
        Target target = signedTargets().get(path);
        assertTrue(target != null, "the jar is pinned in signed targets metadata");
        assertEquals("testing", target.custom().path("channel").asText());
        assertEquals(PUBLISHER, target.custom().path("releasedBy").asText());
        assertEquals("be.imio.solutions.sample", target.custom().path("symbolicName").asText());
        assertEquals("[1.0,2)", target.custom().path("hostApi").asText());
        byte[] served = get("/repository/maven/" + path).body();
        assertTrue(target.matches(served), "the served bytes are the pinned bytes");
        assertTrue(new String(get("/repository/maven/be/imio/solutions/sample/maven-metadata.xml").body(),
                StandardCharsets.UTF_8).contains("<version>1.0.0</version>"));
        long targetsVersion = SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version();

        Distribution.Result again = mvnDeploy("be.imio.solutions", "1.0.0");
        assertNotEquals(0, again.exitCode(), "a release cannot be replaced");
        assertTrue(again.output().contains("409"), again.output());
        assertArrayEquals(served, get("/repository/maven/" + path).body(), "the released bytes are unchanged");
        assertEquals(targetsVersion, SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version(),
                "a refused upload changes no metadata");

        assertEquals(0, mvnDeploy("be.imio.solutions", "1.1.0").exitCode());
        assertTrue(signedTargets().containsKey("be/imio/solutions/sample/1.1.0/sample-1.1.0.jar"));
    }

    private static HttpResponse<String> post(String path, String json, String credentials, String type) throws Exception {
        return send("POST", "/api/repository/releases/" + path, json, credentials, type);
    }

    @Test
    void promotionAndRevocationAreAdminActsSignedIntoTheMetadata() throws Exception {
        String admin = "admin:" + repository.adminPassword();
        String path = "be/imio/solutions/promo/1.0.0/promo-1.0.0.jar";
        assertEquals(201, put(path, jar("be.imio.solutions.promo", "1.0.0"), PUBLISHER + ":" + PASSWORD).statusCode());
        assertEquals("testing", signedTargets().get(path).custom().path("channel").asText());

        assertEquals(403, post("be.imio.solutions:promo:1.0.0/promote", "{}", "viewer-ci:" + PASSWORD,
                "application/json").statusCode(), "a viewer cannot promote");
        assertEquals(415, post("be.imio.solutions:promo:1.0.0/promote", "{}", admin, "application/x-www-form-urlencoded")
                .statusCode(), "a form post (cross-site) is refused");
        assertEquals("testing", signedTargets().get(path).custom().path("channel").asText());

        long before = SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version();
        assertEquals(200, post("be.imio.solutions:promo:1.0.0/promote", "{}", admin, "application/json").statusCode());
        assertEquals("stable", signedTargets().get(path).custom().path("channel").asText());
        assertTrue(SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version() > before);
        assertEquals(409, post("be.imio.solutions:promo:1.0.0/promote", "{}", admin, "application/json").statusCode(),
                "already stable");

        assertEquals(400, post("be.imio.solutions:promo:1.0.0/revoke", "{}", admin, "application/json").statusCode(),
                "a revocation needs a reason");
        assertEquals(200, post("be.imio.solutions:promo:1.0.0/revoke", "{\"reason\":\"faille de sécurité\"}", admin,
                "application/json").statusCode());
        Target revoked = signedTargets().get(path);
        assertTrue(revoked.custom().path("revoked").asBoolean(), "hosts learn of the revocation from signed metadata");
        assertEquals("faille de sécurité", revoked.custom().path("revokedReason").asText());
        assertEquals(404, post("be.imio.solutions:nothing:9.9.9", "{}", admin, "application/json").statusCode());
        assertEquals(409, post("be.imio.solutions:nothing:9.9.9/promote", "{}", admin, "application/json").statusCode());

        String listing = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/api/repository/releases/")).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString(("viewer-ci:" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        assertTrue(listing.contains("\"revokedReason\":\"faille de sécurité\""), listing);
    }

    private static HttpResponse<String> send(String method, String path, String body, String credentials, String type)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (credentials != null) {
            request.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (type != null) {
            request.header("Content-Type", type);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void registeredHostsReportWhatTheyRun() throws Exception {
        String admin = "admin:" + repository.adminPassword();
        HttpResponse<String> registered = send("POST", "/api/repository/hosts/", "{\"id\":\"namur\"}", admin, "application/json");
        assertEquals(201, registered.statusCode(), registered.body());
        String token = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(registered.body())
                .path("token").asText();
        assertTrue(token.length() >= 40, "a long random credential");
        assertEquals(409, send("POST", "/api/repository/hosts/", "{\"id\":\"namur\"}", admin, "application/json").statusCode());
        assertEquals(400, send("POST", "/api/repository/hosts/", "{\"id\":\"Namur <x>\"}", admin, "application/json").statusCode());
        assertEquals(403, send("POST", "/api/repository/hosts/", "{\"id\":\"liege\"}", "viewer-ci:" + PASSWORD,
                "application/json").statusCode());

        String report = "{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0\",\"health\":\"UP\"}],"
                + "\"lastSync\":\"2026-11-28T10:00:00Z\"}";
        assertEquals(401, send("POST", "/repository/reports", report, null, "application/json").statusCode());
        assertEquals(401, send("POST", "/repository/reports", report, "namur:" + token + "x", "application/json").statusCode());
        assertEquals(401, send("POST", "/repository/reports", report, "liege:" + token, "application/json").statusCode());
        assertEquals(400, send("POST", "/repository/reports", "[1,2]", "namur:" + token, "application/json").statusCode());
        assertEquals(413, send("POST", "/repository/reports", "{\"x\":\"" + "a".repeat(40_000) + "\"}",
                "namur:" + token, "application/json").statusCode());
        assertEquals(204, send("POST", "/repository/reports", report, "namur:" + token, "application/json").statusCode());

        String fleet = send("GET", "/api/repository/hosts/", null, "viewer-ci:" + PASSWORD, null).body();
        assertTrue(fleet.contains("\"id\":\"namur\"") && fleet.contains("\"name\":\"courrier\"")
                && fleet.contains("\"lastReportAt\""), fleet);
        assertFalse(fleet.contains(token), "the credential is never shown again");
    }

    private static String shell(String commands) throws Exception {
        return repository.shell("admin", repository.adminPassword(), commands);
    }

    @Test
    void theKarafShellPromotesRevokesAndRegistersHosts() throws Exception {
        String path = "be/imio/solutions/shelled/1.0.0/shelled-1.0.0.jar";
        assertEquals(201, put(path, jar("be.imio.solutions.shelled", "1.0.0"), PUBLISHER + ":" + PASSWORD).statusCode());

        String out = shell("imio:release-promote be.imio.solutions:shelled:1.0.0\n"
                + "imio:host-register liege\n"
                + "imio:release-list | grep shelled\n"
                + "imio:host-list | grep liege");

        assertTrue(out.contains("Promoted be.imio.solutions:shelled:1.0.0 to stable"), out);
        assertTrue(java.util.regex.Pattern.compile("Registered host liege\\. Its credential, shown only now:\\s*\\R[A-Za-z0-9_-]{20,}\\s*\\R")
                .matcher(out).find(), "the credential alone on the line after the sentence, for a script: " + out);
        assertTrue(out.contains("shelled-1.0.0.jar"), out);
        assertEquals("stable", signedTargets().get(path).custom().path("channel").asText());

        String revoked = shell("imio:release-revoke be.imio.solutions:shelled:1.0.0 \"paquet défectueux\"");
        assertTrue(revoked.contains("Revoked be.imio.solutions:shelled:1.0.0"), revoked);
        assertTrue(signedTargets().get(path).custom().path("revoked").asBoolean());

        // In the language the session names, alone; a refusal fails the command and changes nothing.
        String again = shell("LANG = de_BE.UTF-8\nimio:release-revoke be.imio.solutions:shelled:1.0.0 \"noch einmal\"");
        assertTrue(again.contains("Nichts geändert: be.imio.solutions:shelled:1.0.0 ist unbekannt oder schon widerrufen.")
                && !again.contains("Nothing changed"), again);
        String french = shell("LANG = fr_BE.UTF-8\nimio:release-list");
        assertTrue(french.contains("Publiée par") && french.contains("paquet défectueux") && !french.contains("Released by"),
                french);
    }

    @Test
    void aFeaturesXmlMayNameOnlyArtifactsReleasedHere() throws Exception {
        String publisher = PUBLISHER + ":" + PASSWORD;
        assertEquals(201, put("be/imio/solutions/mail/1.0.0/mail-1.0.0.jar", jar("be.imio.solutions.mail", "1.0.0"),
                publisher).statusCode());
        String features = "<features name=\"mail\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                + "<feature name=\"mail\" version=\"1.0.0\"><feature>scr</feature>"
                + "<bundle>mvn:be.imio.solutions/mail/%s</bundle></feature></features>";

        // Naming a bundle not released yet, it waits for it, unseen by hosts (see ParallelDeployIT).
        String path = "be/imio/solutions/mail-features/1.0.0/mail-features-1.0.0-features.xml";
        HttpResponse<String> unreleased = put(path, String.format(features, "2.0.0").getBytes(StandardCharsets.UTF_8),
                publisher);
        assertEquals(202, unreleased.statusCode(), unreleased.body());
        assertTrue(unreleased.body().contains("\"status\":\"pending\""), unreleased.body());
        assertFalse(signedTargets().containsKey(path), "a waiting features XML is not in signed targets");
        assertEquals(404, get("/repository/maven/" + path).statusCode(), "nor served");

        // Sent again whole, naming the released bundle, it replaces what waited.
        assertEquals(201, put(path, String.format(features, "1.0.0").getBytes(StandardCharsets.UTF_8), publisher)
                .statusCode());
        assertTrue(signedTargets().containsKey(path));
        // A bundle released later does not bring back the document it replaced.
        assertEquals(201, put("be/imio/solutions/mail/2.0.0/mail-2.0.0.jar", jar("be.imio.solutions.mail", "2.0.0"),
                publisher).statusCode());
        assertTrue(new String(get("/repository/maven/" + path).body(), StandardCharsets.UTF_8)
                .contains("mvn:be.imio.solutions/mail/1.0.0"), "the released features XML is the one sent last");
    }

    /** A .kar as karaf-maven-plugin builds it: the module's artifacts under repository/. */
    private static byte[] kar(String version, String extraEntry) throws Exception {
        String folder = "repository/be/imio/solutions/agenda/" + version + "/agenda-" + version;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (java.util.zip.ZipOutputStream zip = new java.util.zip.ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(folder + ".jar"));
            zip.write(jar("be.imio.solutions.agenda", version, "be/imio/solutions/agenda/Agenda.class"));
            zip.putNextEntry(new ZipEntry(folder + "-features.xml"));
            zip.write(("<features name=\"agenda\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\">"
                    + "<feature name=\"agenda\" version=\"" + version + "\"><feature>scr</feature>"
                    + "<bundle>mvn:be.imio.solutions/agenda/" + version + "</bundle></feature></features>")
                    .getBytes(StandardCharsets.UTF_8));
            if (extraEntry != null) {
                zip.putNextEntry(new ZipEntry(extraEntry));
                zip.write(new byte[] {1});
            }
        }
        return bytes.toByteArray();
    }

    @Test
    void aKarReleasesEverythingItCarriesTogetherOrNothing() throws Exception {
        String publisher = PUBLISHER + ":" + PASSWORD;
        String karPath = "be/imio/solutions/agenda/2.0.0/agenda-2.0.0.kar";
        HttpResponse<String> resources = put(karPath, kar("2.0.0", "resources/etc/users.properties"), publisher);
        assertEquals(400, resources.statusCode());
        assertTrue(resources.body().contains("\"error\":\"kar_outside_repository\""), resources.body());
        assertFalse(signedTargets().containsKey("be/imio/solutions/agenda/2.0.0/agenda-2.0.0.jar"),
                "a refused archive releases none of its artifacts");

        byte[] agenda = kar("2.0.0", null);
        assertEquals(201, put(karPath, agenda, publisher).statusCode());
        Map<String, Target> targets = signedTargets();
        for (String released : new String[] {karPath, "be/imio/solutions/agenda/2.0.0/agenda-2.0.0.jar",
                "be/imio/solutions/agenda/2.0.0/agenda-2.0.0-features.xml"}) {
            assertTrue(targets.containsKey(released), released + " in signed targets");
            assertEquals(200, get("/repository/maven/" + released).statusCode(), released);
        }
        // What the module needs is in its texts file, pinned by targets and named by its features XML's entry.
        Target about = targets.get(targets.get("be/imio/solutions/agenda/2.0.0/agenda-2.0.0-features.xml").custom()
                .path("about").asText());
        byte[] aboutFile = get("/repository/maven/" + about.path()).body();
        assertTrue(about.matches(aboutFile), "the texts file served is the one pinned");
        assertEquals("scr", com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(aboutFile)
                .path("about").path("dependencies").path(0).asText());

        long targetsVersion = SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version();
        HttpResponse<String> again = put(karPath, agenda, publisher);
        assertEquals(200, again.statusCode(), "the same archive again changes nothing: " + again.body());
        assertEquals(targetsVersion, SignedMetadata.parse(get("/repository/metadata/targets.json").body()).version());
        HttpResponse<String> overlapping = put("be/imio/solutions/agenda-all/2.0.0/agenda-all-2.0.0.kar", agenda,
                publisher);
        assertEquals(201, overlapping.statusCode(), "an archive carrying released artifacts, byte for byte: "
                + overlapping.body());
        // Built again, the bundle inside has other bytes (its entries' times): a conflict, nothing released.
        Thread.sleep(2100);
        HttpResponse<String> rebuilt = put("be/imio/solutions/agenda-again/2.0.0/agenda-again-2.0.0.kar",
                kar("2.0.0", null), publisher);
        assertEquals(409, rebuilt.statusCode(), rebuilt.body());
        assertFalse(signedTargets().containsKey("be/imio/solutions/agenda-again/2.0.0/agenda-again-2.0.0.kar"));
    }

    @Test
    void aNewPublisherCanReleaseTheMomentItsCreationIsAnswered() throws Exception {
        String admin = "admin:" + repository.adminPassword();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> created = send("POST", "/api/repository/publishers/", "{\"account\":\"loop-" + i
                    + "\",\"namespaces\":[\"be.imio.loop" + i + "\"]}", admin, "application/json");
            assertEquals(201, created.statusCode(), created.body());
            String password = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(created.body())
                    .path("password").asText();
            HttpResponse<String> released = put("be/imio/loop" + i + "/first" + i + "/1.0.0/first" + i + "-1.0.0.jar",
                    jar("be.imio.loop" + i + ".first" + i, "1.0.0"), "loop-" + i + ":" + password);
            assertEquals(201, released.statusCode(), "publisher loop-" + i + ", its first upload: " + released.body());
        }
        // A burst of creations: File Install's watcher reads etc/ every second, and must never read the
        // publishers' file half written (which once emptied every publisher's namespaces).
        for (int i = 0; i < 12; i++) {
            assertEquals(201, send("POST", "/api/repository/publishers/", "{\"account\":\"burst-" + i
                    + "\",\"namespaces\":[\"be.imio.burst" + i + "\"]}", admin, "application/json").statusCode());
        }
        Thread.sleep(2500); // two of the watcher's rounds
        String listing = send("GET", "/api/repository/publishers/", null, admin, null).body();
        Path file = repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg");
        String etc = Files.readString(file);
        java.util.Map<String, String> listed = new java.util.HashMap<>();
        java.util.Set<String> inactive = new java.util.TreeSet<>();
        for (com.fasterxml.jackson.databind.JsonNode entry : com.fasterxml.jackson.databind.json.JsonMapper.builder().build()
                .readTree(listing).path("publishers")) {
            listed.put(entry.path("account").asText(), entry.path("namespaces").path(0).asText());
            if (!entry.path("active").asBoolean(false)) {
                inactive.add(entry.path("account").asText());
            }
        }
        // Every account created keeps its role: the realm's file is never read half written, nor written
        // back from such a read.
        assertEquals(java.util.Set.of(), inactive, listing);
        for (String account : List.of(PUBLISHER, "loop-0", "loop-7", "burst-0", "burst-11")) {
            assertTrue(listed.getOrDefault(account, "").startsWith("be.imio."), account + ": " + listing);
            assertTrue(etc.contains("\n" + account + " = be.imio."), account + " in etc/: " + etc);
        }
        assertTrue(etc.startsWith("#\n# Publishers of the central repository"), "the file's own comments stay: " + etc);
        assertEquals(201, put("be/imio/solutions/afterburst/1.0.0/afterburst-1.0.0.jar",
                jar("be.imio.solutions.afterburst", "1.0.0"), PUBLISHER + ":" + PASSWORD).statusCode(),
                "the first publisher still releases in its namespace");
    }

    @Test
    void adminsCreatePublishersWhoseHashedPasswordsRelease() throws Exception {
        String admin = "admin:" + repository.adminPassword();
        HttpResponse<String> created = send("POST", "/api/repository/publishers/",
                "{\"account\":\"deleg\",\"namespaces\":[\"be.imio.delib\"]}", admin, "application/json");
        assertEquals(201, created.statusCode(), created.body());
        String password = com.fasterxml.jackson.databind.json.JsonMapper.builder().build().readTree(created.body())
                .path("password").asText();
        assertEquals(400, send("POST", "/api/repository/publishers/",
                "{\"account\":\"deleg\",\"namespaces\":[\"be.imio.delib\"]}", admin, "application/json").statusCode());
        assertEquals(400, send("POST", "/api/repository/publishers/",
                "{\"account\":\"Bad Name\",\"namespaces\":[\"be.imio.x\"]}", admin, "application/json").statusCode());
        assertFalse(Files.readString(repository.dir.resolve("etc/users.properties")).contains(password),
                "the password is stored as a digest only");

        String deleg = "deleg:" + password;
        HttpResponse<String> released = put("be/imio/delib/seances/1.0.0/seances-1.0.0.jar",
                jar("be.imio.delib.seances", "1.0.0"), deleg);
        assertEquals(201, released.statusCode(), released.body());
        assertEquals(403, put("be/imio/solutions/intrus/1.0.0/intrus-1.0.0.jar",
                jar("be.imio.solutions.intrus", "1.0.0"), deleg).statusCode(), "only in its own namespace");

        String shell = repository.shell("admin", repository.adminPassword(), "imio:publisher-add courrier be.imio.courrier");
        assertTrue(java.util.regex.Pattern.compile("Created publisher courrier for \\[be\\.imio\\.courrier]\\. Its password, shown"
                + " only now:\\s*\\R\\S{12,}\\s*\\R").matcher(shell).find(), "the password alone on its line: " + shell);
        String listing = send("GET", "/api/repository/publishers/", null, "viewer-ci:" + PASSWORD, null).body();
        assertTrue(listing.contains("{\"account\":\"deleg\",\"active\":true,\"keyId\":null,\"namespaces\":[\"be.imio.delib\"]}"),
                "active, no signing key, its namespace: " + listing);
        assertTrue(listing.contains("\"account\":\"courrier\""), listing);
    }

    @Test
    void anUploadCutOffHalfwayLeavesNothingBehind() throws Exception {
        String path = "be/imio/solutions/cut/1.0.0/cut-1.0.0.jar";
        byte[] jar = jar("be.imio.solutions.cut", "1.0.0", "a/B.class");
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", repository.httpPort)) {
            String head = "PUT /repository/maven/" + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Basic "
                    + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))
                    + "\r\nContent-Length: " + (jar.length + 100_000) + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(jar);
            socket.getOutputStream().flush();
            Thread.sleep(500);
        }
        // The server notices the closed connection; give it a moment, then nothing may be visible.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        Path staging = repository.dir.resolve("data/repository/incoming");
        while (System.nanoTime() < deadline && Files.list(staging).findAny().isPresent()) {
            Thread.sleep(100);
        }
        assertFalse(Files.list(staging).findAny().isPresent(), "no part of the upload is kept");
        assertEquals(404, get("/repository/maven/" + path).statusCode());
        assertFalse(signedTargets().containsKey(path));
        assertEquals(201, put(path, jar, PUBLISHER + ":" + PASSWORD).statusCode(), "the same upload, complete, is accepted");
    }

    @Test
    void refusesUploadsItCannotAccept() throws Exception {
        String publisher = PUBLISHER + ":" + PASSWORD;
        byte[] good = jar("be.imio.solutions.other", "2.0.0", "a/B.class");

        assertEquals(401, put("be/imio/solutions/other/2.0.0/other-2.0.0.jar", good, null).statusCode());
        assertEquals(401, put("be/imio/solutions/other/2.0.0/other-2.0.0.jar", good, PUBLISHER + ":wrong").statusCode());

        HttpResponse<String> outside = put("be/commune/evil/2.0.0/evil-2.0.0.jar",
                jar("be.commune.evil", "2.0.0"), publisher);
        assertEquals(403, outside.statusCode());
        assertTrue(outside.body().contains("\"error\":\"outside_namespace\""), outside.body());

        HttpResponse<String> plainJar = put("be/imio/solutions/plain/1.0.0/plain-1.0.0.jar", jar(null, null), publisher);
        assertEquals(400, plainJar.statusCode());
        assertTrue(plainJar.body().contains("\"error\":\"no_osgi_manifest\""), plainJar.body());

        HttpResponse<String> slip = put("be/imio/solutions/slip/1.0.0/slip-1.0.0.jar",
                jar("be.imio.solutions.slip", "1.0.0", "../../../etc/users.properties"), publisher);
        assertEquals(400, slip.statusCode());
        assertTrue(slip.body().contains("\"error\":\"unsafe_entry\""), slip.body());

        // Which hosts can run it? A bundle using only the API's constants has no import (bnd drops it).
        for (String imports : new String[] {null, "javax.servlet;version=\"[3.1,5)\"", "be.imio.platform.api"}) {
            HttpResponse<String> noRange = put("be/imio/solutions/norange/1.0.0/norange-1.0.0.jar",
                    jarImporting(imports, "be.imio.solutions.norange", "1.0.0", "a/B.class"), publisher);
            assertEquals(400, noRange.statusCode(), imports + ": " + noRange.body());
            assertTrue(noRange.body().contains("\"error\":\"no_host_api_range\"") && noRange.body().contains("message_en"),
                    noRange.body());
        }

        assertEquals(400, put("be/imio/solutions/snap/1.0-SNAPSHOT/snap-1.0-SNAPSHOT.jar",
                jar("be.imio.solutions.snap", "1.0.0.SNAPSHOT"), publisher).statusCode());

        Map<String, Target> targets = signedTargets();
        assertFalse(targets.keySet().stream().anyMatch(p -> p.contains("evil") || p.contains("plain")
                || p.contains("slip") || p.contains("snap") || p.contains("norange")), "nothing refused is listed: "
                + targets.keySet());
        assertEquals(404, get("/repository/maven/be/imio/solutions/slip/1.0.0/slip-1.0.0.jar").statusCode(),
                "nothing refused is served");
    }
}
