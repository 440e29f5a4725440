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
}
