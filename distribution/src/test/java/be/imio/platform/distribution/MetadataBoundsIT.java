package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
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
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TrustRoot;

/**
 * A publisher uploads release after release, each with the longest texts allowed (2,000 characters
 * in each of the eight text headers, in French and English), as one could to make the signed
 * metadata outgrow what hosts download. The targets document stays small (the texts are files of
 * their own, pinned by it), the metadata folder keeps a few versions only, the publisher's budget
 * refuses the release past it with nothing changed, another publisher still releases, and a host
 * keeps syncing and shows each module's texts in its console, verified from their file.
 */
class MetadataBoundsIT {

    private static final String PUBLISHER = "bloat";
    private static final String OTHER = "other";
    private static final String PASSWORD = "Bloat-Secret-" + System.nanoTime();
    /** Many more than the versions kept: enough to show the folder and the document stay bounded. */
    private static final int RELEASES = 150;
    /** Each module release is a jar, a features XML and the texts file of the features XML. */
    private static final int ENTRIES_PER_RELEASE = 3;
    private static final int KEEP_VERSIONS = 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Test
    void manyReleasesWithTheLongestTextsKeepTheMetadataBoundedAndHostsSyncing() throws Exception {
        Distribution distribution = Distribution.unpacked();
        try (RunningInstance repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD,
                "aa.bloat")) {
            repository.addAccount(OTHER, PASSWORD, "publisher");
            Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                    PUBLISHER + " = aa.bloat\n" + OTHER + " = aa.other\n");
            repository.writeMetadataConfig("publisherMaxTargets = " + RELEASES * ENTRIES_PER_RELEASE
                    + "\npublisherMaxNames = " + (RELEASES + 10)
                            + "\nkeepVersions = " + KEEP_VERSIONS + "\n");
            repository.start();
            try (RunningInstance host = RunningInstance.hostOf(distribution, repository)) {
                host.start();

                long started = System.nanoTime();
                for (int i = 0; i < RELEASES; i++) {
                    release(repository, PUBLISHER, "aa.bloat", module(i));
                }
                System.out.printf("%d releases with the longest texts: %.1f s%n", RELEASES, (System.nanoTime() - started) / 1e9);

                // The texts are out of the signed document: it grows by a few hundred bytes per release.
                byte[] targetsBytes = get(repository, "/repository/metadata/targets.json").body();
                SignedMetadata targets = SignedMetadata.parse(targetsBytes);
                TrustRoot.initial(SignedMetadata.parse(get(repository, "/repository/metadata/root.json").body()))
                        .verify(targets, Role.TARGETS, Instant.now());
                Map<String, Target> listed = MetadataDocuments.targetsOf(targets);
                assertEquals(RELEASES * ENTRIES_PER_RELEASE, listed.size(), "every file and texts file is pinned");
                String targetsText = new String(targetsBytes, StandardCharsets.UTF_8);
                assertFalse(targetsText.contains(description(module(7)).substring(0, 40)), "no text in targets");
                long textsBytes = 0;
                for (Target target : listed.values()) {
                    if (target.path().endsWith("-about.json")) {
                        byte[] file = get(repository, "/repository/maven/" + target.path()).body();
                        assertTrue(target.matches(file), "the texts file served is the one pinned: " + target.path());
                        textsBytes += file.length;
                    }
                }
                assertTrue(targetsBytes.length < RELEASES * 1_500,
                        "targets takes " + targetsBytes.length + " bytes for " + RELEASES + " releases");
                assertTrue(textsBytes > RELEASES * 8 * 2_000L,
                        "the texts, 8 x 2,000 characters a release, are all published in their files: " + textsBytes);

                // Old versions are pruned: the folder holds a few targets and snapshots, whatever was released.
                Path metadata = repository.dir.resolve("data/repository/metadata");
                long folderBytes = 0;
                int targetsVersions = 0;
                try (var files = Files.list(metadata)) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        folderBytes += Files.size(file);
                        targetsVersions += file.getFileName().toString().matches("\\d+\\.targets\\.json") ? 1 : 0;
                    }
                }
                System.out.printf("targets.json: %d bytes (%d texts files beside it: %d bytes); metadata folder: %d bytes,"
                        + " %d versions of targets%n", targetsBytes.length, RELEASES, textsBytes, folderBytes, targetsVersions);
                assertEquals(KEEP_VERSIONS, targetsVersions, "versions of targets kept");
                assertTrue(folderBytes < (KEEP_VERSIONS + 2) * (targetsBytes.length + 2_000L),
                        "the metadata folder stays bounded: " + folderBytes + " bytes");

                // One release more: past the publisher's budget, refused, nothing changed.
                String past = module(RELEASES);
                HttpResponse<String> refused = put(repository, PUBLISHER, path("aa.bloat", past, ".jar"),
                        jar("aa.bloat." + past, past));
                assertEquals(413, refused.statusCode(), refused.body());
                JsonNode error = JSON.readTree(refused.body());
                assertEquals("metadata_budget_exceeded", error.path("error").asText(), refused.body());
                assertTrue(error.path("message").asText().contains(PUBLISHER), refused.body());
                assertArrayEquals(targetsBytes, get(repository, "/repository/metadata/targets.json").body(),
                        "no new targets were signed");
                assertEquals(404, get(repository, "/repository/maven/" + path("aa.bloat", past, ".jar")).statusCode(),
                        "the refused file is not in the repository");

                // Another publisher's budget is its own.
                release(repository, OTHER, "aa.other", "unaffected");

                // The host syncs it all, and its console shows each module's texts from their verified file.
                HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
                assertEquals(200, synced.statusCode(), synced.body());
                JsonNode status = JSON.readTree(host.getAsAdmin("/api/host/status").body());
                assertTrue(status.path("warning").isNull() || status.path("warning").asText().isEmpty(),
                        "the host syncs: " + status);
                assertEquals(SignedMetadata.parse(get(repository, "/repository/metadata/targets.json").body()).version(),
                        status.path("targetsVersion").asLong(),
                        "the host holds the newest targets: " + status);
                JsonNode catalogue = JSON.readTree(host.getAsAdmin("/api/host/catalogue").body());
                assertEquals(RELEASES + 1, catalogue.path("modules").size(), "every module is offered");

                String cookie = logIn(host);
                for (int i : new int[] {0, 137, RELEASES - 1}) {
                    String page = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.httpPort
                            + "/console/catalogue/" + module(i))).header("Cookie", "imio_session=" + cookie).build(),
                            HttpResponse.BodyHandlers.ofString()).body();
                    assertTrue(page.contains(title(module(i))), "the console shows the title of " + module(i));
                    assertTrue(page.contains(escaped(description(module(i)))), "and its whole description");
                    assertTrue(page.contains(escaped(notes(module(i)).substring(0, 200))), "and its release notes");
                }
                Path cached = host.dir.resolve("data/host/verified/aa/bloat/" + module(137) + "/1.0.0/" + module(137)
                        + "-1.0.0-about.json");
                assertTrue(Files.isRegularFile(cached), "the texts are read from the host's verified cache");
            }
        }
    }

    // ---- what a publisher uploads ----

    private static String module(int i) {
        return String.format("m%03d", i);
    }

    private static String title(String module) {
        return "Module " + module + " : gestion complète";
    }

    /** 2,000 characters, most of them two or three bytes in UTF-8 (as much as a text header can carry). */
    private static String longest(String prefix) {
        StringBuilder text = new StringBuilder(prefix);
        while (text.length() < 2_000) {
            text.append(" €éè—…çô");
        }
        return text.substring(0, 2_000);
    }

    private static String description(String module) {
        return longest("Description de " + module + " :");
    }

    private static String notes(String module) {
        return longest("Notes de " + module + " :");
    }

    /** As the console writes text into HTML. */
    private static String escaped(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Releases {@code module} 1.0.0: its jar (with every text at its longest) and its features XML. */
    private static void release(RunningInstance repository, String account, String group, String module) throws Exception {
        HttpResponse<String> jar = put(repository, account, path(group, module, ".jar"), jar(group + "." + module, module));
        assertEquals(201, jar.statusCode(), "jar of " + module + ": " + jar.body());
        String features = "<features xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\" name=\"" + module + "\">"
                + "<feature name=\"" + module + "\" version=\"1.0.0\"><feature>scr</feature>"
                + "<bundle>mvn:" + group + "/" + module + "/1.0.0</bundle></feature></features>";
        HttpResponse<String> xml = put(repository, account, path(group, module, "-features.xml"),
                features.getBytes(StandardCharsets.UTF_8));
        assertEquals(201, xml.statusCode(), "features of " + module + ": " + xml.body());
    }

    private static String path(String group, String module, String suffix) {
        return group.replace('.', '/') + "/" + module + "/1.0.0/" + module + "-1.0.0" + suffix;
    }

    private static byte[] jar(String symbolicName, String module) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", "1.0.0");
        main.putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        main.putValue("Bundle-Name", title(module));
        main.putValue("Imio-Name-en", longest("Module " + module + " in English"));
        main.putValue("Bundle-Description", description(module));
        main.putValue("Imio-Description-en", longest("Description in English"));
        main.putValue("Bundle-Category", longest("Catégorie"));
        main.putValue("Imio-Category-en", longest("Category"));
        main.putValue("Imio-Release-Notes", notes(module));
        main.putValue("Imio-Release-Notes-en", longest("Release notes"));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes, manifest)) {
            out.closeEntry();
        }
        return bytes.toByteArray();
    }

    // ---- HTTP ----

    private static HttpResponse<String> put(RunningInstance repository, String account, String path, byte[] body)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + "/repository/maven/"
                + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body)).header("Authorization", "Basic "
                + Base64.getEncoder().encodeToString((account + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(RunningInstance instance, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Logs in to the host's console as its administrator; answers the session cookie's value. */
    private static String logIn(RunningInstance host) throws Exception {
        return ConsoleFixture.consoleSession(host, "admin", host.adminPassword());
    }
}
