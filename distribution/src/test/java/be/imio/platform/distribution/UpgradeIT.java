package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarInputStream;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The platform upgraded in place: instances made and left by the previous release (the fixtures in
 * {@code src/test/fixtures/<version>/}, see {@code make-fixtures}), run by this distribution.
 */
class UpgradeIT {

    private static final String FROM = PreviousRelease.VERSION;
    /** The fixture's booking, a week after the fixture was made (see its README). */
    private static final String BOOKING_DAY = "09%2F12%2F2026";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Distribution distribution;
    private static String version;

    @BeforeAll
    static void unpack() throws Exception {
        distribution = Distribution.unpacked();
        version = distribution.home.getFileName().toString().replace("imio-platform-", "");
    }

    @Test
    void bothRolesUpgradeFromThePreviousReleaseWithNothingLost() throws Exception {
        RunningInstance repository = PreviousRelease.instance(distribution, "repository", null);
        RunningInstance host = PreviousRelease.instance(distribution, "host", repository);
        try {
            // upgrade-check says what would happen and changes nothing.
            String etcBefore = digest(host.dir.resolve("etc"));
            String databaseBefore = digest(host.dir.resolve("data/derby"));
            Distribution.Result check = distribution.imio("upgrade-check", host.dir.toString());
            assertEquals(0, check.exitCode(), check.output());
            assertTrue(check.output().contains("from platform " + FROM + " to " + version), check.output());
            assertTrue(check.output().contains("the enabled modules are brought back: conseil 1.0.0, courrier 1.1.0,"
                    + " salles 1.1.0"), check.output());
            assertTrue(check.output().contains("featuresBoot = "), check.output());
            assertEquals(etcBefore, digest(host.dir.resolve("etc")), "upgrade-check changed etc/");
            assertEquals(databaseBefore, digest(host.dir.resolve("data/derby")), "upgrade-check changed the database");
            assertFalse(Files.exists(distribution.root.resolve("derby.log")), "nor wrote Derby's log where it ran");
            assertFalse(Files.exists(host.dir.resolve("data/backups")), "upgrade-check wrote a backup");

            repository.start();
            JsonNode repositoryStatus = json(repository.getAsAdmin("/api/status"));
            assertEquals(version, repositoryStatus.path("version").asText());
            assertEquals(FROM, repositoryStatus.path("lastUpgrade").path("from").asText());
            Path repositoryBackup = Path.of(repositoryStatus.path("lastUpgrade").path("backup").asText());
            assertTrue(Files.isRegularFile(repositoryBackup), "the backup taken before: " + repositoryBackup);
            assertTrue(repositoryBackup.startsWith(repository.dir.resolve("data/backups")), repositoryBackup.toString());
            // What the repository held: releases, promotions, hosts, the audit log, the publisher.
            String releases = repository.getAsAdmin("/api/repository/releases/").body();
            for (String module : List.of("courrier", "conseil", "salles")) {
                assertTrue(releases.contains("\"artifactId\":\"" + module + "\""), releases);
            }
            String hosts = repository.getAsAdmin("/api/repository/hosts/").body();
            assertTrue(hosts.contains("\"id\":\"demo\"") && hosts.contains("\"id\":\"namur\""), hosts);
            String audit = repository.getAsAdmin("/api/repository/audit?limit=100").body();
            assertTrue(audit.contains("promote") && audit.contains("publisher-key"), audit);
            assertTrue(repository.getAsAdmin("/api/repository/publishers/").body().contains("demo-publisher"));

            host.start();
            JsonNode hostStatus = json(host.getAsAdmin("/api/status"));
            assertEquals(version, hostStatus.path("version").asText());
            assertEquals(FROM, hostStatus.path("lastUpgrade").path("from").asText());
            assertEquals(version, hostStatus.path("lastUpgrade").path("to").asText());
            assertFalse(Files.exists(host.dir.resolve("upgrade")), "the journal is gone once the upgrade is complete");
            // The console's dashboard says it too, in the staff's language.
            String session = ConsoleFixture.logIn(host.httpPort, "admin", host.adminPassword());
            String dashboard = ConsoleFixture.page(host.httpPort, "GET", "/console/", session, null).body();
            assertTrue(dashboard.contains("Plateforme iMio " + version + ".") && dashboard.contains(
                    "Mise à niveau depuis la version " + FROM + " le "), dashboard);
            // The modules run again, at their versions, with their data, from the database and the cache.
            assertEquals("1.1.0", host.installedVersion("courrier"));
            assertEquals("1.0.0", host.installedVersion("conseil"));
            assertEquals("1.1.0", host.installedVersion("salles"));
            String modules = host.getAsAdmin("/api/host/modules").body();
            assertTrue(modules.contains("\"name\":\"conseil\",\"groupId\":\"be.imio.platform\",\"id\":\"be.imio.platform:conseil\","
                    + "\"version\":\"1.0.0\",\"previousVersion\":null,\"enabled\":true,\"pinned\":\"1.0.0\""),
                    "conseil stays pinned: " + modules);
            String mails = host.getAsAdmin("/modules/courrier/api/mails").body();
            assertTrue(mails.contains("Subside pour la rue de l'Église") && mails.contains("Réponse au courrier du 2 décembre"),
                    mails);
            String meetings = host.getAsAdmin("/modules/conseil/api/meetings").body();
            assertTrue(meetings.contains("Conseil communal de décembre"), meetings);
            String rooms = host.getAsAdmin("/modules/salles/api/rooms").body();
            assertTrue(rooms.contains("Salle des fêtes"), rooms);
            String week = host.getAsAdmin("/modules/salles/api/week?date=" + BOOKING_DAY).body();
            assertTrue(week.contains("Souper du club"), week);
            // The settings local IT and staff made.
            JsonNode settings = json(host.getAsAdmin("/api/host/status"));
            assertEquals("22:00-05:00", settings.path("maintenanceWindow").asText());
            assertEquals("testing", settings.path("channel").asText());
            String book = host.get("/modules/salles/book", "admin:" + host.adminPassword()).body();
            assertTrue(book.contains("07:30"), "the rooms' opening time the commune set: " + book);
            // The audit log and the trusted metadata: the same root, and a sync that takes the
            // upgraded repository's metadata.
            String operations = host.getAsAdmin("/api/host/operations?limit=100").body();
            List<String> done = new ArrayList<>();
            for (JsonNode operation : JSON.readTree(operations).path("operations")) {
                if (!operation.path("action").asText().equals("settings")) {
                    done.add(operation.path("module").asText() + " " + operation.path("action").asText() + " "
                            + operation.path("state").asText());
                }
            }
            assertEquals(List.of("conseil pin succeeded", "courrier update succeeded", "salles enable succeeded",
                    "conseil enable succeeded", "courrier enable succeeded"), done, operations);
            assertEquals(1, settings.path("trustedRoot").path("version").asInt());
            host.awaitSync();
            // The fleet report names the new version.
            awaitReport(repository, "demo", version);

            String log = host.karafLog() + repository.karafLog();
            assertFalse(log.contains(" ERROR "), "errors after the upgrade: " + errors(log));
            assertTrue(Files.readString(host.dir.resolve("etc/imio-platform.properties"))
                    .contains("previousVersion=" + FROM));
            // etc/: what the commune set is kept (above); what it never touched follows the new
            // release: a new file, a Karaf file the release changed, a default it changed.
            assertTrue(Files.readString(host.dir.resolve("etc/be.imio.platform.metrics.cfg")).contains("access ="));
            assertTrue(Files.readString(host.dir.resolve("etc/config.properties")).contains("com.sun.management"));
            assertTrue(Files.readString(host.dir.resolve("etc/org.ops4j.pax.logging.cfg")).contains("events.log"));
            assertTrue(Files.readString(host.dir.resolve("etc/org.apache.karaf.features.cfg"))
                    .contains("imio-platform-features/" + version + "/xml/features"));
            assertEquals(Files.readString(distribution.home.resolve("etc/startup.properties")),
                    Files.readString(host.dir.resolve("etc/startup.properties")));
        } finally {
            RunningInstance.closeAll(host, repository);
        }
    }

    @Test
    void anUpgradeKilledAtAnyStepIsCompletedByTheNextStart() throws Exception {
        RunningInstance host = PreviousRelease.instance(distribution, "host", null);
        try {
            String etc = digest(host.dir.resolve("etc"));
            // Killed before its switch, the instance is the previous release's, whole.
            for (String step : List.of("BACKED_UP", "PREPARED")) {
                Distribution.Result halted = runHaltingAfter(host, step);
                assertEquals(137, halted.exitCode(), halted.output());
                assertEquals(etc, digest(host.dir.resolve("etc")), "etc/ changed before the switch (" + step + ")");
            }
            // Killed in the middle of the switch: etc/ is gone for a moment; check says what to do.
            Distribution.Result halted = runHaltingAfter(host, "SWITCHING");
            assertEquals(137, halted.exitCode(), halted.output());
            Distribution.Result check = distribution.imio("check", host.dir.toString());
            assertEquals(2, check.exitCode());
            assertTrue(check.output().contains("an upgrade of " + host.dir + " was interrupted"), check.output());
            halted = runHaltingAfter(host, "SWITCHED");
            assertEquals(137, halted.exitCode(), halted.output());
            assertTrue(halted.output().contains("Completing the upgrade"), halted.output());

            // Killed while the new platform starts for the first time.
            host.startWithoutWaiting();
            Thread.sleep(4000);
            host.kill();
            assertTrue(Files.exists(host.dir.resolve("upgrade/journal.properties")),
                    "the first start was killed before it recorded the upgrade");

            host.start();
            JsonNode status = json(host.getAsAdmin("/api/status"));
            assertEquals(version, status.path("version").asText());
            assertEquals(FROM, status.path("lastUpgrade").path("from").asText());
            assertFalse(Files.exists(host.dir.resolve("upgrade")));
            // A new backup at each attempt that reached it (the old release may run the instance
            // between two): the one recorded is the last, taken just before the switch.
            List<Path> backups;
            try (Stream<Path> files = Files.list(host.dir.resolve("data/backups"))) {
                backups = files.sorted().toList();
            }
            assertEquals(3, backups.size(), backups.toString());
            assertEquals(backups.get(2).toString(), status.path("lastUpgrade").path("backup").asText());
            assertEquals("1.1.0", host.installedVersion("courrier"));
            assertTrue(host.getAsAdmin("/modules/courrier/api/mails").body().contains("Subside pour la rue de l'Église"));
            assertFalse(host.karafLog().contains(" ERROR "), errors(host.karafLog()));
        } finally {
            RunningInstance.closeAll(host);
        }
    }

    @Test
    void aModuleTheNewPlatformCannotRunRefusesTheUpgradeBeforeAnythingChanges() throws Exception {
        RunningInstance host = PreviousRelease.instance(distribution, "host", null);
        // courrier 1.1.0 as if built for host API versions below this platform's.
        Path jar = host.dir.resolve("data/host/verified/be/imio/platform/courrier/1.1.0/courrier-1.1.0.jar");
        narrowApiRange(jar, "[1.0,1.8)");
        String etc = digest(host.dir.resolve("etc"));

        Distribution.Result check = distribution.imio("upgrade-check", host.dir.toString());
        assertEquals(1, check.exitCode(), check.output());
        assertTrue(check.output().contains("courrier 1.1.0 needs be.imio.platform.api [1.0.0,1.8.0); this platform"
                + " exports 1.8.0"), check.output());

        Distribution.Result run = distribution.imio("run", host.dir.toString());
        assertEquals(2, run.exitCode(), run.output());
        assertEquals(1, run.output().strip().lines().count(), run.output());
        assertTrue(run.output().contains("cannot upgrade " + host.dir + " from " + FROM + " to " + version
                + ": courrier 1.1.0 needs be.imio.platform.api"), run.output());
        assertTrue(run.output().contains("(nothing was changed)"), run.output());
        assertEquals(etc, digest(host.dir.resolve("etc")));
        assertFalse(Files.exists(host.dir.resolve("data/backups")));
        assertFalse(Files.exists(host.dir.resolve("upgrade")));
        assertTrue(Files.isDirectory(host.dir.resolve("data/cache")), "Karaf's cache is left as it was");
    }

    @Test
    void anInstanceANewerPlatformRanIsRefusedInOneLine() throws Exception {
        for (String newer : List.of("0.3.0", "1.0.0", version.replace("-SNAPSHOT", ""))) {
            if (newer.equals(version)) {
                continue;
            }
            RunningInstance host = PreviousRelease.instance(distribution, "host", null);
            Files.writeString(host.dir.resolve("etc/imio-platform.properties"), "platformVersion=" + newer + "\n");
            String etc = digest(host.dir.resolve("etc"));
            for (String command : List.of("run", "check", "upgrade-check")) {
                Distribution.Result refused = distribution.imio(command, host.dir.toString());
                assertEquals(2, refused.exitCode(), command + ": " + refused.output());
                assertEquals(1, refused.output().strip().lines().count(), refused.output());
                assertTrue(refused.output().contains("was last run by platform " + newer + "; this distribution is "
                        + version + ", older"), refused.output());
            }
            assertEquals(etc, digest(host.dir.resolve("etc")));
            assertFalse(Files.exists(host.dir.resolve("data/backups")));
        }
    }

    /** {@code bin/imio run} of the host, made to stop right after the upgrade's {@code step}. */
    private static Distribution.Result runHaltingAfter(RunningInstance host, String step) throws Exception {
        Path output = Files.createTempFile(distribution.root, "halted-", ".out");
        ProcessBuilder builder = distribution.builder("run", host.dir.toString());
        builder.environment().put("IMIO_LAUNCHER_OPTS", "-Dimio.upgrade.haltAfter=" + step);
        Process run = builder.redirectErrorStream(true).redirectOutput(output.toFile()).start();
        if (!run.waitFor(120, TimeUnit.SECONDS)) {
            run.destroyForcibly();
            throw new IOException("bin/imio run did not stop after " + step + ": " + Files.readString(output));
        }
        return new Distribution.Result(run.exitValue(), Files.readString(output));
    }

    /** Rewrites the bundle's {@code Import-Package} range of {@code be.imio.platform.api}. */
    private static void narrowApiRange(Path jar, String range) throws IOException {
        Path rewritten = jar.resolveSibling("rewritten.jar");
        try (JarInputStream in = new JarInputStream(Files.newInputStream(jar))) {
            Manifest manifest = in.getManifest();
            Attributes main = manifest.getMainAttributes();
            String imports = main.getValue("Import-Package");
            String narrowed = imports.replaceAll("be\\.imio\\.platform\\.api;version=\"[^\"]*\"",
                    "be.imio.platform.api;version=\"" + range + "\"");
            assertNotEquals(imports, narrowed, "the bundle imports be.imio.platform.api with a range");
            main.putValue("Import-Package", narrowed);
            try (OutputStream file = Files.newOutputStream(rewritten); JarOutputStream out = new JarOutputStream(file, manifest)) {
                for (JarEntry entry; (entry = in.getNextJarEntry()) != null; ) {
                    out.putNextEntry(new JarEntry(entry.getName()));
                    in.transferTo(out);
                    out.closeEntry();
                }
            }
        }
        Files.move(rewritten, jar, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }

    /** One SHA-256 over every file under {@code folder}, its relative path and its bytes. */
    private static String digest(Path folder) throws Exception {
        if (!Files.isDirectory(folder)) {
            return "(no " + folder.getFileName() + "/)";
        }
        Map<String, Path> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.filter(Files::isRegularFile).forEach(p -> files.put(folder.relativize(p).toString(), p));
        }
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        for (Map.Entry<String, Path> file : files.entrySet()) {
            sha.update(file.getKey().getBytes(java.nio.charset.StandardCharsets.UTF_8));
            try (InputStream in = Files.newInputStream(file.getValue())) {
                sha.update(in.readAllBytes());
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static void awaitReport(RunningInstance repository, String host, String platformVersion) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String hosts = "";
        while (System.nanoTime() < deadline) {
            hosts = repository.getAsAdmin("/api/repository/hosts/").body();
            for (JsonNode one : JSON.readTree(hosts).path("hosts")) {
                if (host.equals(one.path("id").asText())
                        && platformVersion.equals(one.path("lastReport").path("platformVersion").asText())) {
                    return;
                }
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no report of " + host + " with platform " + platformVersion + ": " + hosts);
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return JSON.readTree(response.body());
    }

    private static String errors(String log) {
        return String.join("\n", log.lines().filter(l -> l.contains(" ERROR ")).limit(10).toList());
    }
}
