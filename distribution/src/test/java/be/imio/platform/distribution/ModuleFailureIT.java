package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Set;
import java.util.List;
import java.net.http.HttpResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Releases of a module of Declarative Services components ({@code probe}) that install fine but
 * do not work, caught by the host itself through Felix SCR, without the module's own health check,
 * and rolled back at once rather than after the health time limit: a component that throws in
 * {@code activate} (also when it is the module's health check), one whose mandatory service never
 * comes. A service that comes a moment late is
 * no failure; a module's own health check that stays DOWN still is, at the time limit. The tests
 * build on one another, in order, on one repository and one host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModuleFailureIT {

    private static final String PUBLISHER = "publisher-probe";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    /** Well below the default 60 s, so that the module's own DOWN check is seen within the test's time. */
    private static final int HEALTH_TIMEOUT_SECONDS = 20;
    private static final String COMPONENT = "be.imio.solutions.probe.ProbeServlet";

    private static RunningInstance repository;
    private static RunningInstance host;
    private static HostModule probe;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        // Requests held during a swap wait 5 s at most, less than the test client's own 10 s limit.
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"),
                "\nhealthTimeoutSeconds = " + HEALTH_TIMEOUT_SECONDS + "\nswapWaitSeconds = 5\n", StandardOpenOption.APPEND);
        host.start();
        probe = new HostModule(host, "probe");
        Path swapModule = Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module"));
        Path source = swapModule.resolveSibling("probe-module");
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.0.0");
        // A patch whose servlet component throws in activate; no health check.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.0.1", "probe.fail=true");
        // Its servlet needs a service nobody registers.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.1.0",
                "probe.reference=be.imio.solutions.probe.ProbeLedger", "probe.target=(objectClass=*)");
        // The same service, registered by the module itself 1.5 s after it starts.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.2.0",
                "probe.reference=be.imio.solutions.probe.ProbeLedger", "probe.target=(objectClass=*)",
                "probe.components=OSGI-INF/servlet.xml,OSGI-INF/late.xml");
        // Every component runs, but the module's own health check says DOWN.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.3.0",
                "probe.components=OSGI-INF/servlet.xml,OSGI-INF/health.xml");
        // Its servlet component, which is also its health check, throws in activate.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.4.0", "probe.fail=true",
                "probe.components=OSGI-INF/servlet-checked.xml",
                "probe.capability=osgi.service;objectClass:List<String>=\"javax.servlet.Servlet,"
                        + "be.imio.platform.api.HealthCheck\"");
        // Its servlet's init throws: the page can never be served.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.5.0", "probe.fail=init");
        // Its health check throws an Error, or never answers.
        for (String[] variant : new String[][] {{"1.6.0", "check-error"}, {"1.7.0", "check-block"}}) {
            HostModule.release(source, repository, PUBLISHER, PASSWORD, variant[0], "probe.fail=" + variant[1],
                    "probe.components=OSGI-INF/servlet-checked.xml",
                    "probe.capability=osgi.service;objectClass:List<String>=\"javax.servlet.Servlet,"
                            + "be.imio.platform.api.HealthCheck\"");
        }
        // Its servlet component's activate waits ten minutes (unless interrupted).
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.8.0", "probe.fail=block");
        // Its servlet component's activate throws after 4 s.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.9.0", "probe.fail=slow-fail");
        // Its servlet component's activate waits ten minutes and ignores interrupts.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.10.0", "probe.fail=block-hard");
        probe.sync();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    /** Updates probe to {@code version} while {@code visits} runs, then ends them and prints what the visitor got. */
    private static JsonNode updateWhileVisited(String version, HostModule.Visits visits) throws Exception {
        try {
            return probe.operate("update", "{\"version\":\"" + version + "\"}");
        } finally {
            visits.close();
            System.out.printf("probe %s, a visitor during the update and its rollback: %s%n", version, visits.answers());
        }
    }

    @Test
    @Order(0)
    void aReleaseWhosePageComponentFailsIsNotEnabledEvenBeforeAnyPageWasServed() throws Exception {
        // Nothing has asked for a module's page since the host started: the web container has not
        // started the modules' dispatcher yet, so only the health wait can see the page fail.
        JsonNode enabled = probe.operate("enable", "{\"version\":\"1.0.1\"}");
        assertTrue(List.of("rolled_back", "failed").contains(enabled.path("state").asText()),
                "a first enable of a release whose page component throws in activate: " + enabled);
        assertTrue(enabled.path("reason").asText().contains(COMPONENT), enabled.toString());
        HttpResponse<String> modules = host.getAsAdmin("/api/host/modules");
        assertFalse(modules.body().contains("\"version\":\"1.0.1\""), "1.0.1 runs nowhere: " + modules.body());
    }

    @Test
    @Order(1)
    void aWorkingReleaseIsEnabled() throws Exception {
        JsonNode enabled = probe.operate("enable", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", enabled.path("state").asText(), "enabling probe 1.0.0: " + enabled);
        probe.awaitPage("probe 1.0.0", 10);
        assertEquals("UP", probe.installed().path("health").path("state").asText());
        // A page with a bug: the visitor gets the platform's error page, never the exception.
        var thrown = host.get("/modules/probe/public/throw", null);
        assertEquals(500, thrown.statusCode(), thrown.body());
        assertTrue(thrown.body().contains("Erreur du module") && !thrown.body().contains("IllegalStateException")
                && !thrown.body().contains("secret") && !thrown.body().contains("dispatcher"), thrown.body());
        assertEquals("200 probe 1.0.0", host.get("/modules/probe/public/version", null).statusCode() + " "
                + host.get("/modules/probe/public/version", null).body(), "the module still serves");
    }

    @Test
    @Order(2)
    void aComponentThatThrowsInActivateIsRolledBackAtOnceWithItsException() throws Exception {
        HostModule.Visits visits = probe.visit();
        JsonNode update = updateWhileVisited("1.0.1", visits);
        assertEquals(Set.of("200 probe 1.0.0"), visits.answers().keySet(),
                "the previous version answered throughout, the host holding requests while it swapped");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.0.1 (activate throws): %s in %d ms from start to end of the operation: %s%n",
                update.path("state").asText(), ran.toMillis(), update.path("reason").asText());
        assertEquals("rolled_back", update.path("state").asText(), "a release whose component fails: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.contains(COMPONENT), "the reason names the component: " + reason);
        // The exception's own " / " is softened so that the reason stays one French / English pair.
        assertTrue(reason.contains("registre des sondes illisible - probe register unreadable")
                && reason.contains("IllegalStateException"), "and its exception: " + reason);
        assertTrue(reason.matches("le composant .* n'a pas pu démarrer : .* / component .* failed to activate: .*")
                && reason.split(" / ").length == 2, "in French, then English: " + reason);
        assertTrue(ran.toSeconds() < HEALTH_TIMEOUT_SECONDS, "caught without waiting for the health time limit: " + ran);
        // For whoever fixes the module: the stack trace the framework recorded, where it was thrown.
        String detail = update.path("detail").asText();
        assertTrue(detail.contains("java.lang.IllegalStateException") && detail.contains("at be.imio.solutions.probe."),
                "the detail is the technical trace: " + detail);
        probe.awaitPage("probe 1.0.0", 10);
        JsonNode module = probe.installed();
        assertEquals("1.0.0", module.path("version").asText(), "1.0.0 runs again: " + module);
        assertEquals("UP", module.path("health").path("state").asText(), "and is healthy: " + module);
    }

    @Test
    @Order(3)
    void aComponentWhoseMandatoryServiceNeverComesIsRolledBack() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.1.0\"}");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.1.0 (unsatisfied reference): %s in %d ms from start to end of the operation: %s%n",
                update.path("state").asText(), ran.toMillis(), update.path("reason").asText());
        assertEquals("rolled_back", update.path("state").asText(), "a release missing a service: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.contains(COMPONENT) && reason.contains("be.imio.solutions.probe.ProbeLedger"),
                "the reason names the component and the service it lacks: " + reason);
        assertTrue(reason.contains("n'a pas le service obligatoire") && reason.contains("lacks the mandatory service"),
                "in French and English: " + reason);
        assertTrue(ran.toSeconds() < HEALTH_TIMEOUT_SECONDS, "caught without waiting for the health time limit: " + ran);
        probe.awaitPage("probe 1.0.0", 10);
        assertEquals("1.0.0", probe.installed().path("version").asText());
    }

    @Test
    @Order(4)
    void aServiceThatComesAMomentLaterIsNoFailure() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.2.0\"}");
        assertEquals("succeeded", update.path("state").asText(), "a component waiting 1.5 s for a service: " + update);
        probe.awaitPage("probe 1.2.0", 10);
        assertEquals("UP", probe.installed().path("health").path("state").asText());
    }

    @Test
    @Order(5)
    void aModuleWhoseOwnHealthCheckStaysDownIsRolledBackAtTheTimeLimit() throws Exception {
        HostModule.Visits visits = probe.visit();
        JsonNode update = updateWhileVisited("1.3.0", visits);
        // Once the platform's checks passed, its pages serve while its own check has the rest of the
        // time limit; held again for the rollback: visitors never get an error page.
        visits.answers().keySet().forEach(answer -> assertTrue(answer.equals("200 probe 1.2.0")
                || answer.equals("200 probe 1.3.0"), "a visitor got: " + answer + " in " + visits.answers()));
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.3.0 (health check DOWN): %s in %d ms%n", update.path("state").asText(), ran.toMillis());
        assertEquals("rolled_back", update.path("state").asText(), "a release whose health check is DOWN: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.startsWith("contrôle de santé en échec : file des sondes bloquée (après ")
                && reason.contains(" / health check down: probe queue stuck (after "), "the check's own words: " + reason);
        assertTrue(ran.toSeconds() >= HEALTH_TIMEOUT_SECONDS, "its own check is given the whole time limit: " + ran);
        probe.awaitPage("probe 1.2.0", 10);
        assertEquals("1.2.0", probe.installed().path("version").asText());
    }

    @Test
    @Order(7)
    void aServletWhoseInitThrowsIsRolledBackAtOnce() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.5.0\"}");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.5.0 (servlet init throws): %s in %d ms%n", update.path("state").asText(), ran.toMillis());
        assertEquals("rolled_back", update.path("state").asText(), "pages that cannot start: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.contains("pages cannot start") && reason.contains("ServletException"), reason);
        assertTrue(ran.toSeconds() < HEALTH_TIMEOUT_SECONDS, "caught without waiting for the health time limit: " + ran);
        probe.awaitPage("probe 1.2.0", 10);
    }

    @Test
    @Order(8)
    void aHealthCheckThatThrowsAnErrorOrNeverAnswersEndsInARollbackAndHoldsNoPage() throws Exception {
        for (String[] variant : new String[][] {{"1.6.0", "NoClassDefFoundError"}, {"1.7.0", "answer"}}) {
            java.util.concurrent.CompletableFuture<JsonNode> update = java.util.concurrent.CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            return probe.operate("update", "{\"version\":\"" + variant[0] + "\"}");
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            // Meanwhile the host's own health and status answer (their HTTP client gives up after 10 s).
            Thread.sleep(3000);
            int health = host.get("/health", null).statusCode();
            assertTrue(health == 200 || health == 503, "/health answers during the check: " + health);
            assertEquals(200, host.getAsAdmin("/api/status").statusCode(), "/api/status answers");
            JsonNode done = update.get(HEALTH_TIMEOUT_SECONDS + 90, java.util.concurrent.TimeUnit.SECONDS);
            assertEquals("rolled_back", done.path("state").asText(), variant[0] + ": " + done);
            assertTrue(done.path("reason").asText().contains(variant[1]), done.path("reason").asText());
            probe.awaitPage("probe 1.2.0", 10);
        }
    }

    @Test
    @Order(6)
    void aFailedComponentThatIsAlsoTheHealthCheckIsRolledBackWithoutWaitingForTheCheck() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.4.0\"}");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.4.0 (activate throws, declares a health check): %s in %d ms%n",
                update.path("state").asText(), ran.toMillis());
        assertEquals("rolled_back", update.path("state").asText(), "a release whose component fails: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.contains(COMPONENT) && reason.contains("probe register unreadable"),
                "the reason gives the component and its exception, not only a missing check: " + reason);
        assertTrue(ran.toSeconds() < HEALTH_TIMEOUT_SECONDS, "caught without waiting for the health time limit: " + ran);
        probe.awaitPage("probe 1.2.0", 10);
        assertEquals("1.2.0", probe.installed().path("version").asText());
    }

    @Test
    @Order(11)
    void aComponentThatFailsAfterAWhileIsStartedOnceAndRolledBack() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.9.0\"}");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.9.0 (activate throws after 4 s): %s in %d ms%n", update.path("state").asText(),
                ran.toMillis());
        assertEquals("rolled_back", update.path("state").asText(), update.toString());
        assertTrue(update.path("reason").asText().contains("probe server silent"), update.path("reason").asText());
        // Felix SCR logs each activation that throws: the host did not have it tried again (each try
        // is 4 s more of a module that answers nothing).
        long activations = host.karafLog().lines().filter(line -> line.contains("The activate method has thrown")
                && line.contains("probe") && line.contains("1.9.0")).count();
        if (activations != 1) {
            String log = host.karafLog();
            int from = log.indexOf("Adding features: probe/[1.9.0");
            System.out.println(log.substring(Math.max(0, from), Math.min(log.length(), Math.max(0, from) + 60_000)));
        }
        assertEquals(1, activations, "activations of probe 1.9.0 in karaf.log: " + host.karafLog().lines()
                .filter(line -> line.contains("1.9.0")).toList());
        probe.awaitPage("probe 1.2.0", 10);
    }

    @Test
    @Order(9)
    void aComponentWhoseActivateBlocksIsInterruptedAtTheTimeLimitAndRolledBack() throws Exception {
        JsonNode update = probe.operate("update", "{\"version\":\"1.8.0\"}");
        Duration ran = HostModule.ran(update);
        System.out.printf("probe 1.8.0 (activate blocks): %s in %d ms: %s%n", update.path("state").asText(),
                ran.toMillis(), update.path("reason").asText());
        assertEquals("rolled_back", update.path("state").asText(), "a release whose start-up blocks: " + update);
        String reason = update.path("reason").asText();
        assertTrue(reason.contains("a bloqué plus de " + HEALTH_TIMEOUT_SECONDS + " s (" + COMPONENT + ".activate)")
                && reason.contains("blocked for more than " + HEALTH_TIMEOUT_SECONDS + " s"), reason);
        assertTrue(ran.toSeconds() < 2 * HEALTH_TIMEOUT_SECONDS, "ended soon after the time limit: " + ran);
        probe.awaitPage("probe 1.2.0", 10);
        assertEquals("UP", probe.installed().path("health").path("state").asText());
        // Karaf is free again: the next operation runs.
        JsonNode next = probe.operate("update", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", next.path("state").asText(), "an update after the blocked one: " + next);
        probe.awaitPage("probe 1.0.0", 10);
    }

    @Test
    @Order(10)
    void aHostKilledWhileAReleaseBlocksComesBackOnThePreviousVersion() throws Exception {
        // At boot the framework would start 1.8.0 again, whose activate blocks in its start-level
        // thread: the host keeps it stopped while it brings 1.0.0 back.
        killDuringUpdateToThenRestart("1.8.0", "1.0.0", "killed during a blocked start-up");
        JsonNode module = probe.installed();
        assertEquals("1.0.0", module.path("version").asText(), module.toString());
        assertEquals("UP", module.path("health").path("state").asText(), module.toString());
        JsonNode next = probe.operate("update", "{\"version\":\"1.2.0\"}");
        assertEquals("succeeded", next.path("state").asText(), "an update after the restart: " + next);
    }

    @Test
    @Order(12)
    void aReleaseWhoseStartUpCannotBeInterruptedIsNotStartedAgainAfterARestart() throws Exception {
        // Its start-up holds Karaf's deployment for ten minutes whatever the host does: local IT restarts.
        killDuringUpdateToThenRestart("1.10.0", "1.2.0", "killed during a start-up that ignores interrupts");
        JsonNode next = probe.operate("update", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", next.path("state").asText(), "operations run again: " + next);
    }

    /**
     * Asks for an update to {@code broken}, kills the host 5 s into it and starts it again; asserts
     * that {@code previous} answers again and that the operation ended {@code interrupted}.
     */
    private static void killDuringUpdateToThenRestart(String broken, String previous, String what) throws Exception {
        var response = host.postAsAdmin("/api/host/modules/probe/update", "{\"version\":\"" + broken + "\"}");
        assertEquals(202, response.statusCode(), response.body());
        long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body()).path("operation")
                .path("id").asLong();
        Thread.sleep(5000);
        host.kill();
        long restarted = System.nanoTime();
        host.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(HEALTH_TIMEOUT_SECONDS + 60);
        String page = "";
        while (!page.startsWith("200 ") && System.nanoTime() < deadline) {
            try {
                var answer = host.get("/modules/probe/public/version", null);
                page = answer.statusCode() + " " + answer.body();
            } catch (java.io.IOException e) {
                // Held past the client's time limit while the host restores the module: ask again.
                page = e.toString();
            }
            Thread.sleep(250);
        }
        System.out.printf("%s: %s answering %d s after the restart began%n", what, previous,
                Duration.ofNanos(System.nanoTime() - restarted).toSeconds());
        host.karafLog().lines().filter(line -> line.contains("was being installed") || line.contains("keep bundle"))
                .forEach(System.out::println);
        if (!page.equals("200 probe " + previous)) {
            String log = host.karafLog();
            System.out.println(log.substring(Math.max(0, log.length() - 20_000)));
        }
        assertEquals("200 probe " + previous, page, "the previous version answers again");
        JsonNode operation = new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                host.getAsAdmin("/api/host/operations/" + id).body());
        assertEquals("interrupted", operation.path("state").asText(), operation.toString());
    }
}
