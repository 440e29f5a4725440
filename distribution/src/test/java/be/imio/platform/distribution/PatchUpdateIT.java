package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A module updated by a patch (1.0.0 to 1.0.1), a minor (1.1.0) and a major release (2.0.0),
 * each rolled back, as a commune would. A patch is the usual way to ship a security fix, and Karaf
 * installs it differently: it updates the bundle in place, which keeps the location of the release
 * first installed ({@code mvn:…/1.0.0} while 1.0.1 runs); the host must still know its module runs.
 * The tests build on one another, in order, on one repository and one host.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PatchUpdateIT {

    private static final String PUBLISHER = "publisher-patch";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();

    private static RunningInstance repository;
    private static RunningInstance host;
    private static HostModule swap;

    @BeforeAll
    static void startRepositoryAndHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
        swap = new HostModule(host, "swap");
        Path source = Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module"));
        for (String version : new String[] {"1.0.0", "1.0.1", "1.1.0", "2.0.0"}) {
            HostModule.release(source, repository, PUBLISHER, PASSWORD, version);
        }
        // A patch that does not start: the host must put the running release back, in place too.
        HostModule.release(source, repository, PUBLISHER, PASSWORD, "1.0.2", "module.fail=true");
        swap.sync();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void aPatchReleaseIsInstalledAndRolledBack() throws Exception {
        assertEquals("succeeded", swap.operate("enable", "{\"version\":\"1.0.0\"}").path("state").asText());
        swap.awaitPage("swap 1.0.0", 10);
        HttpResponse<String> note = host.postAsAdmin("/modules/swap/notes", "{\"text\":\"Avant le correctif\"}");
        assertEquals(201, note.statusCode(), "a note written by 1.0.0: " + note.body());

        updatedAndBack("1.0.1");
        HttpResponse<String> notes = host.getAsAdmin("/modules/swap/notes");
        assertTrue(notes.body().contains("Avant le correctif"), "the note is still there: " + notes.body());
    }

    @Test
    @Order(2)
    void aMinorReleaseIsInstalledAndRolledBack() throws Exception {
        updatedAndBack("1.1.0");
    }

    @Test
    @Order(3)
    void aMajorReleaseIsInstalledAndRolledBack() throws Exception {
        updatedAndBack("2.0.0");
    }

    @Test
    @Order(4)
    void aPatchThatDoesNotStartIsRolledBackToTheRunningRelease() throws Exception {
        JsonNode update = swap.operate("update", "{\"version\":\"1.0.2\"}");
        assertEquals("rolled_back", update.path("state").asText(), "a patch that does not start: " + update);
        assertEquals("1.0.0", update.path("fromVersion").asText(), update.toString());
        String reason = update.path("reason").asText();
        assertTrue(reason.contains("1.0.2") && !reason.contains("n'est pas installé"),
                "the reason tells what went wrong with 1.0.2, not that it could not be found: " + update);
        swap.awaitPage("swap 1.0.0", 10);
        JsonNode module = swap.installed();
        assertEquals("1.0.0", module.path("version").asText(), "1.0.0 runs again: " + module);
        assertEquals("UP", module.path("health").path("state").asText(), "and is healthy: " + module);
    }

    @Test
    @Order(5)
    void aHostRestartedAfterAPatchStillRunsThePatch() throws Exception {
        assertEquals("succeeded", swap.operate("update", "{\"version\":\"1.0.1\"}").path("state").asText());
        swap.awaitPage("swap 1.0.1", 10);
        host.stop();
        host.start();
        // The host checks at start that Karaf runs what its database says; then the module is UP.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(60);
        JsonNode module = swap.installed();
        while (!"UP".equals(module.path("health").path("state").asText()) && System.nanoTime() < deadline) {
            Thread.sleep(250);
            module = swap.installed();
        }
        assertEquals("1.0.1", module.path("version").asText(), "the host lists the patch after a restart: " + module);
        assertEquals("UP", module.path("health").path("state").asText(), "and it is healthy: " + module);
        swap.awaitPage("swap 1.0.1", 10);
        HttpResponse<String> notes = host.getAsAdmin("/modules/swap/notes");
        assertTrue(notes.body().contains("Avant le correctif"), "with its data: " + notes.body());
    }

    /**
     * From 1.0.0, updates swap to {@code version} (the new release's page answers, its health is
     * UP), then rolls it back (1.0.0's page answers again, healthy).
     */
    private static void updatedAndBack(String version) throws Exception {
        JsonNode update = swap.operate("update", "{\"version\":\"" + version + "\"}");
        assertEquals("succeeded", update.path("state").asText(), "updating swap 1.0.0 to " + version + ": " + update);
        swap.awaitPage("swap " + version, 10);
        JsonNode updated = swap.installed();
        assertEquals(version, updated.path("version").asText(), "the host lists " + version + ": " + updated);
        assertEquals("UP", updated.path("health").path("state").asText(), "swap " + version + " is healthy: " + updated);

        JsonNode rollback = swap.operate("rollback", "{}");
        assertEquals("succeeded", rollback.path("state").asText(), "rolling " + version + " back: " + rollback);
        assertEquals("1.0.0", rollback.path("toVersion").asText(), rollback.toString());
        swap.awaitPage("swap 1.0.0", 10);
        JsonNode back = swap.installed();
        assertEquals("1.0.0", back.path("version").asText(), "the host lists 1.0.0 again: " + back);
        assertEquals("UP", back.path("health").path("state").asText(), "swap 1.0.0 is healthy: " + back);
        System.out.printf("swap 1.0.0 -> %s: update %d ms, rollback %d ms%n", version,
                HostModule.ran(update).toMillis(), HostModule.ran(rollback).toMillis());
    }
}
