package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The web console of both roles in a real browser: {@code src/test/browser/console.mjs} drives
 * Debian's Chromium through playwright-core over a host where courrier 1.0.0 and 1.1.0 are
 * published, and over the central repository that published them. An administrator enables and
 * updates it from the host's console, a viewer is refused any change; every page of both consoles
 * is shown in French, English and German and passes an axe-core WCAG 2.1 A/AA scan in each (the
 * shared solutions' own pages: {@link SolutionPagesIT});
 * screenshots land in {@code target/console-screenshots} ({@code <page>-<language>.png}). Chromium and Node are required, not optional: without them
 * this test fails, since a skipped browser test would hide that nothing was checked.
 */
class ConsoleBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path SCRIPTS = Path.of(System.getProperty("imio.browserTests", "src/test/browser")).toAbsolutePath();
    private static final Path SCREENSHOTS = Path.of("target/console-screenshots").toAbsolutePath();

    private static ConsoleFixture console;

    @BeforeAll
    static void start() throws Exception {
        browserTools();
        console = ConsoleFixture.start();
        // A small fleet for the repository's fleet page: forty hosts of each kind and state.
        FleetSimulator fleet = new FleetSimulator(URI.create(console.repositoryConsoleUrl()).resolve("/").toString(),
                "admin", console.repositoryAdminPassword());
        fleet.reportAll(fleet.register("sim", 40, new FleetSimulator.Versions("be.imio.platform", "courrier", "1.1.0",
                "1.0.0", "1.0.1", "1.2.0", "1.0.0")));
    }

    /**
     * Chromium, Node and the scripts' packages, or a failure saying which is missing: a missing
     * browser should say so at once, not after the host started.
     */
    static void browserTools() throws InterruptedException {
        assertTrue(Files.isExecutable(CHROMIUM), CHROMIUM + " is missing: install Debian's chromium "
                + "(apt-get install chromium; .ci/run does it)");
        int node = run(List.of("node", "--version"), SCRIPTS, Map.of(), 30);
        assertEquals(0, node, "node --version failed: Node.js 18 or newer must be on the PATH");
        if (!Files.isDirectory(SCRIPTS.resolve("node_modules"))) {
            // Exact versions from package-lock.json, from the npm registry.
            assertEquals(0, run(List.of("npm", "ci", "--no-audit", "--no-fund"), SCRIPTS, Map.of(), 300),
                    "npm ci in " + SCRIPTS + " failed (output above)");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(console);
    }

    @Test
    void bothRolesConsolesWorkInChromiumInThreeLanguages() throws Exception {
        Map<String, String> env = Map.of(
                "CONSOLE_URL", console.consoleUrl(),
                "ADMIN_PASSWORD", console.adminPassword(),
                "VIEWER_USER", ConsoleFixture.VIEWER,
                "VIEWER_PASSWORD", console.viewerPassword(),
                "REPOSITORY_CONSOLE_URL", console.repositoryConsoleUrl(),
                "REPOSITORY_ADMIN_PASSWORD", console.repositoryAdminPassword(),
                "PUBLISHER_USER", console.publisher(),
                "PUBLISHER_PASSWORD", console.publisherPassword(),
                "SCREENSHOTS_DIR", SCREENSHOTS.toString());
        int exit = run(List.of("node", "console.mjs"), SCRIPTS, env, 600);
        if (exit != 0) {
            // The host's folder is deleted after the run: keep what it warned about in the report.
            List<String> warnings = console.host().karafLog().lines().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                    .toList();
            fail("console.mjs found problems (listed in its output above); screenshots in " + SCREENSHOTS
                    + "\nthe host's last warnings:\n" + String.join("\n", warnings.subList(Math.max(0, warnings.size() - 15),
                    warnings.size())));
        }
    }

    /**
     * Runs {@code command} in {@code dir} with {@code env} added, copying its output line by line
     * to the test's output as it comes; returns its exit code, or fails when it takes longer than
     * {@code seconds} (then it is ended with every process it started, such as Chromium).
     */
    static int run(List<String> command, Path dir, Map<String, String> env, long seconds)
            throws InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            return fail(String.join(" ", command) + " could not start (" + e.getMessage() + "): is it installed?");
        }
        Thread copier = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8))) {
                lines.lines().forEach(line -> System.out.println("[" + command.get(0) + "] " + line));
            } catch (IOException | java.io.UncheckedIOException e) {
                System.out.println("[" + command.get(0) + "] output lost: " + e.getMessage());
            }
        });
        copier.start();
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            copier.join(5000);
            return fail(String.join(" ", command) + " did not finish within " + seconds + " s");
        }
        copier.join(5000);
        return process.exitValue();
    }
}
