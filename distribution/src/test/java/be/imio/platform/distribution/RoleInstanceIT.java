package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each role, booted from the unpacked archive as a separate process: it answers over HTTP, keeps
 * its Derby data across a restart, logs no error, and leaves no process behind when stopped.
 */
class RoleInstanceIT {

    @ParameterizedTest
    @ValueSource(strings = {"repository", "host"})
    void bootsServesKeepsItsDataAcrossARestartAndStopsCleanly(String role) throws Exception {
        Distribution distribution = Distribution.unpacked();
        try (RunningInstance instance = RunningInstance.create(distribution, role)) {
            double firstBoot = instance.start();
            System.out.printf("%s: first boot to HTTP 200 in %.1f s%n", role, firstBoot);

            HttpResponse<String> health = instance.get("/health", null);
            assertEquals(200, health.statusCode());
            // A host created without --repository has nothing to sync from: it serves, degraded, and says so.
            String state = role.equals("host") ? "DEGRADED" : "UP";
            assertEquals("{\"status\":\"" + state + "\",\"role\":\"" + role + "\"}", health.body().strip());
            if (role.equals("host")) {
                assertTrue(instance.getAsAdmin("/api/status").body().contains("repositoryUrl"),
                        "the status says what to configure");
            }
            // Both roles have the web console, each with its own pages.
            assertEquals(200, instance.get("/console/login", null).statusCode());

            String first = instance.getAsAdmin("/api/status").body();
            assertEquals(role, field(first, "role"));
            assertEquals("1", field(first, "startCount"));
            assertEquals("Commune d'Essai <test>", field(first, "displayName"));
            String id = field(first, "id");

            instance.stop();
            assertFalse(instance.anyProcessAlive(), "no process may outlive bin/imio stop");
            instance.start();

            String second = instance.getAsAdmin("/api/status").body();
            assertEquals(id, field(second, "id"), "the instance id is kept in Derby across a restart");
            assertEquals("2", field(second, "startCount"), "the start count is read back from Derby and raised");
            assertEquals(field(first, "firstStarted"), field(second, "firstStarted"));

            instance.stop();
            assertFalse(instance.anyProcessAlive(), "no process may outlive bin/imio stop");

            String log = instance.karafLog();
            List<String> errors = log.lines().filter(line -> line.contains("| ERROR |")).toList();
            assertTrue(errors.isEmpty(), "karaf.log has ERROR lines:\n" + String.join("\n", errors));
            // Each of the platform's servlets, filters and error pages reaches the web container after
            // its context, at every start: none waits for its context, none is registered twice.
            List<String> early = log.lines().filter(line -> line.contains("No matching target context")
                    || line.contains("because of existing mappings")).toList();
            assertTrue(early.isEmpty(), "registered before their context, or twice:\n" + String.join("\n", early));
            assertTrue(Files.isDirectory(instance.dir.resolve("data/derby/platform")),
                    "Derby keeps its files under the instance's data folder");
            assertFalse(Files.exists(distribution.userHome.resolve(".m2")),
                    "the instance must not read or fill the user's Maven repository");
        }
    }

    /** The value of a top-level field of the platform's flat status JSON. */
    static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\":(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([0-9]+))").matcher(json);
        if (!m.find()) {
            throw new AssertionError("no field '" + name + "' in " + json);
        }
        return m.group(1) != null ? m.group(1).replace("\\u003c", "<").replace("\\u003e", ">") : m.group(2);
    }
}
