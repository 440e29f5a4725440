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
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * How a commune host carries out operations over time: under the {@code automatic} policy, a
 * release that was rolled back on this host is attempted once, not again at later catalogue
 * changes, re-signings or restarts, while a person may retry it and a newer good release is
 * installed; staff see the failure and its date. Then two clients send enables, disables and
 * updates at once: each queued operation is checked again when its turn comes, so the module ends
 * as the last successful one left it, the others are skipped with a reason in French and English,
 * and nothing answers 500. One repository and one host serve both tests, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OperationsIT {

    private static final String PUBLISHER = "publisher-ci";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    /** A second publisher, for another module (courrier): its releases change the catalogue, not swap. */
    private static final String IMIO = "imio-ci";
    private static final String IMIO_PASSWORD = "Imio-Secret-" + System.nanoTime();
    private static final String MODULE = "swap";
    private static final String VERSION_PAGE = "/modules/swap/public/version";
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted", "skipped");
    private static final long OPERATION_LIMIT_SECONDS = 120;
    private static final DateTimeFormatter BELGIAN_DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter BELGIAN_TIME = DateTimeFormatter.ofPattern("HH:mm");
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.addAccount(IMIO, IMIO_PASSWORD, "publisher");
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                IMIO + " = be.imio.platform\n", StandardOpenOption.APPEND);
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void aReleaseThatFailedHereIsAttemptedOnceByThePolicyAndANewerGoodOneIsInstalled() throws Exception {
        deploySwap("1.0.0", false);
        sync();
        assertEquals("succeeded", awaitOperation(startOperation("enable", "{\"version\":\"1.0.0\"}")).path("state").asText());
        assertEquals("succeeded", awaitOperation(startOperation("policy", "{\"policy\":\"automatic\"}")).path("state")
                .asText());

        // A broken release: its activator refuses to start. The policy tries it once and the host rolls it back.
        deploySwap("2.0.0", true);
        sync();
        List<JsonNode> attempts = attemptsOf("2.0.0");
        assertEquals(1, attempts.size(), "the policy planned one update to 2.0.0: " + operations());
        JsonNode attempt = awaitOperation(attempts.get(0).path("id").asLong());
        assertEquals("rolled_back", attempt.path("state").asText(), "the broken release is rolled back: " + attempt);
        assertEquals("policy:automatic", attempt.path("requestedBy").asText(), attempt.toString());
        assertEquals("1.0.0", attempt.path("fromVersion").asText(), attempt.toString());
        assertOnePair(attempt.path("reason").asText(), attempt);
        assertTrue(attempt.path("reason").asText().contains("démarrer") && attempt.path("reason").asText().contains("start"),
                "the reason says it did not start, in French and English: " + attempt);
        assertFalse(attempt.path("detail").asText("").isBlank(), "Karaf's own message is kept as the detail: " + attempt);
        awaitPage("swap 1.0.0", 10);

        // Later catalogue changes: another module's release, the repository signing its metadata
        // again, a restart of the host. None tries 2.0.0 again.
        PluginReleases.publish(repository.httpPort, IMIO + ":" + IMIO_PASSWORD, "courrier", "1.0.0");
        JsonNode changed = sync();
        assertTrue(catalogueHas("courrier"), "the catalogue changed: it lists courrier: " + changed);
        assertEquals(1, attemptsOf("2.0.0").size(), "another module's release does not retry 2.0.0: " + operations());

        String republished = repository.shell("admin", repository.adminPassword(), "imio:metadata-republish");
        long targetsBefore = changed.path("targetsVersion").asLong();
        JsonNode resigned = sync();
        assertTrue(resigned.path("targetsVersion").asLong() > targetsBefore, "the host took the re-signed targets ("
                + republished + "): " + resigned);
        assertEquals(1, attemptsOf("2.0.0").size(), "a re-signing does not retry 2.0.0: " + operations());

        host.stop();
        host.start();
        sync();
        awaitIdle();
        assertEquals(1, attemptsOf("2.0.0").size(), "a restart does not retry 2.0.0: " + operations());
        awaitPage("swap 1.0.0", 30);

        // Staff see the failure, with its date in Brussels as Belgians write it.
        JsonNode module = installedModule();
        JsonNode failure = module.path("failedReleases").path(0);
        assertEquals("2.0.0", failure.path("version").asText(), "GET /api/host/modules lists the failure: " + module);
        Instant failedAt = Instant.parse(attempt.path("finishedAt").asText());
        String day = BELGIAN_DAY.format(failedAt.atZone(BRUSSELS));
        String time = BELGIAN_TIME.format(failedAt.atZone(BRUSSELS));
        assertTrue(failure.path("message").asText().startsWith("la version 2.0.0 a échoué ici le " + day + " à " + time
                + " : be.imio.solutions:swap 2.0.0 n'a pas pu démarrer"), failure.toString());
        assertTrue(failure.path("message_en").asText().startsWith("version 2.0.0 failed here on " + day + " at " + time
                + ": be.imio.solutions:swap 2.0.0 could not start"), failure.toString());
        String listed = host.shell("admin", host.adminPassword(), "imio:module-list");
        assertTrue(listed.contains("la version 2.0.0 a échoué ici le " + day) && listed.contains("version 2.0.0 failed"
                + " here on " + day), "imio:module-list shows the failure, French then English when no language is"
                + " named: " + listed);
        // A session that names its language (as ssh's SendEnv LANG does, or typed in the session) gets it alone.
        String german = host.shell("admin", host.adminPassword(), "LANG = de_BE.UTF-8\nimio:module-list");
        String germanDay = java.time.format.DateTimeFormatter.ofPattern("dd.MM.yyyy").format(failedAt.atZone(BRUSSELS));
        assertTrue(german.contains("Version 2.0.0 ist hier am " + germanDay) && german.contains("Hinweis")
                && !german.contains("failed here") && !german.contains("a échoué"), "imio:module-list in German: " + german);

        // A person may try it again: the policy's memory does not stand in their way.
        JsonNode retried = awaitOperation(startOperation("update", "{\"version\":\"2.0.0\"}"));
        assertEquals("rolled_back", retried.path("state").asText(), "a person's retry is carried out: " + retried);
        assertEquals(2, attemptsOf("2.0.0").size(), operations().toString());

        // A release older than the one that failed, though newer than the running one, is not
        // walked down to: the policy waits for a release newer than 2.0.0.
        deploySwap("1.5.0", false);
        sync();
        awaitIdle();
        assertEquals(0, attemptsOf("1.5.0").size(), "the policy does not walk down to 1.5.0: " + operations());
        assertEquals("1.0.0", installedModule().path("version").asText(), installedModule().toString());

        // A newer good release is installed by the policy, at the first sync after the policy is set,
        // even when that sync brings nothing new: here it was published while swap was on manual.
        assertEquals("succeeded", awaitOperation(startOperation("policy", "{\"policy\":\"manual\"}")).path("state")
                .asText());
        deploySwap("3.0.0", false);
        sync();
        awaitIdle();
        assertEquals(0, attemptsOf("3.0.0").size(), "on manual, nothing moves: " + operations());
        assertEquals("succeeded", awaitOperation(startOperation("policy", "{\"policy\":\"automatic\"}")).path("state")
                .asText());
        JsonNode unchanged = sync();
        JsonNode moved = awaitInstalledVersion("3.0.0");
        assertEquals(1, attemptsOf("3.0.0").size(), "after a sync that changed nothing (" + unchanged + "): " + operations());
        assertTrue(moved.path("enabled").asBoolean(), moved.toString());
        awaitPage("swap 3.0.0", 10);
        assertEquals(2, attemptsOf("2.0.0").size(), "2.0.0 was still not tried by the policy: " + operations());
        assertEquals("2.0.0", moved.path("failedReleases").path(0).path("version").asText(), moved.toString());
    }

    @Test
    @Order(2)
    void concurrentRequestsFromTwoClientsEndAsTheLastSuccessfulOperationLeftTheModule() throws Exception {
        assertEquals("succeeded", awaitOperation(startOperation("policy", "{\"policy\":\"manual\"}")).path("state").asText());
        JsonNode before = installedModule();
        assertTrue(before.path("enabled").asBoolean() && "3.0.0".equals(before.path("version").asText()), before.toString());
        long firstId = operations().path("operations").path(0).path("id").asLong();

        String[][] clientA = {{"disable", "{}"}, {"enable", "{\"version\":\"1.0.0\"}"}, {"update", "{\"version\":\"3.0.0\"}"},
            {"disable", "{}"}, {"enable", "{}"}};
        String[][] clientB = {{"disable", "{}"}, {"update", "{\"version\":\"1.0.0\"}"}, {"enable", "{\"version\":\"3.0.0\"}"},
            {"disable", "{}"}, {"update", "{\"version\":\"3.0.0\"}"}};
        CyclicBarrier together = new CyclicBarrier(2);
        Queue<String[]> answers = new ConcurrentLinkedQueue<>();
        Queue<String> problems = new ConcurrentLinkedQueue<>();
        List<Thread> clients = new ArrayList<>();
        for (String[][] requests : List.of(clientA, clientB)) {
            Thread client = new Thread(() -> {
                try {
                    together.await(30, TimeUnit.SECONDS);
                    for (String[] request : requests) {
                        HttpResponse<String> answer = host.postAsAdmin("/api/host/modules/swap/" + request[0], request[1]);
                        answers.add(new String[] {Integer.toString(answer.statusCode()), request[0], request[1],
                            answer.body()});
                        // Staff clicking, not a script: later requests may find what earlier ones did.
                        Thread.sleep(150);
                    }
                } catch (Exception e) {
                    problems.add(e.toString());
                }
            });
            client.start();
            clients.add(client);
        }
        for (Thread client : clients) {
            client.join(TimeUnit.SECONDS.toMillis(120));
        }
        assertTrue(problems.isEmpty(), "both clients sent their requests: " + problems);
        assertEquals(10, answers.size());
        for (String[] answer : answers) {
            String said = String.join(" ", answer);
            int status = Integer.parseInt(answer[0]);
            assertTrue(status == 202 || status == 409, "each request is queued or refused with a reason, never 500: " + said);
            if (status == 409) {
                JsonNode error = JSON.readTree(answer[3]);
                assertFalse(error.path("error").asText().isBlank(), said);
                assertOnePair(error.path("message").asText(), error);
            }
        }
        awaitIdle();

        List<JsonNode> ran = new ArrayList<>();
        for (JsonNode operation : operations().path("operations")) {
            if (operation.path("id").asLong() > firstId) {
                ran.add(operation);
            }
        }
        ran.sort(Comparator.comparingLong(o -> o.path("id").asLong()));
        assertEquals(answers.stream().filter(a -> "202".equals(a[0])).count(), ran.size(), "one operation per request"
                + " queued: " + ran);
        // Replays the operations in the order they ran: each one's fromVersion is what it found.
        String version = before.path("version").asText();
        boolean enabled = true;
        JsonNode lastSucceeded = null;
        int skipped = 0;
        for (JsonNode operation : ran) {
            String state = operation.path("state").asText();
            assertTrue(Set.of("succeeded", "skipped").contains(state), "good releases are never rolled back nor failed,"
                    + " and Karaf is not asked what makes no sense: " + operation);
            assertEquals(version, operation.path("fromVersion").asText(), "fromVersion is the version when it ran: "
                    + operation + " in " + ran);
            if ("skipped".equals(state)) {
                skipped++;
                String reason = operation.path("reason").asText();
                assertOnePair(reason, operation);
                assertTrue(reason.startsWith("au moment de l'exécution, ") && reason.contains(" / when its turn came, "),
                        "a skip says why, French first: " + operation);
                continue;
            }
            lastSucceeded = operation;
            if ("disable".equals(operation.path("action").asText())) {
                enabled = false;
            } else {
                enabled = true;
                version = operation.path("toVersion").asText();
            }
        }
        System.out.printf("two clients, 10 requests: %d queued, %d refused; ran: %s%n", ran.size(), 10 - ran.size(),
                ran.stream().map(o -> o.path("action").asText() + " " + o.path("toVersion").asText("") + " "
                        + o.path("state").asText()).toList());
        assertTrue(skipped > 0, "two disables asked at once: the second one is skipped: " + ran);
        assertNotNull(lastSucceeded, ran.toString());
        JsonNode after = installedModule();
        assertEquals(enabled, after.path("enabled").asBoolean(), "as the last successful operation (" + lastSucceeded
                + ") left it: " + after);
        assertEquals(version, after.path("version").asText(), after.toString());
        if (enabled) {
            awaitPage("swap " + version, 10);
        } else {
            assertEquals(404, host.get(VERSION_PAGE, null).statusCode(), "a disabled module's page is gone");
        }

        // The console shows a skipped operation as such, in the reader's language, and its row in the activity.
        JsonNode skip = ran.stream().filter(o -> "skipped".equals(o.path("state").asText())).findFirst().orElseThrow();
        Bilingual said = Bilingual.of(skip.path("reason").asText());
        String cookie = consoleSession();
        String page = consolePage("/console/operations/" + skip.path("id").asLong(), cookie);
        assertTrue(page.contains("data-state=\"skipped\"") && page.contains("Ignorée, plus rien à faire à son tour")
                && page.contains(said.fr()) && !page.contains(said.en()), "the operation's page, in French: " + page);
        String english = consolePage("/console/operations/" + skip.path("id").asLong() + "?lang=en", cookie);
        assertTrue(english.contains("Skipped, nothing left to do when its turn came") && english.contains(said.en()),
                "the operation's page, in English: " + english);
        String activity = consolePage("/console/activity?outcome=skipped&lang=fr", cookie);
        assertTrue(activity.contains("data-operation=\"" + skip.path("id").asLong() + "\"")
                && activity.contains("Ignorée, plus rien à faire à son tour"), "the activity filtered on skipped: " + activity);
        String modules = consolePage("/console/modules", cookie);
        assertTrue(modules.contains("la version 2.0.0 a échoué ici le "), "my modules shows the failure here: " + modules);

        String audit = host.shell("admin", host.adminPassword(), "imio:operations --module swap -n 20");
        assertTrue(audit.contains("skipped") && audit.contains("au moment de l'exécution"),
                "imio:operations shows the skipped operations and their reason, French first: " + audit);
    }

    @Test
    @Order(3)
    void anEnableAskedWhileADisableIsQueuedIsQueuedBehindItNotRefused() throws Exception {
        awaitIdle();
        JsonNode before = installedModule();
        if (!before.path("enabled").asBoolean()) {
            assertEquals("succeeded", awaitOperation(startOperation("enable", "{\"version\":\"3.0.0\"}"))
                    .path("state").asText());
        } else if (!"3.0.0".equals(before.path("version").asText())) {
            assertEquals("succeeded", awaitOperation(startOperation("update", "{\"version\":\"3.0.0\"}"))
                    .path("state").asText());
        }
        // One member of staff updates, another disables, a third enables again: each is queued in turn.
        long update = startOperation("update", "{\"version\":\"1.0.0\"}");
        long disable = startOperation("disable", "{}");
        long enable = startOperation("enable", "{\"version\":\"3.0.0\"}");
        // And one more update behind them: it runs last, on the module enabled again.
        long late = startOperation("update", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", awaitOperation(update).path("state").asText());
        assertEquals("succeeded", awaitOperation(disable).path("state").asText());
        JsonNode enabled = awaitOperation(enable);
        assertEquals("succeeded", enabled.path("state").asText(), enabled.toString());
        JsonNode updated = awaitOperation(late);
        assertEquals("succeeded", updated.path("state").asText(), "the module was enabled again before: " + updated);
        awaitIdle();
        JsonNode after = installedModule();
        assertTrue(after.path("enabled").asBoolean() && "1.0.0".equals(after.path("version").asText()), after.toString());
        awaitPage("swap 1.0.0", 10);
        // With nothing queued, the module's state is judged at once.
        HttpResponse<String> again = host.postAsAdmin("/api/host/modules/" + MODULE + "/enable", "{}");
        assertEquals(409, again.statusCode(), again.body());
        assertEquals("already_enabled", json(again).path("error").asText(), again.body());
    }

    @Test
    @Order(4)
    void aRollbackAskedBehindAnUpdateGoesBackFromWhatTheUpdateLeft() throws Exception {
        awaitIdle();
        assertEquals("1.0.0", installedModule().path("version").asText(), installedModule().toString());
        long update = startOperation("update", "{\"version\":\"3.0.0\"}");
        HttpResponse<String> asked = host.postAsAdmin("/api/host/modules/" + MODULE + "/rollback", "{}");
        assertEquals(202, asked.statusCode(), "queued behind the update, not judged on the state before it: "
                + asked.body());
        long rollback = json(asked).path("operation").path("id").asLong();
        assertEquals("succeeded", awaitOperation(update).path("state").asText());
        JsonNode back = awaitOperation(rollback);
        assertEquals("succeeded", back.path("state").asText(), back.toString());
        assertEquals("3.0.0", back.path("fromVersion").asText(), back.toString());
        assertEquals("1.0.0", back.path("toVersion").asText(), "the version the update left behind: " + back);
        awaitPage("swap 1.0.0", 10);
    }

    // ---- helpers ----

    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    /** A reason's French and English parts. */
    private record Bilingual(String fr, String en) {
        static Bilingual of(String reason) {
            int slash = reason.indexOf(" / ");
            return new Bilingual(reason.substring(0, slash), reason.substring(slash + 3));
        }
    }

    /** Logs in to the console as admin, as a browser does; answers the session cookie's value. */
    private static String consoleSession() throws Exception {
        return ConsoleFixture.consoleSession(host, "admin", host.adminPassword());
    }

    /** A console page as its reader sees the text (HTML entities of quotes decoded). */
    private static String consolePage(String path, String cookie) throws Exception {
        HttpResponse<String> page = BROWSER.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.httpPort
                + path)).header("Cookie", "imio_session=" + cookie).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode(), path + ": " + page.body());
        return page.body().replace("&#39;", "'").replace("&quot;", "\"");
    }

    /** Releases swap {@code version} to the repository with a real {@code mvn deploy}. */
    private static void deploySwap(String version, boolean fail) throws Exception {
        Distribution.Result deployed = Distribution.unpacked().mvnDeploy(
                Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module")), PUBLISHER, PASSWORD,
                repository.httpPort, "module.version=" + version, "module.fail=" + fail,
                "api.jar=" + Distribution.unpacked().home.resolve("lib/imio/imio-platform-api.jar"));
        assertEquals(0, deployed.exitCode(), "mvn deploy of swap " + version + ": " + deployed.output());
    }

    /** A reason as staff get it: one French text, then " / ", then one English text. */
    private static void assertOnePair(String reason, JsonNode where) {
        int slash = reason.indexOf(" / ");
        assertTrue(slash > 0 && reason.indexOf(" / ", slash + 1) < 0 && slash + 3 < reason.length(),
                "one 'français / English' pair: " + where);
    }

    /** Syncs now (after the sync the host may be running by itself, at its start). */
    private static JsonNode sync() throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/sync", "{}");
        for (int tries = 0; response.statusCode() == 409 && tries < 20; tries++) {
            Thread.sleep(500);
            response = host.postAsAdmin("/api/host/sync", "{}");
        }
        assertEquals(200, response.statusCode(), "POST /api/host/sync: " + response.body());
        return json(response);
    }

    private static boolean catalogueHas(String name) throws Exception {
        for (JsonNode module : getJson("/api/host/catalogue").path("modules")) {
            if (name.equals(module.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** swap's update operations to {@code version}, whoever asked them. */
    private static List<JsonNode> attemptsOf(String version) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        for (JsonNode operation : operations().path("operations")) {
            if ("update".equals(operation.path("action").asText()) && version.equals(operation.path("toVersion").asText())) {
                found.add(operation);
            }
        }
        return found;
    }

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
        return getJson("/api/host/operations?module=" + MODULE + "&limit=200");
    }

    private static long startOperation(String action, String body) throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/modules/" + MODULE + "/" + action, body);
        assertEquals(202, response.statusCode(), action + " " + body + ": " + response.body());
        return json(response).path("operation").path("id").asLong();
    }

    /** Waits until no operation runs or waits. */
    private static void awaitIdle() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPERATION_LIMIT_SECONDS);
        while (System.nanoTime() < deadline) {
            JsonNode status = getJson("/api/host/status");
            if (status.path("operation").isNull() && status.path("queued").asInt() == 0) {
                return;
            }
            Thread.sleep(250);
        }
        fail("operations still running after " + OPERATION_LIMIT_SECONDS + " s: " + operations());
    }

    private static JsonNode awaitInstalledVersion(String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPERATION_LIMIT_SECONDS);
        JsonNode module = null;
        while (System.nanoTime() < deadline) {
            module = installedModule();
            JsonNode status = getJson("/api/host/status");
            if (version.equals(module.path("version").asText()) && status.path("operation").isNull()
                    && status.path("queued").asInt() == 0) {
                return module;
            }
            Thread.sleep(250);
        }
        return fail("swap did not come to run " + version + " within " + OPERATION_LIMIT_SECONDS + " s: " + module
                + " " + operations());
    }

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

    /** Waits until the module's public page answers {@code expected}; 503 with Retry-After meanwhile. */
    private static void awaitPage(String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = host.get(VERSION_PAGE, null);
            if (page.statusCode() == 200 && expected.equals(page.body())) {
                return;
            }
            seen.add(page.statusCode() + " " + page.body());
            Thread.sleep(100);
        }
        fail("the module's public page did not answer '" + expected + "' within " + seconds + " s: "
                + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
    }

    private static JsonNode getJson(String path) throws Exception {
        HttpResponse<String> response = host.getAsAdmin(path);
        assertEquals(200, response.statusCode(), "GET " + path + ": " + response.body());
        return json(response);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return JSON.readTree(response.body());
    }
}
