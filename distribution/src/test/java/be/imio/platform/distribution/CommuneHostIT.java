package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.TrustRoot;

/**
 * A commune host pulls the test module {@code swap} from a central repository through an
 * untrusted mirror, and runs, hot-swaps, rolls back and refuses versions of it as the signed
 * metadata and the module's own health allow. The tests build on one another, in order: one
 * repository and one host serve them all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommuneHostIT {

    private static final String PUBLISHER = "publisher-ci";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String VIEWER_PASSWORD = "Viewer-Secret-" + System.nanoTime();
    private static final String HOST_ID = "essai";
    private static final String MODULE = "swap";
    private static final String VERSION_PAGE = "/modules/swap/public/version";
    private static final String NOTES = "/modules/swap/notes";
    private static final String TIMESTAMP = "/repository/metadata/timestamp.json";
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted");
    private static final long OPERATION_LIMIT_SECONDS = 120;

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static TamperingMirror mirror;
    private static RunningInstance host;
    /** The repository's timestamp as it was right after the first sync: replayed later. */
    private static byte[] firstTimestamp;

    @BeforeAll
    static void startRepositoryMirrorAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.start();

        HttpResponse<String> registered = repository.postAsAdmin("/api/repository/hosts/", "{\"id\":\"" + HOST_ID + "\"}");
        assertEquals(201, registered.statusCode(), "registering the host: " + registered.body());
        String hostToken = json(registered).path("token").asText();

        mirror = TamperingMirror.start(repository.httpPort);

        byte[] root = repositoryBytes("/repository/metadata/1.root.json");
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root));
        assertEquals(TrustRoot.initial(SignedMetadata.parse(root)).fingerprint(), fingerprint,
                "the published root is the canonical document whose fingerprint iMio hands out");

        host = RunningInstance.create(distribution, "host", "--repository", mirror.url(), "--root-fingerprint", fingerprint);
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"), "\nchannel = testing\n"
                + "syncIntervalSeconds = 2\n" + "hostId = " + HOST_ID + "\n" + "hostToken = " + hostToken + "\n",
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        host.addAccount("agent", VIEWER_PASSWORD, "_g_:viewergroup");
        host.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, mirror, repository);
    }

    @Test
    @Order(1)
    void aReleasedModuleIsListedEnabledAndServed() throws Exception {
        deploySwap("1.0.0", false);
        sync();
        firstTimestamp = repositoryBytes(TIMESTAMP);

        JsonNode release = catalogueRelease("1.0.0");
        assertNotNull(release, "the catalogue lists swap 1.0.0: " + catalogue());
        assertEquals("testing", release.path("channel").asText(), "channel of swap 1.0.0");
        assertFalse(release.path("revoked").asBoolean(), "swap 1.0.0 is not revoked");
        assertTrue(release.path("compatible").asBoolean(), "swap 1.0.0 suits this host's API");

        JsonNode enabled = awaitOperation(startOperation("enable", "{\"version\":\"1.0.0\"}"));
        assertEquals("succeeded", enabled.path("state").asText(), "enabling swap 1.0.0: " + enabled);
        awaitPage("swap 1.0.0", 5);

        HttpResponse<String> note = host.postAsAdmin(NOTES, "{\"text\":\"Note écrite par 1.0.0\"}");
        assertEquals(201, note.statusCode(), "writing a note through swap 1.0.0: " + note.body());
        JsonNode module = installedModule();
        assertEquals("1.0.0", module.path("version").asText(), "installed version: " + module);
        assertTrue(module.path("enabled").asBoolean(), "swap is enabled: " + module);
        assertEquals("UP", module.path("health").path("state").asText(), "swap's own health check: " + module);
    }

    @Test
    @Order(2)
    void anUpdateSwapsTheModuleWithoutRestartingKarafOrLosingData() throws Exception {
        long karaf = host.karafPid();
        deploySwap("2.0.0", false);
        sync();
        assertNotNull(catalogueRelease("2.0.0"), "the catalogue lists swap 2.0.0: " + catalogue());

        AtomicBoolean updating = new AtomicBoolean(true);
        AtomicInteger served = new AtomicInteger();
        Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        Thread visitor = new Thread(() -> {
            while (updating.get()) {
                try {
                    HttpResponse<String> page = host.get(VERSION_PAGE, null);
                    if (page.statusCode() == 200 && Set.of("swap 1.0.0", "swap 2.0.0").contains(page.body())) {
                        served.incrementAndGet();
                    } else {
                        unexpected.add(page.statusCode() + " " + page.headers().map() + " " + page.body());
                    }
                } catch (Exception e) {
                    unexpected.add(e.toString());
                }
            }
        }, "citizen-during-update");
        visitor.start();
        JsonNode update;
        try {
            update = awaitOperation(startOperation("update", "{\"version\":\"2.0.0\"}"));
        } finally {
            updating.set(false);
            visitor.join(TimeUnit.SECONDS.toMillis(30));
        }

        assertEquals("succeeded", update.path("state").asText(), "updating swap to 2.0.0: " + update);
        assertTrue(unexpected.isEmpty(), "during the update a citizen only gets the old or the new page, not: "
                + unexpected);
        assertTrue(served.get() > 0, "the page was visited during the update");
        System.out.printf("during the update: %d pages served, all of them 200%n", served.get());
        assertEquals(karaf, host.karafPid(), "the same Karaf process runs before and after the swap");
        awaitPage("swap 2.0.0", 5);

        JsonNode notes = notes();
        assertEquals("2.0.0", notes.path("version").asText(), "notes are served by swap 2.0.0: " + notes);
        assertTrue(hasNote(notes, "Note écrite par 1.0.0", "1.0.0"), "the note written by 1.0.0 is still there: " + notes);
    }

    @Test
    @Order(3)
    void aVersionThatFailsToStartIsRolledBack() throws Exception {
        deploySwap("3.0.0", true);
        sync();
        assertNotNull(catalogueRelease("3.0.0"), "the catalogue lists swap 3.0.0: " + catalogue());

        long id = startOperation("update", "{\"version\":\"3.0.0\"}");
        JsonNode update = awaitOperation(id);
        assertEquals("rolled_back", update.path("state").asText(), "updating to a failing swap 3.0.0: " + update);
        String reason = update.path("reason").asText("").toLowerCase(Locale.ROOT);
        assertTrue(reason.contains("start") || reason.contains("démarr"), "the reason tells it did not start: " + update);
        awaitPage("swap 2.0.0", 5);
        assertEquals("2.0.0", installedModule().path("version").asText(), "swap 2.0.0 runs again");

        JsonNode newest = operations().path("operations").path(0);
        assertEquals(id, newest.path("id").asLong(), "the newest operation of swap is the rollback: " + newest);
        assertEquals("rolled_back", newest.path("state").asText(), "state in the history: " + newest);
        assertFalse(newest.path("reason").asText("").isBlank(), "the history keeps the reason: " + newest);
    }

    @Test
    @Order(4)
    void tamperedArtifactsAndMetadataAreRefused() throws Exception {
        String jar = "/repository/maven/be/imio/solutions/swap/4.0.0/swap-4.0.0.jar";
        // The mirror tampers with the jar from the start: the host never sees the real bytes.
        mirror.replace(jar, new byte[] {0});
        deploySwap("4.0.0", false);
        byte[] real = repositoryBytes(jar);
        byte[] tampered = real.clone();
        tampered[tampered.length / 2] ^= 0x01;
        mirror.replace(jar, tampered);
        sync();
        assertNotNull(catalogueRelease("4.0.0"), "the catalogue lists swap 4.0.0: " + catalogue());

        JsonNode update = awaitOperation(startOperation("update", "{\"version\":\"4.0.0\"}"));
        assertEquals("failed", update.path("state").asText(), "updating to a tampered swap 4.0.0: " + update);
        String reason = update.path("reason").asText("").toLowerCase(Locale.ROOT);
        assertTrue(reason.contains("sha-256") || reason.contains("sha256") || reason.contains("verif")
                || reason.contains("vérif"), "the reason names the failed verification: " + update);
        assertTrue(mirror.requests(jar) > 0, "the host did fetch the jar through the mirror");
        awaitPage("swap 2.0.0", 5);
        // A release whose files were refused failed here: no policy tries it again by itself.
        JsonNode failure = installedModule().path("failedReleases").path(0);
        assertEquals("4.0.0", failure.path("version").asText(), installedModule().toString());
        assertTrue(failure.path("message").asText().startsWith("la version 4.0.0 a échoué ici le "), failure.toString());
        mirror.clearReplacements();

        JsonNode listed = catalogue();
        mirror.replace(TIMESTAMP, withSignedPartChanged(repositoryBytes(TIMESTAMP)));
        JsonNode tamperedSync = sync();
        String warning = tamperedSync.path("warning").asText("");
        assertFalse(tamperedSync.path("warning").isNull() || warning.isBlank(),
                "a timestamp that does not match its signature is reported: " + tamperedSync);
        assertTrue(warning.toLowerCase(Locale.ROOT).contains("signature"), "the warning names the signature: " + warning);
        assertEquals(listed, catalogue(), "the catalogue keeps what it listed before");

        mirror.clearReplacements();
        JsonNode healed = sync();
        assertTrue(healed.path("warning").isNull(), "the warning ends once the mirror serves the real metadata: " + healed);
    }

    @Test
    @Order(5)
    void anOlderTimestampReplayedByTheMirrorIsRefused() throws Exception {
        assertNotNull(firstTimestamp, "the timestamp kept by the first test");
        JsonNode before = status();
        assertTrue(SignedMetadata.parse(firstTimestamp).version() < before.path("timestampVersion").asLong(),
                "releases since the first test made newer timestamps: " + before);

        mirror.replace(TIMESTAMP, firstTimestamp);
        JsonNode replayed = sync();
        String warning = replayed.path("warning").asText("").toLowerCase(Locale.ROOT);
        assertTrue(warning.contains("rollback") || warning.contains("roll back") || warning.contains("older")
                || warning.contains("ancienne") || warning.contains("antérieure") || warning.contains("replay")
                || warning.contains("rejeu"), "the warning tells of an older metadata version: " + replayed);
        assertEquals(before.path("targetsVersion").asLong(), replayed.path("targetsVersion").asLong(),
                "the trusted targets do not go back: " + replayed);
        assertEquals(before.path("timestampVersion").asLong(), replayed.path("timestampVersion").asLong(),
                "the trusted timestamp does not go back: " + replayed);

        mirror.clearReplacements();
        assertTrue(sync().path("warning").isNull(), "the warning ends once the mirror serves the real metadata");
    }

    @Test
    @Order(6)
    void modulesKeepRunningWhileTheRepositoryIsUnreachable() throws Exception {
        mirror.goOffline();
        try {
            JsonNode offline = sync();
            assertFalse(offline.path("offlineSince").isNull(), "the host knows it is offline: " + offline);
            HttpResponse<String> page = host.get(VERSION_PAGE, null);
            assertEquals(200, page.statusCode(), "the module still serves its page offline: " + page.body());
            assertEquals("swap 2.0.0", page.body());
            HttpResponse<String> health = host.get("/health", null);
            assertEquals(200, health.statusCode(), "offline, the host is degraded, not down: " + health.body());
            String platform = host.getAsAdmin("/api/status").body();
            assertTrue(platform.contains("DEGRADED") && platform.contains("injoignable"),
                    "the status says since when the repository is unreachable: " + platform);
        } finally {
            mirror.goOnline();
        }
        JsonNode online = sync();
        assertTrue(online.path("offlineSince").isNull(), "back online: " + online);
        assertFalse(online.path("lastSync").isNull(), "a sync succeeded: " + online);
    }

    @Test
    @Order(7)
    void aHostKilledDuringAnUpdateComesBackConsistent() throws Exception {
        deploySwap("5.0.0", false);
        sync();
        assertNotNull(catalogueRelease("5.0.0"), "the catalogue lists swap 5.0.0: " + catalogue());

        long id = startOperation("update", "{\"version\":\"5.0.0\"}");
        awaitRunning(id);
        host.kill();
        host.start();

        JsonNode operation = awaitOperation(id);
        assertTrue(Set.of("interrupted", "succeeded", "rolled_back").contains(operation.path("state").asText()),
                "the update cut off by the kill ends in a final state: " + operation);
        System.out.printf("update killed while running: operation %s, reason %s%n", operation.path("state").asText(),
                operation.path("reason").asText());
        String running = installedModule().path("version").asText();
        assertTrue(Set.of("2.0.0", "5.0.0").contains(running), "swap runs the old or the new version, not " + running);
        awaitPage("swap " + running, 60);
        assertTrue(hasNote(notes(), "Note écrite par 1.0.0", "1.0.0"), "the notes survive the kill");

        deploySwap("6.0.0", false);
        sync();
        JsonNode further = awaitOperation(startOperation("update", "{\"version\":\"6.0.0\"}"));
        assertEquals("succeeded", further.path("state").asText(), "an update after the kill: " + further);
        awaitPage("swap 6.0.0", 5);
    }

    @Test
    @Order(8)
    void policiesMoveTheModuleAndARevokedReleaseIsLeftAndNeverInstalled() throws Exception {
        JsonNode automatic = awaitOperation(startOperation("policy", "{\"policy\":\"automatic\"}"));
        assertEquals("succeeded", automatic.path("state").asText(), "setting the automatic policy: " + automatic);

        deploySwap("7.0.0", false);
        sync();
        JsonNode moved = awaitInstalledVersion("7.0.0");
        assertEquals("automatic", moved.path("policy").asText(), "swap's own policy: " + moved);
        JsonNode byPolicy = operations().path("operations").path(0);
        assertEquals("update", byPolicy.path("action").asText(), "the newest operation: " + byPolicy);
        assertEquals("policy:automatic", byPolicy.path("requestedBy").asText(), "asked by the policy: " + byPolicy);
        awaitPage("swap 7.0.0", 10);

        HttpResponse<String> revoked = repository.postAsAdmin(
                "/api/repository/releases/be.imio.solutions:swap:7.0.0/revoke", "{\"reason\":\"faille de sécurité\"}");
        assertEquals(200, revoked.statusCode(), "revoking swap 7.0.0 at the repository: " + revoked.body());
        sync();
        JsonNode release = catalogueRelease("7.0.0");
        assertTrue(release.path("revoked").asBoolean(), "the catalogue flags 7.0.0 as revoked: " + release);
        assertEquals("faille de sécurité", release.path("revokedReason").asText(), "with the repository's reason");
        JsonNode leftRevoked = awaitInstalledVersion("6.0.0");
        assertFalse(leftRevoked.path("revoked").asBoolean(), "6.0.0 is not revoked: " + leftRevoked);
        awaitPage("swap 6.0.0", 10);

        HttpResponse<String> refused = host.postAsAdmin("/api/host/modules/swap/update", "{\"version\":\"7.0.0\"}");
        assertEquals(409, refused.statusCode(), "a revoked release is never installed: " + refused.body());
        assertEquals("revoked", json(refused).path("error").asText(), refused.body());
    }

    @Test
    @Order(9)
    void theShellListsTheModulesAndTheRepositoryKnowsWhatTheHostRuns() throws Exception {
        String listed = host.shell("admin", host.adminPassword(), "imio:module-list");
        assertTrue(listed.contains("swap") && listed.contains("6.0.0") && listed.contains("automatic"),
                "imio:module-list shows swap 6.0.0 with its policy: " + listed);
        String audit = host.shell("admin", host.adminPassword(), "imio:operations --module swap -n 50");
        assertTrue(audit.contains("rolled_back") && audit.contains("policy:automatic"),
                "imio:operations shows the rollback and the policy's updates: " + audit);

        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        JsonNode reported = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode known : json(repository.getAsAdmin("/api/repository/hosts/")).path("hosts")) {
                if (HOST_ID.equals(known.path("id").asText())) {
                    reported = known;
                }
            }
            if (reported != null && reported.toString().contains("\"6.0.0\"")) {
                break;
            }
            Thread.sleep(500);
        }
        assertNotNull(reported, "the repository knows host " + HOST_ID);
        assertTrue(reported.toString().contains("\"swap\"") && reported.toString().contains("\"6.0.0\""),
                "the host reported that it runs swap 6.0.0: " + reported);
        JsonNode report = reported.path("lastReport");
        assertTrue(report.path("platformVersion").asText().matches("\\d+\\.\\d+\\.\\d+.*"),
                "the platform version the host runs: " + report);
        assertTrue(report.path("syncSource").asText().startsWith("http://127.0.0.1:"), "where it syncs from: " + report);
        assertTrue(reported.path("lastReportMadeAt").isTextual(), "when the host made it, beside when it arrived");
        JsonNode failed = null;
        for (JsonNode failure : report.path("failedReleases")) {
            if (failure.path("name").asText().equals("swap") && failure.path("version").asText().equals("3.0.0")) {
                failed = failure;
            }
        }
        assertNotNull(failed, "the release that failed here and was rolled back is reported: " + report);
        assertFalse(failed.path("reason").asText().isBlank(), "with its reason: " + failed);
        JsonNode fleet = json(repository.getAsAdmin("/api/repository/fleet?module=swap"));
        assertEquals(1, fleet.path("matching").asInt(), "the fleet view finds the host by module: " + fleet);
        assertEquals("6.0.0", fleet.path("hosts").path(0).path("modules").path(0).path("version").asText(), fleet.toString());
    }


    @Test
    @Order(10)
    void badRequestsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        int before = operations().path("operations").size();
        JsonNode running = installedModule();
        String[][] refused = {
            {"/api/host/modules/courrier/enable", "{\"version\":\"1.0.0\"}", "404", "unknown_module"},
            {"/api/host/modules/swap/enable", "{}", "409", "already_enabled"},
            {"/api/host/modules/swap/update", "{\"version\":\"9.9.9\"}", "409", "pinned"},
            {"/api/host/modules/swap/pin", "{}", "400", "version_required"},
            {"/api/host/modules/swap/policy", "{\"policy\":\"sometimes\"}", "400", "bad_policy"},
            {"/api/host/modules/swap/update", "{\"version\":\"../../x\"}", "400", "bad_version"},
            {"/api/host/modules/swap/explode", "{}", "404", "not_found"},
        };
        // A pin first, so that an update to another version is refused for that reason.
        assertEquals("succeeded", awaitOperation(startOperation("pin", "{\"version\":\"6.0.0\"}")).path("state").asText());
        before++;
        for (String[] bad : refused) {
            HttpResponse<String> answer = host.postAsAdmin(bad[0], bad[1]);
            assertEquals(Integer.parseInt(bad[2]), answer.statusCode(), bad[0] + " " + bad[1] + ": " + answer.body());
            assertEquals(bad[3], json(answer).path("error").asText(), answer.body());
            assertTrue(json(answer).path("message").asText().contains(" / "), "French then English: " + answer.body());
            // A request that names its language gets the same refusal in that language.
            HttpResponse<String> german = host.postAsAdmin(bad[0] + "?lang=de", bad[1]);
            assertEquals(Integer.parseInt(bad[2]), german.statusCode(), german.body());
            assertEquals(bad[3], json(german).path("error").asText(), german.body());
            String words = json(german).path("message").asText();
            assertFalse(words.isBlank() || words.contains(" / ") || words.equals(json(german).path("message_en").asText())
                    || words.startsWith("refusal."), "in German, not a key: " + german.body());
            assertEquals(json(answer).path("message_en").asText(), json(german).path("message_en").asText());
        }
        HttpResponse<String> form = host.post("/api/host/modules/swap/disable", "x=1", "application/x-www-form-urlencoded",
                "admin:" + host.adminPassword());
        assertEquals(415, form.statusCode(), "a form, which another site could send, is refused: " + form.body());
        HttpResponse<String> byViewer = host.post("/api/host/modules/swap/disable", "{}", "application/json",
                "agent:" + VIEWER_PASSWORD);
        assertEquals(403, byViewer.statusCode(), "a viewer reads but does not change: " + byViewer.body());
        assertEquals(200, host.get("/api/host/modules", "agent:" + VIEWER_PASSWORD).statusCode(), "a viewer reads");

        assertEquals(before, operations().path("operations").size(), "no refused request was journalled");
        JsonNode after = installedModule();
        assertEquals(running.path("version").asText(), after.path("version").asText(), "swap runs the same version");
        assertTrue(after.path("enabled").asBoolean());
        assertEquals("6.0.0", after.path("pinned").asText(), "the pin stays");
        assertEquals("succeeded", awaitOperation(startOperation("unpin", "{}")).path("state").asText());
    }

    // ---- the module and the repository ----

    /** Releases swap {@code version} to the repository with a real {@code mvn deploy}. */
    private static void deploySwap(String version, boolean fail) throws Exception {
        Distribution.Result deployed = Distribution.unpacked().mvnDeploy(
                Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module")), PUBLISHER, PASSWORD,
                repository.httpPort, "module.version=" + version, "module.fail=" + fail,
                "api.jar=" + Distribution.unpacked().home.resolve("lib/imio/imio-platform-api.jar"));
        assertEquals(0, deployed.exitCode(), "mvn deploy of swap " + version + ": " + deployed.output());
    }

    /** Bytes straight from the repository, not through the mirror. */
    private static byte[] repositoryBytes(String path) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + path)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, response.statusCode(), "GET " + path + " from the repository");
        return response.body();
    }

    /**
     * {@code document} with one character of its signed part changed: the last digit of its
     * expiry, which stays in the future, so that only the signature can tell.
     */
    private static byte[] withSignedPartChanged(byte[] document) {
        String text = new String(document, StandardCharsets.UTF_8);
        int expires = text.indexOf("\"expires\":\"");
        int end = expires < 0 ? -1 : text.indexOf('Z', expires);
        assertTrue(end > 0 && Character.isDigit(text.charAt(end - 1)), "an expiry to change in " + text);
        char digit = text.charAt(end - 1);
        String changed = text.substring(0, end - 1) + (digit == '9' ? '8' : (char) (digit + 1)) + text.substring(end);
        return changed.getBytes(StandardCharsets.UTF_8);
    }

    // ---- the host's REST API ----

    private static JsonNode sync() throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, response.statusCode(), "POST /api/host/sync: " + response.body());
        return json(response);
    }

    private static JsonNode status() throws Exception {
        return getJson("/api/host/status");
    }

    private static JsonNode catalogue() throws Exception {
        return getJson("/api/host/catalogue");
    }

    /** The catalogue's entry for swap {@code version}, or null when it does not list it. */
    private static JsonNode catalogueRelease(String version) throws Exception {
        for (JsonNode module : catalogue().path("modules")) {
            if (MODULE.equals(module.path("name").asText())) {
                for (JsonNode release : module.path("releases")) {
                    if (version.equals(release.path("version").asText())) {
                        return release;
                    }
                }
            }
        }
        return null;
    }

    /** The host's entry for swap in {@code GET /api/host/modules}. */
    private static JsonNode installedModule() throws Exception {
        JsonNode modules = getJson("/api/host/modules");
        for (JsonNode module : modules.path("modules")) {
            if (MODULE.equals(module.path("name").asText())) {
                return module;
            }
        }
        return fail("swap is not installed: " + modules);
    }

    private static JsonNode operations() throws Exception {
        return getJson("/api/host/operations?module=" + MODULE);
    }

    /** Asks the host to {@code action} swap; returns the id of the queued operation. */
    private static long startOperation(String action, String body) throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/modules/" + MODULE + "/" + action, body);
        assertEquals(202, response.statusCode(), action + " " + body + ": " + response.body());
        JsonNode operation = json(response).path("operation");
        assertEquals(action, operation.path("action").asText(), "the queued operation: " + operation);
        return operation.path("id").asLong();
    }

    /** Waits until swap runs {@code version} with no operation left to run; returns its entry. */
    private static JsonNode awaitInstalledVersion(String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPERATION_LIMIT_SECONDS);
        JsonNode module = null;
        while (System.nanoTime() < deadline) {
            module = installedModule();
            JsonNode status = status();
            if (version.equals(module.path("version").asText()) && status.path("operation").isNull()
                    && status.path("queued").asInt() == 0) {
                return module;
            }
            Thread.sleep(250);
        }
        return fail("swap did not come to run " + version + " within " + OPERATION_LIMIT_SECONDS + " s: " + module);
    }

    /** Polls the operation, often, until the host has started carrying it out. */
    private static void awaitRunning(long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = host.getAsAdmin("/api/host/operations/" + id);
            if (response.statusCode() == 200 && "running".equals(json(response).path("state").asText())) {
                return;
            }
            Thread.sleep(10);
        }
        fail("operation " + id + " did not start running within 30 s");
    }

    /** Polls the operation until it reaches a final state. */
    private static JsonNode awaitOperation(long id) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPERATION_LIMIT_SECONDS);
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = host.getAsAdmin("/api/host/operations/" + id);
            if (response.statusCode() == 200) {
                operation = json(response);
                if (FINAL_STATES.contains(operation.path("state").asText())) {
                    return operation;
                }
            }
            Thread.sleep(250);
        }
        return fail("operation " + id + " not finished within " + OPERATION_LIMIT_SECONDS + " s: " + operation);
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = host.getAsAdmin(path);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return json(response);
    }

    // ---- the module's pages ----

    /**
     * Waits until the public page answers 200 with {@code expected}; meanwhile only 503 with
     * Retry-After (the host holding requests during a swap) is accepted.
     */
    private static void awaitPage(String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            HttpResponse<String> page = host.get(VERSION_PAGE, null);
            if (page.statusCode() == 200) {
                assertEquals(expected, page.body(), "the module's public page");
                return;
            }
            assertTrue(page.statusCode() == 503 && page.headers().firstValue("Retry-After").isPresent(),
                    "the module's public page answered " + page.statusCode() + ": " + page.body());
            seen.add(page.statusCode() + " " + page.body());
            if (System.nanoTime() > deadline) {
                fail("the module's public page did not answer '" + expected + "' within " + seconds + " s: " + seen);
            }
            Thread.sleep(100);
        }
    }

    private static JsonNode notes() throws Exception {
        HttpResponse<String> response = host.getAsAdmin(NOTES);
        assertEquals(200, response.statusCode(), "GET " + NOTES + ": " + response.body());
        return json(response);
    }

    private static boolean hasNote(JsonNode notes, String text, String writtenBy) {
        for (JsonNode note : notes.path("notes")) {
            if (text.equals(note.path("text").asText()) && writtenBy.equals(note.path("writtenBy").asText())) {
                return true;
            }
        }
        return false;
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
