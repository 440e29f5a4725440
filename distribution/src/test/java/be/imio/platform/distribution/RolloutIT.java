package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Staged rollouts with one real central repository and three real commune hosts under the
 * {@code automatic} policy: {@code rollout-pilote} (group {@code pilote}), {@code rollout-b} and
 * {@code rollout-c}. A release that fails on the pilot halts its rollout by itself before the
 * other hosts take it; a good release reaches the pilot first, the others only once the pilot's
 * ring has soaked, then every host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RolloutIT {

    private static final String PUBLISHER = "publisher-rollout";
    private static final String PASSWORD = "Rollout-Secret-" + System.nanoTime();
    private static final Path SWAP = Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module"));
    private static final List<String> HOSTS = List.of("rollout-pilote", "rollout-b", "rollout-c");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static final RunningInstance[] hosts = new RunningInstance[3];

    @BeforeAll
    static void startRepositoryAndThreeHosts() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        // Rollouts are checked every second here (30 s by default).
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.rollouts.cfg"), "checkSeconds = 1\n");
        repository.addAccount("viewer-rollout", PASSWORD, "_g_:viewergroup");
        repository.start();
        byte[] root = repository.get("/repository/metadata/1.root.json", null).body().getBytes(
                java.nio.charset.StandardCharsets.UTF_8);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root));
        ExecutorService starting = Executors.newFixedThreadPool(3);
        try {
            List<Future<RunningInstance>> started = new java.util.ArrayList<>();
            for (String id : HOSTS) {
                HttpResponse<String> registered = repository.postAsAdmin("/api/repository/hosts/", "{\"id\":\"" + id
                        + "\",\"kind\":\"commune\",\"group\":\"" + (id.endsWith("pilote") ? "pilote" : "namur") + "\"}");
                assertEquals(201, registered.statusCode(), registered.body());
                Path token = Files.createTempFile(distribution.root, "token-", ".txt");
                Files.writeString(token, JSON.readTree(registered.body()).path("token").asText());
                RunningInstance host = RunningInstance.create(distribution, "host", "--repository",
                        "http://127.0.0.1:" + repository.httpPort, "--root-fingerprint", fingerprint, "--host-id", id,
                        "--host-token-file", token.toString());
                Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"),
                        "\nsyncIntervalSeconds = 2\npolicy = automatic\n", StandardOpenOption.APPEND);
                started.add(starting.submit(() -> {
                    host.start();
                    return host;
                }));
            }
            for (int i = 0; i < 3; i++) {
                hosts[i] = started.get(i).get(3, TimeUnit.MINUTES);
            }
        } finally {
            starting.shutdownNow();
        }
        HostModule.release(SWAP, repository, PUBLISHER, PASSWORD, "1.0.0");
        assertEquals(200, repository.postAsAdmin("/api/repository/releases/be.imio.solutions:swap:1.0.0/promote", "{}")
                .statusCode());
        for (RunningInstance host : hosts) {
            HostModule swap = new HostModule(host, "swap");
            swap.sync();
            assertEquals("succeeded", swap.operate("enable", "{\"version\":\"1.0.0\"}").path("state").asText());
        }
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(hosts[0], hosts[1], hosts[2], repository);
    }

    private static JsonNode rollout(long id) throws Exception {
        for (JsonNode rollout : JSON.readTree(repository.getAsAdmin("/api/repository/rollouts/").body()).path("rollouts")) {
            if (rollout.path("id").asLong() == id) {
                return rollout;
            }
        }
        throw new AssertionError("no rollout " + id);
    }

    private static JsonNode awaitRollout(long id, Predicate<JsonNode> condition, String what) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        JsonNode rollout = null;
        while (System.nanoTime() < deadline) {
            rollout = rollout(id);
            if (condition.test(rollout)) {
                return rollout;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(what + " within 150 s: " + rollout);
    }

    private static String version(RunningInstance host) throws Exception {
        return new HostModule(host, "swap").installed().path("version").asText();
    }

    private static String awaitVersion(RunningInstance host, String version) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        String now = null;
        while (System.nanoTime() < deadline) {
            now = version(host);
            String status = host.getAsAdmin("/api/host/status").body();
            if (version.equals(now) && status.contains("\"operation\":null") && status.contains("\"queued\":0")) {
                return now;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(host.dir + " runs swap " + now + ", not " + version + ", after 150 s");
    }

    /** The rollout state of swap {@code version} in {@code host}'s catalogue (null: not held back there). */
    private static String heldThere(RunningInstance host, String version) throws Exception {
        new HostModule(host, "swap").sync();
        for (JsonNode module : JSON.readTree(host.getAsAdmin("/api/host/catalogue").body()).path("modules")) {
            for (JsonNode release : module.path("releases")) {
                if (module.path("name").asText().equals("swap") && release.path("version").asText().equals(version)) {
                    return release.path("rollout").isNull() ? null : release.path("rollout").asText();
                }
            }
        }
        throw new AssertionError("swap " + version + " is not in the catalogue of " + host.dir);
    }

    private static String operations(RunningInstance host) throws Exception {
        return host.getAsAdmin("/api/host/operations?module=swap&limit=50").body();
    }

    @Test
    @Order(1)
    void aReleaseThatFailsOnThePilotHaltsItsRolloutBeforeTheOtherHostsTakeIt() throws Exception {
        HostModule.release(SWAP, repository, PUBLISHER, PASSWORD, "2.0.0", "module.fail=true");
        HttpResponse<String> started = repository.postAsAdmin("/api/repository/rollouts/", "{\"release\":"
                + "\"be.imio.solutions:swap:2.0.0\",\"rings\":[{\"group\":\"pilote\",\"soakMinutes\":60},"
                + "{\"percent\":100}]}");
        assertEquals(201, started.statusCode(), started.body());
        long id = JSON.readTree(started.body()).path("id").asLong();
        JsonNode pilotRing = JSON.readTree(started.body()).path("rings").get(0);
        assertEquals("[\"rollout-pilote\"]", pilotRing.path("hosts").toString(), "the pilot group, resolved to its hosts");

        JsonNode halted = awaitRollout(id, r -> r.path("state").asText().equals("halted"),
                "the pilot's rollback halts the rollout");
        assertEquals("rollbacks", halted.path("haltReason").asText(), halted.toString());
        assertEquals("rollout-pilote", halted.path("haltHosts").get(0).asText());
        assertEquals(0, halted.path("stage").asInt(), "still at the pilot's ring");
        assertTrue(operations(hosts[0]).contains("rolled_back"), "the pilot tried 2.0.0 and rolled back");
        assertEquals("1.0.0", awaitVersion(hosts[0], "1.0.0"));
        for (RunningInstance other : List.of(hosts[1], hosts[2])) {
            assertEquals("halted", heldThere(other, "2.0.0"), "shown halted in the catalogue of " + other.dir);
            assertEquals("1.0.0", version(other));
            assertFalse(operations(other).contains("\"toVersion\":\"2.0.0\""), "never tried on " + other.dir);
        }
        assertTrue(repository.karafLog().contains("Rollout " + id + " of be.imio.solutions:swap:2.0.0 halted by itself"),
                "logged with why");

        HttpResponse<String> aborted = repository.postAsAdmin("/api/repository/rollouts/" + id + "/abort",
                "{\"reason\":\"ne démarre pas\"}");
        assertEquals(200, aborted.statusCode(), aborted.body());
        assertEquals("aborted", JSON.readTree(aborted.body()).path("state").asText());
        assertEquals(409, repository.postAsAdmin("/api/repository/rollouts/" + id + "/resume", "{}").statusCode(),
                "an aborted rollout is over");
    }

    @Test
    @Order(2)
    void aGoodReleaseReachesThePilotFirstThenEveryRing() throws Exception {
        HostModule.release(SWAP, repository, PUBLISHER, PASSWORD, "3.0.0");
        HttpResponse<String> started = repository.postAsAdmin("/api/repository/rollouts/", "{\"release\":"
                + "\"be.imio.solutions:swap:3.0.0\",\"rings\":[{\"hosts\":[\"rollout-pilote\"],\"soakMinutes\":1},"
                + "{\"percent\":100}]}");
        assertEquals(201, started.statusCode(), started.body());
        long id = JSON.readTree(started.body()).path("id").asLong();
        long soakEnds = System.nanoTime() + TimeUnit.SECONDS.toNanos(55);

        assertEquals("3.0.0", awaitVersion(hosts[0], "3.0.0"), "the pilot takes it by itself");
        if (System.nanoTime() < soakEnds) {
            // While the pilot's ring soaks, the others see it coming and wait.
            for (RunningInstance other : List.of(hosts[1], hosts[2])) {
                assertEquals("running", heldThere(other, "3.0.0"), "en cours de déploiement on " + other.dir);
                assertEquals("1.0.0", version(other));
            }
        }
        JsonNode completed = awaitRollout(id, r -> r.path("state").asText().equals("completed"),
                "the rollout moves through its rings once the pilot's has soaked");
        assertEquals(1, completed.path("stage").asInt());
        for (RunningInstance host : hosts) {
            assertEquals("3.0.0", awaitVersion(host, "3.0.0"), "every host takes it");
            assertEquals(null, heldThere(host, "3.0.0"), "no longer held anywhere");
        }
        JsonNode progress = rollout(id);
        assertEquals(1, progress.path("rings").get(0).path("running").asInt(), progress.toString());
        assertEquals(2, progress.path("rings").get(1).path("running").asInt(), progress.toString());

        String shell = repository.shell("admin", repository.adminPassword(), "imio:rollout-list");
        assertTrue(shell.contains("be.imio.solutions:swap:3.0.0") && shell.contains("terminé")
                && shell.contains("be.imio.solutions:swap:2.0.0") && shell.contains("arrêté"), shell);
    }

    @Test
    @Order(3)
    void refusedRolloutsChangeNothing() throws Exception {
        String[][] refused = {
            {"{\"release\":\"be.imio.solutions:swap:9.9.9\",\"rings\":[{\"percent\":100}]}", "404", "unknown_release"},
            {"{\"release\":\"swap\",\"rings\":[{\"percent\":100}]}", "400", "bad_release"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"hosts\":[\"nowhere\"]}]}", "400", "unknown_hosts"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"group\":\"nogroup\"}]}", "400", "empty_group"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"percent\":150}]}", "400", "bad_rings"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[]}", "400", "bad_rings"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"percent\":\"all\"}]}", "400", "bad_rings"},
            {"{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"percent\":100}],\"maxUnhealthyPercent\":0}",
                "400", "bad_thresholds"},
        };
        int before = JSON.readTree(repository.getAsAdmin("/api/repository/rollouts/").body()).path("rollouts").size();
        for (String[] attempt : refused) {
            HttpResponse<String> answer = repository.postAsAdmin("/api/repository/rollouts/", attempt[0]);
            assertEquals(Integer.parseInt(attempt[1]), answer.statusCode(), attempt[0] + " -> " + answer.body());
            assertTrue(answer.body().contains("\"error\":\"" + attempt[2] + "\""), answer.body());
        }
        String body = "{\"release\":\"be.imio.solutions:swap:1.0.0\",\"rings\":[{\"percent\":100}]}";
        assertEquals(401, repository.post("/api/repository/rollouts/", body, "application/json", null).statusCode());
        assertEquals(403, repository.post("/api/repository/rollouts/", body, "application/json",
                "viewer-rollout:" + PASSWORD).statusCode(), "a viewer reads, never starts one");
        assertEquals(403, repository.post("/api/repository/rollouts/" + 1 + "/widen", "{}", "application/json",
                "viewer-rollout:" + PASSWORD).statusCode());
        assertEquals(before, JSON.readTree(repository.getAsAdmin("/api/repository/rollouts/").body()).path("rollouts").size(),
                "no rollout recorded");
    }

    /** The pending mandatory update of swap on {@code host}, or null. */
    private static JsonNode mandatory(RunningInstance host) throws Exception {
        HttpResponse<String> answer = host.getAsAdmin("/api/host/mandatory-updates");
        assertEquals(200, answer.statusCode(), answer.body());
        for (JsonNode update : JSON.readTree(answer.body()).path("mandatoryUpdates")) {
            if (update.path("module").asText().equals("swap")) {
                return update;
            }
        }
        return null;
    }

    private static JsonNode required(String release) throws Exception {
        for (JsonNode entry : JSON.readTree(repository.getAsAdmin("/api/repository/required/").body()).path("required")) {
            if (entry.path("release").asText().equals(release)) {
                return entry;
            }
        }
        return null;
    }

    @Test
    @Order(4)
    void aMandatoryUpdateIsAppliedAtItsDeadlineUnderManualAndOnAPinAndDeferredOnceWithItsReasonShownCentrally()
            throws Exception {
        // Every host under the manual policy now; the third one pinned to what it runs.
        for (RunningInstance host : hosts) {
            HostModule swap = new HostModule(host, "swap");
            assertEquals("succeeded", swap.operate("policy", "{\"policy\":\"manual\"}").path("state").asText());
        }
        assertEquals("succeeded", new HostModule(hosts[2], "swap").operate("pin", "{\"version\":\"3.0.0\"}")
                .path("state").asText());
        HostModule.release(SWAP, repository, PUBLISHER, PASSWORD, "4.0.0");
        String release = "be.imio.solutions:swap:4.0.0";
        java.time.Instant by = java.time.Instant.now().plusSeconds(45);
        String body = "{\"release\":\"" + release + "\",\"by\":\"" + by + "\",\"reason\":\"Faille XSS corrigée\"}";

        // Refused, changing nothing: in testing still (hosts of the stable channel would not see it),
        // a date past or too far, no reason, a deferral of more than 90 days, unknown, by a viewer.
        String[][] refused = {
            {body, "409", "not_stable"},
            {body.replace("4.0.0", "9.9.9"), "404", "unknown_release"},
            {body.replace(by.toString(), "2020-01-01T00:00:00Z"), "400", "bad_date"},
            {body.replace(by.toString(), "demain"), "400", "bad_date"},
            {body.replace(by.toString(), by.plus(java.time.Duration.ofDays(400)).toString()), "400", "bad_date"},
            {body.replace("Faille XSS corrigée", " "), "400", "reason_required"},
            {body.replace("}", ",\"deferDays\":91}"), "400", "bad_defer_days"},
            {body.replace("}", ",\"deferDays\":\"30\"}"), "400", "bad_defer_days"},
        };
        for (String[] attempt : refused) {
            HttpResponse<String> answer = repository.postAsAdmin("/api/repository/required/", attempt[0]);
            assertEquals(Integer.parseInt(attempt[1]), answer.statusCode(), attempt[0] + " -> " + answer.body());
            assertTrue(answer.body().contains("\"error\":\"" + attempt[2] + "\""), answer.body());
        }
        assertEquals(401, repository.post("/api/repository/required/", body, "application/json", null).statusCode());
        assertEquals(403, repository.post("/api/repository/required/", body, "application/json",
                "viewer-rollout:" + PASSWORD).statusCode(), "a viewer reads, never requires");
        assertEquals(null, required(release), "nothing recorded");

        assertEquals(200, repository.postAsAdmin("/api/repository/releases/" + release + "/promote", "{}").statusCode());
        HttpResponse<String> set = repository.postAsAdmin("/api/repository/required/", body);
        assertEquals(201, set.statusCode(), set.body());
        assertEquals(by.plus(java.time.Duration.ofDays(30)).toString(), JSON.readTree(set.body()).path("deferLimit").asText(),
                "deferrable 30 days by default");
        JsonNode audited = JSON.readTree(repository.getAsAdmin("/api/repository/audit?action=require&subject=swap:4.0.0")
                .body()).path("entries");
        assertEquals(1, audited.size(), audited.toString());
        assertEquals("admin", audited.get(0).path("actor").asText());
        assertTrue(audited.get(0).path("detail").asText().contains("Faille XSS corrigée"), audited.toString());
        HttpResponse<String> badQuery = repository.getAsAdmin("/api/repository/audit?limit=0");
        assertEquals(400, badQuery.statusCode(), badQuery.body());
        assertTrue(badQuery.body().contains("\"error\":\"bad_query\""), badQuery.body());

        // Every host shows it before its deadline, under manual: nothing installed yet.
        for (RunningInstance host : hosts) {
            new HostModule(host, "swap").sync();
            JsonNode pending = mandatory(host);
            assertTrue(pending != null, "shown on " + host.dir);
            assertEquals("4.0.0", pending.path("version").asText(), pending.toString());
            assertEquals(by.toString(), pending.path("requiredBy").asText(), pending.toString());
            assertEquals("Faille XSS corrigée", pending.path("reason").asText());
            assertTrue(pending.path("deferrable").asBoolean(), pending.toString());
            assertEquals("3.0.0", version(host));
        }

        // The pilot's administrator defers it, once, with a reason and a date within iMio's limit.
        // Whole minutes: the console's date and time field has no seconds.
        java.time.Instant until = by.plus(java.time.Duration.ofDays(7)).truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        String[][] badDeferrals = {
            {"{\"until\":\"" + by.minusSeconds(3600) + "\",\"reason\":\"plus tard\"}", "400", "bad_date"},
            {"{\"until\":\"" + by.plus(java.time.Duration.ofDays(31)) + "\",\"reason\":\"plus tard\"}", "400", "bad_date"},
            {"{\"until\":\"la semaine prochaine\",\"reason\":\"plus tard\"}", "400", "bad_date"},
            {"{\"until\":\"" + until + "\",\"reason\":\"  \"}", "400", "bad_reason"},
            {"{\"until\":\"" + until + "\",\"reason\":\"a\\u0007b\"}", "400", "bad_reason"},
            {"{\"until\":\"" + until + "\",\"reason\":\"plus tard\",\"version\":\"3.9.9\"}", "409", "not_required"},
        };
        for (String[] attempt : badDeferrals) {
            HttpResponse<String> answer = hosts[0].postAsAdmin("/api/host/modules/swap/defer", attempt[0]);
            assertEquals(Integer.parseInt(attempt[1]), answer.statusCode(), attempt[0] + " -> " + answer.body());
            assertTrue(answer.body().contains("\"error\":\"" + attempt[2] + "\""), answer.body());
        }
        assertEquals("null", mandatory(hosts[0]).path("deferral").toString(), "nothing deferred by a refusal");
        String why = "Conseil communal le 15 : aucun changement avant";
        // From the host's console, as its administrator would: the dashboard says it, the form defers it.
        String cookie = consoleLogIn(hosts[0]);
        String dashboard = console(hosts[0], "GET", "/console/?lang=fr", cookie, null).body();
        assertTrue(dashboard.contains("id=\"mandatory\"") && dashboard.contains("Faille XSS corrigée")
                && dashboard.contains("href=\"/console/mandatory/swap\""), dashboard);
        HttpResponse<String> form = console(hosts[0], "GET", "/console/mandatory/swap?lang=fr", cookie, null);
        assertEquals(200, form.statusCode(), form.body());
        java.util.regex.Matcher csrf = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(form.body());
        assertTrue(csrf.find(), form.body());
        String token = java.net.URLDecoder.decode(csrf.group(1), java.nio.charset.StandardCharsets.UTF_8);
        String local = java.time.LocalDateTime.ofInstant(until, java.time.ZoneId.of("Europe/Brussels")).toString();
        HttpResponse<String> noReason = console(hosts[0], "POST", "/console/mandatory/swap", cookie,
                ConsoleFixture.form(java.util.Map.of("csrf", token, "until", local, "reason", "")));
        assertEquals(400, noReason.statusCode(), noReason.body());
        assertTrue(noReason.body().contains("id=\"reason-error\"") && noReason.body().contains("aria-invalid=\"true\""),
                "said next to the field: " + noReason.body());
        HttpResponse<String> deferred = console(hosts[0], "POST", "/console/mandatory/swap", cookie,
                ConsoleFixture.form(java.util.Map.of("csrf", token, "until", local, "reason", why)));
        assertEquals(303, deferred.statusCode(), deferred.body());
        assertTrue(console(hosts[0], "GET", "/console/?lang=fr&deferred=swap", cookie, null).body()
                .contains("Reportée au"), "the dashboard shows the deferral");
        JsonNode journalled = JSON.readTree(operations(hosts[0])).path("operations").get(0);
        assertEquals("defer", journalled.path("action").asText(), journalled.toString());
        assertEquals("admin", journalled.path("requestedBy").asText(), journalled.toString());
        HttpResponse<String> again = hosts[0].postAsAdmin("/api/host/modules/swap/defer",
                "{\"until\":\"" + until.plusSeconds(60) + "\",\"reason\":\"encore\"}");
        assertEquals(409, again.statusCode(), again.body());
        assertTrue(again.body().contains("\"error\":\"already_deferred\""), again.body());
        JsonNode pilot = mandatory(hosts[0]);
        assertEquals(until.toString(), pilot.path("due").asText(), pilot.toString());
        assertEquals(why, pilot.path("deferral").path("reason").asText(), pilot.toString());
        String listed = hosts[0].shell("admin", hosts[0].adminPassword(), "imio:module-defer");
        assertTrue(listed.contains("4.0.0") && listed.contains(why), listed);

        // At the deadline, in the maintenance window: the manual host updates, the pinned one is pinned
        // to the required release; the pilot, deferred, does not.
        assertEquals("4.0.0", awaitVersion(hosts[1], "4.0.0"), "applied under manual");
        assertEquals("4.0.0", awaitVersion(hosts[2], "4.0.0"), "applied on a pinned module");
        assertEquals("4.0.0", new HostModule(hosts[2], "swap").installed().path("pinned").asText(), "the pin follows");
        assertTrue(operations(hosts[1]).contains("\"requestedBy\":\"deadline\""), operations(hosts[1]));
        for (RunningInstance host : List.of(hosts[1], hosts[2])) {
            JsonNode after = JSON.readTree(operations(host)).path("operations").get(0);
            assertTrue(!java.time.Instant.parse(after.path("requestedAt").asText()).isBefore(by),
                    "not before its deadline: " + after);
            assertEquals(null, mandatory(host), "nothing pending any more on " + host.dir);
        }
        assertEquals("3.0.0", version(hosts[0]), "deferred: still what it ran");
        for (JsonNode operation : JSON.readTree(operations(hosts[0])).path("operations")) {
            assertFalse(operation.path("toVersion").asText().equals("4.0.0")
                    && !operation.path("action").asText().equals("defer"), "never tried on the pilot: " + operation);
        }

        // iMio sees the deferral, its date and its reason, in the fleet view and on the requirement.
        long limit = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        JsonNode status = required(release);
        while (System.nanoTime() < limit && (status.path("updated").asInt() < 2 || status.path("deferred").size() < 1)) {
            Thread.sleep(500);
            status = required(release);
        }
        assertEquals(2, status.path("updated").asInt(), status.toString());
        assertEquals("[\"rollout-pilote\"]", status.path("pending").toString(), status.toString());
        assertEquals("rollout-pilote", status.path("deferred").get(0).path("host").asText(), status.toString());
        assertEquals(why, status.path("deferred").get(0).path("reason").asText(), status.toString());
        assertEquals(until.toString(), status.path("deferred").get(0).path("until").asText(), status.toString());
        JsonNode fleet = JSON.readTree(repository.getAsAdmin("/api/repository/fleet?flag=deferred").body());
        assertEquals(1, fleet.path("hosts").size(), fleet.toString());
        JsonNode swap = fleet.path("hosts").get(0).path("modules").get(0);
        assertEquals(why, swap.path("deferral").path("reason").asText(), fleet.toString());
        assertTrue(swap.path("flags").toString().contains("deferred"), swap.toString());
        String csv = repository.get("/api/repository/fleet?format=csv&flag=deferred", "admin:" + repository.adminPassword())
                .body();
        assertTrue(csv.contains(why), csv);
    }

    private static String consoleLogIn(RunningInstance host) throws Exception {
        String cookie = ConsoleFixture.logIn(host.httpPort, "admin", host.adminPassword());
        assertTrue(cookie != null, "the administrator logs in to " + host.dir);
        return cookie;
    }

    private static HttpResponse<String> console(RunningInstance host, String method, String path, String cookie,
            String form) throws Exception {
        return ConsoleFixture.page(host.httpPort, method, path, cookie, form);
    }
}
