package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Instance backups as local IT takes and restores them: {@code imio:backup} in the Karaf shell
 * writes one private zip of the instance's settings, database and role data; {@code bin/imio
 * restore} puts it back on a stopped instance of the same role, keeping what it replaces aside,
 * or recreates the instance in a new folder; a restored host comes back to the modules and data
 * it had at backup time. The tests build on one another, in order: one repository and one host,
 * running the mail registry ({@code courrier} 1.0.0), serve them all.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupIT {

    private static final String PUBLISHER = "publisher-backup";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String MODULE = "courrier";
    private static final String MAILS = "/modules/courrier/api/mails";
    private static final String BEFORE_BACKUP = "Courrier d'avant la sauvegarde / before backup";
    private static final String AFTER_BACKUP = "Courrier d'après la sauvegarde / after backup";
    private static final Pattern BACKUP_WRITTEN = Pattern.compile("Backup written: (/\\S.*?\\.zip) \\(");
    private static final Pattern BACKUP_NAME = Pattern.compile("imio-backup-(host|repository)-\\d{8}-\\d{6}\\.zip");
    private static final Pattern BEFORE_RESTORE = Pattern.compile("before-restore-\\d{8}-\\d{6}");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted");
    private static final long MODULE_LIMIT_SECONDS = 120;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;
    /** The instance id the host had when it was backed up: a restored copy is the same instance. */
    private static String hostId;
    /** The host's backup as {@code imio:backup} wrote it, in {@code data/backups}. */
    private static Path writtenBackup;
    /** A copy of it outside the host's folder, as an operator keeps backups: what the restores read. */
    private static Path hostBackup;
    /** The repository's backup, taken by the sixth test. */
    private static Path repositoryBackup;
    /** The host started from a restore into a new folder, by the last test. */
    private static RunningInstance recovered;

    @BeforeAll
    static void startRepositoryAndHostWithTheMailRegistry() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.platform");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.start();

        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, MODULE, "1.0.0");
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), "sync after publishing courrier 1.0.0: " + synced.body());
        JsonNode enabled = operate("enable", "{\"version\":\"1.0.0\"}");
        assertEquals("succeeded", enabled.path("state").asText(), "enabling courrier 1.0.0: " + enabled);
        register(BEFORE_BACKUP);
        hostId = JSON.readTree(host.getAsAdmin("/api/status").body()).path("id").asText();
        assertFalse(hostId.isBlank(), "the host has an instance id");
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(recovered, host, repository);
    }

    @Test
    @Order(1)
    void aBackupOfTheHostHoldsItsSettingsDatabaseAndVerifiedModules() throws Exception {
        writtenBackup = backup(host);

        assertTrue(Files.isRegularFile(writtenBackup), "the printed backup exists: " + writtenBackup);
        assertEquals(host.dir.resolve("data/backups").toRealPath(), writtenBackup.toRealPath().getParent(),
                "backups go to the instance's data/backups folder by default");
        Matcher name = BACKUP_NAME.matcher(writtenBackup.getFileName().toString());
        assertTrue(name.matches() && name.group(1).equals("host"),
                "named imio-backup-host-<yyyyMMdd-HHmmss>.zip: " + writtenBackup.getFileName());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(writtenBackup)),
                "only the instance's owner reads a backup: it holds the instance's settings");

        try (ZipFile zip = new ZipFile(writtenBackup.toFile())) {
            Properties manifest = manifest(zip);
            assertEquals("1", manifest.getProperty("format"), "imio-backup.properties: " + manifest);
            assertEquals("host", manifest.getProperty("role"), "imio-backup.properties: " + manifest);
            assertEquals("derby", manifest.getProperty("database"), "imio-backup.properties: " + manifest);
            String created = manifest.getProperty("created", "");
            try {
                Instant when = Instant.parse(created);
                assertTrue(Duration.between(when, Instant.now()).abs().toMinutes() < 10,
                        "created is the time of the backup: " + created);
            } catch (DateTimeParseException e) {
                fail("created is an ISO-8601 instant: '" + created + "'");
            }
            Set<String> entries = names(zip);
            for (String expected : List.of("etc/be.imio.platform.cfg", "etc/users.properties",
                    "data/derby/platform/service.properties")) {
                assertTrue(entries.contains(expected), "the backup holds " + expected + ": " + sample(entries));
            }
            assertTrue(entries.stream().anyMatch(e -> e.startsWith("data/host/verified/") && !e.endsWith("/")),
                    "the backup holds the host's verified modules (data/host/verified/): " + sample(entries));
        }

        // Backups are taken off the instance, as an operator would: the restores below read this copy.
        Path kept = Files.createDirectories(Distribution.unpacked().root.resolve("kept-backups-" + System.nanoTime()));
        hostBackup = Files.copy(writtenBackup, kept.resolve(writtenBackup.getFileName()));
    }

    @Test
    @Order(2)
    void theListShowsTheBackup() throws Exception {
        assertNotNull(writtenBackup, "the backup taken by the first test");
        String listed = clean(host.shell("admin", host.adminPassword(), "imio:backup --list"));
        assertTrue(listed.lines().map(String::strip).anyMatch(line -> line.startsWith(writtenBackup.toString())),
                "imio:backup --list shows " + writtenBackup + " at the start of a line: " + listed);
        // In the language the session names, sizes as Belgians write them in it.
        String german = clean(host.shell("admin", host.adminPassword(), "LANG = de_BE.UTF-8\nimio:backup --list"));
        assertTrue(german.contains("Sicherungen in ") && !german.contains("Backups in")
                && java.util.regex.Pattern.compile(java.util.regex.Pattern.quote(writtenBackup.toString()) + "\\s+\\d+,\\d MB")
                        .matcher(german).find(), german);
    }

    @Test
    @Order(3)
    void theStatusAndHealthSayWhenTheLastBackupFailed() throws Exception {
        JsonNode check = backupsCheck();
        assertEquals("UP", check.path("state").asText(), "after a backup: " + check);
        assertTrue(check.path("message").asText().contains("last backup on "), "after a backup: " + check);
        assertEquals("UP", JSON.readTree(host.get("/health", null).body()).path("status").asText(), "/health before");
        Path cfg = host.dir.resolve("etc/be.imio.platform.backup.cfg");
        String settings = Files.readString(cfg);
        Path notAFolder = Files.writeString(host.dir.resolve("not-a-folder"), "");
        try {
            Files.writeString(cfg, settings + "\nfolder = " + notAFolder + "\n");
            String out = "";
            for (int i = 0; i < 50 && !out.contains("cannot write to the backup folder"); i++) {
                Thread.sleep(200); // Karaf reads the changed file within a second or two
                out = clean(host.shell("admin", host.adminPassword(), "imio:backup"));
            }
            assertTrue(out.contains("cannot write to the backup folder " + notAFolder),
                    "imio:backup says why it failed: " + out);
            check = backupsCheck();
            assertEquals("DEGRADED", check.path("state").asText(), "after a failed backup: " + check);
            assertTrue(check.path("message").asText().contains("failed: cannot write to the backup folder"),
                    "after a failed backup: " + check);
            assertEquals("DEGRADED", JSON.readTree(host.get("/health", null).body()).path("status").asText(),
                    "monitoring sees it on /health");
        } finally {
            Files.writeString(cfg, settings);
            Files.delete(notAFolder);
        }
    }

    @Test
    @Order(0)
    void anInstanceWithoutARecentBackupTakesOneSoonAfterItStarts() throws Exception {
        JsonNode check = backupsCheck(repository);
        Matcher next = Pattern.compile("no backup yet; next on (\\d\\d/\\d\\d/\\d{4}) at (\\d\\d:\\d\\d)")
                .matcher(check.path("message").asText());
        assertTrue(next.find(), "a repository that never backed up says when it will: " + check);
        java.time.ZonedDateTime when = java.time.LocalDateTime.parse(next.group(1) + " " + next.group(2),
                java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")).atZone(java.time.ZoneId.of("Europe/Brussels"));
        Duration in = Duration.between(java.time.ZonedDateTime.now(), when);
        assertTrue(!in.isNegative() && in.compareTo(Duration.ofMinutes(11)) < 0,
                "within 10 minutes of its start rather than at 02:30: " + check);
    }

    private static JsonNode backupsCheck() throws Exception {
        return backupsCheck(host);
    }

    private static JsonNode backupsCheck(RunningInstance instance) throws Exception {
        for (JsonNode check : JSON.readTree(instance.getAsAdmin("/api/status").body()).path("checks")) {
            if (check.path("module").asText().equals("backups")) {
                return check;
            }
        }
        throw new AssertionError("/api/status has no 'backups' check");
    }

    @Test
    @Order(4)
    void aRestoreIsRefusedWhileTheInstanceRuns() throws Exception {
        assertNotNull(hostBackup, "the backup taken by the first test");
        // What happens after the backup, and is to be undone by the restore.
        register(AFTER_BACKUP);
        JsonNode disabled = operate("disable", "{}");
        assertEquals("succeeded", disabled.path("state").asText(), "disabling courrier: " + disabled);
        assertFalse(courrier().path("enabled").asBoolean(), "courrier is disabled: " + courrier());

        assertRestoreRefused(hostBackup, "running", false);
        assertEquals(200, host.get("/health", null).statusCode(), "the host still answers");
        JsonNode module = courrier();
        assertFalse(module.path("enabled").asBoolean(), "the running host still has courrier disabled: " + module);
    }

    @Test
    @Order(5)
    void aDamagedArchiveIsRefusedAndChangesNothing() throws Exception {
        assertNotNull(hostBackup, "the backup taken by the first test");
        host.stop();
        byte[] whole = Files.readAllBytes(hostBackup);
        Path truncated = Files.write(hostBackup.resolveSibling("truncated-" + hostBackup.getFileName()),
                java.util.Arrays.copyOf(whole, whole.length / 2));

        assertRestoreRefused(truncated, "backup", true);
    }

    @Test
    @Order(6)
    void aBackupOfAnotherRoleIsRefused() throws Exception {
        repositoryBackup = backup(repository);
        try (ZipFile zip = new ZipFile(repositoryBackup.toFile())) {
            assertEquals("repository", manifest(zip).getProperty("role"), "the repository's backup says its role");
            assertTrue(names(zip).stream().anyMatch(e -> e.startsWith("data/repository/")),
                    "the repository's backup holds its data/repository folder: " + sample(names(zip)));
        }
        assertTrue(BACKUP_NAME.matcher(repositoryBackup.getFileName().toString()).matches()
                && repositoryBackup.getFileName().toString().startsWith("imio-backup-repository-"),
                "named after the repository role: " + repositoryBackup.getFileName());

        assertRestoreRefused(repositoryBackup, "role", true);
    }

    @Test
    @Order(7)
    void aRestoreBringsBackTheModulesAndTheirDataAsTheyWereAtBackupTime() throws Exception {
        assertNotNull(hostBackup, "the backup taken by the first test");
        host.stop();
        Launch restored = restore(host.dir, hostBackup);

        assertEquals(0, restored.exitCode(), "restoring the host's backup onto the stopped host: " + restored);
        assertTrue(restored.stdout().contains("before-restore-"), "the output names the folder kept aside: " + restored);
        List<Path> aside = beforeRestoreFolders(host.dir);
        assertEquals(1, aside.size(), "one before-restore-<yyyyMMdd-HHmmss> folder in " + host.dir + ": " + aside);
        Path keptAside = aside.get(0);
        assertTrue(restored.stdout().contains(keptAside.getFileName().toString()),
                "the output names " + keptAside.getFileName() + ": " + restored);
        assertTrue(Files.isRegularFile(keptAside.resolve("etc/be.imio.platform.cfg")),
                "the replaced etc/ is kept in " + keptAside);
        assertTrue(Files.isDirectory(keptAside.resolve("data/derby/platform")),
                "the replaced data/ is kept in " + keptAside);
        try (ZipFile zip = new ZipFile(hostBackup.toFile());
                var archived = zip.getInputStream(zip.getEntry("etc/be.imio.platform.cfg"))) {
            assertEquals(new String(archived.readAllBytes(), StandardCharsets.UTF_8),
                    Files.readString(host.dir.resolve("etc/be.imio.platform.cfg")), "etc/be.imio.platform.cfg is the archive's");
        }

        host.start();
        assertEquals(hostId, JSON.readTree(host.getAsAdmin("/api/status").body()).path("id").asText(),
                "the restored host is the same instance");
        awaitCourrier100(host::getAsAdmin);
        Set<String> subjects = awaitSubjects(host::getAsAdmin);
        assertTrue(subjects.contains(BEFORE_BACKUP), "the mail registered before the backup is back: " + subjects);
        assertFalse(subjects.contains(AFTER_BACKUP), "the mail registered after the backup is gone: " + subjects);
        HttpResponse<String> page = host.getAsAdmin("/modules/courrier/");
        assertEquals(200, page.statusCode(), "the mail registry's page answers after the restore: " + page.body());
        assertTrue(page.body().contains("before backup") && !page.body().contains("after backup"),
                "the page lists the mail from before the backup, not the one from after: " + page.body());
    }

    @Test
    @Order(8)
    void aBackupRecreatesTheInstanceInANewFolder() throws Exception {
        assertNotNull(hostBackup, "the backup taken by the first test");
        host.stop();
        Path elsewhere = host.dir.resolveSibling("recovered-host-" + System.nanoTime());
        assertFalse(Files.exists(elsewhere));

        Launch restored = restore(elsewhere, hostBackup);

        assertEquals(0, restored.exitCode(), "restoring the host's backup into a new folder: " + restored);
        assertFalse(restored.stdout().isBlank(), "the restore says what it did: " + restored);
        assertTrue(Files.isRegularFile(elsewhere.resolve("etc/be.imio.platform.cfg")),
                "the new folder has the archive's etc/");
        assertTrue(Files.isRegularFile(elsewhere.resolve("data/derby/platform/service.properties")),
                "the new folder has the archive's database");
        assertTrue(beforeRestoreFolders(elsewhere).isEmpty(), "nothing to keep aside in a new folder");

        // Its etc/ is the archive's: the same ports as the original host, which is stopped.
        recovered = RunningInstance.existing(Distribution.unpacked(), elsewhere, host.httpPort, host.sshPort);
        recovered.start();
        String admin = "admin:" + host.adminPassword();
        Get asAdmin = path -> recovered.get(path, admin);
        assertEquals(hostId, JSON.readTree(asAdmin.get("/api/status").body()).path("id").asText(),
                "the recovered host is the same instance");
        awaitCourrier100(asAdmin);
        Set<String> subjects = awaitSubjects(asAdmin);
        assertTrue(subjects.contains(BEFORE_BACKUP), "the mail registered before the backup is there: " + subjects);
        assertFalse(subjects.contains(AFTER_BACKUP), "and not the one registered after it: " + subjects);
        recovered.close();
        recovered = null;
    }

    @Test
    @Order(9)
    void aRestoredRepositorySignsAboveWhatHostsSawSinceItsBackup() throws Exception {
        assertNotNull(repositoryBackup, "the repository's backup taken by the sixth test");
        host.start();
        // Released after the backup: the host trusts metadata signed later than the backup.
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, MODULE, "1.1.0");
        JsonNode seen = sync();
        assertTrue(seen.path("warning").isNull(), "the host accepts the release of 1.1.0: " + seen);
        assertTrue(host.catalogueLists(MODULE, "1.1.0"), "the host's catalogue lists courrier 1.1.0");

        repository.stop();
        Launch restored = restore(repository.dir, repositoryBackup);
        assertEquals(0, restored.exitCode(), "restoring the repository: " + restored);
        repository.start();

        JsonNode after = sync();
        assertTrue(after.path("warning").isNull(), "the host accepts the restored repository's metadata: " + after);
        assertTrue(after.path("targetsVersion").asLong() > seen.path("targetsVersion").asLong(),
                "signed above what the host saw: " + seen + " then " + after);
        assertFalse(host.catalogueLists(MODULE, "1.1.0"), "1.1.0, released after the backup, is no longer offered");
        assertTrue(host.catalogueLists(MODULE, "1.0.0"), "1.0.0, released before it, still is");
        assertTrue(repository.karafLog().contains("Restored from a backup"), "the repository says what it did");
    }

    @Test
    @Order(10)
    void aRepositoryPutBackFromADiskSnapshotIsRepublishedFromTheShell() throws Exception {
        repository.stop();
        Path snapshot = Files.createTempDirectory(repository.dir.getParent(), "disk-snapshot-");
        Distribution.copyTree(repository.dir, snapshot);
        repository.start();
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PASSWORD, MODULE, "1.1.0");
        assertTrue(sync().path("warning").isNull(), "the host accepts the release of 1.1.0");

        repository.stop();
        for (String folder : new String[] {"etc", "data"}) {
            deleteTree(repository.dir.resolve(folder));
            Distribution.copyTree(snapshot.resolve(folder), repository.dir.resolve(folder));
        }
        repository.start();
        JsonNode refused = sync();
        assertFalse(refused.path("warning").isNull(), "the snapshot's older metadata is refused: " + refused);

        String out = clean(repository.shell("admin", repository.adminPassword(), "imio:metadata-republish"));
        assertTrue(out.contains("signed again"), out);
        JsonNode accepted = sync();
        assertTrue(accepted.path("warning").isNull(), "republished metadata is accepted: " + accepted);
        assertFalse(host.catalogueLists(MODULE, "1.1.0"), "the snapshot did not have 1.1.0");
    }

    private static void deleteTree(Path folder) throws Exception {
        try (var files = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }

    private static JsonNode sync() throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), "POST /api/host/sync: " + synced.body());
        return JSON.readTree(synced.body());
    }

    // ---- backups and restores ----

    /** Runs {@code imio:backup} on {@code instance} as its admin; answers the path it printed. */
    private static Path backup(RunningInstance instance) throws Exception {
        String out = clean(instance.shell("admin", instance.adminPassword(), "imio:backup"));
        assertTrue(out.contains("Sauvegarde écrite : /") && out.contains(" / Backup written: /"),
                "imio:backup says it in French, then English, when the session names no language: " + out);
        Matcher written = BACKUP_WRITTEN.matcher(out);
        assertTrue(written.find(), "imio:backup prints 'Backup written: <path> (<size>)': " + out);
        Path path = Path.of(written.group(1));
        assertTrue(path.isAbsolute(), "the printed path is absolute: " + path);
        return path;
    }

    /** {@code bin/imio restore <folder> <archive>}, its output and errors kept apart. */
    private static Launch restore(Path folder, Path archive) throws Exception {
        Distribution distribution = Distribution.unpacked();
        Path out = Files.createTempFile(distribution.root, "restore-", ".out");
        Path err = Files.createTempFile(distribution.root, "restore-", ".err");
        Process process = distribution.builder("restore", folder.toString(), archive.toString())
                .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(300, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("bin/imio restore " + folder + " " + archive + " did not finish within 300 s");
        }
        return new Launch(process.exitValue(), Files.readString(out), Files.readString(err));
    }

    /** Exit status 2 and one line on standard error, {@code imio: ...}, that says {@code expected}. */
    /** Restoring {@code zip} onto the host is refused with {@code expected} in its message, and changes nothing. */
    private static void assertRestoreRefused(Path zip, String expected, boolean withData) throws Exception {
        Map<String, String> before = contents(host.dir, withData);
        assertRefused(restore(host.dir, zip), expected);
        assertEquals(before, contents(host.dir, withData), "a refused restore changes nothing in " + host.dir);
    }

    private static void assertRefused(Launch launch, String expected) {
        assertEquals(2, launch.exitCode(), "the restore is refused: " + launch);
        String message = launch.stderr().strip();
        assertEquals(1, message.lines().count(), "one line, not a stack trace: " + launch);
        assertTrue(message.startsWith("imio: "), "the line starts with 'imio: ': " + launch);
        assertTrue(message.contains(expected), "expected '" + expected + "' in: " + message);
    }

    /** The {@code before-restore-*} folders a restore left in {@code instance}, each checked for its name. */
    private static List<Path> beforeRestoreFolders(Path instance) throws IOException {
        if (!Files.isDirectory(instance)) {
            return List.of();
        }
        List<Path> folders;
        try (Stream<Path> entries = Files.list(instance)) {
            folders = entries.filter(p -> p.getFileName().toString().startsWith("before-restore-")).sorted().toList();
        }
        for (Path folder : folders) {
            assertTrue(BEFORE_RESTORE.matcher(folder.getFileName().toString()).matches() && Files.isDirectory(folder),
                    "a folder named before-restore-<yyyyMMdd-HHmmss>: " + folder);
        }
        return folders;
    }

    /**
     * Every folder and file of {@code instance} with the SHA-256 of its content, but the logs
     * (and, while the instance runs, {@code data/}, which it keeps writing): what a refused
     * restore must leave as it was.
     */
    private static Map<String, String> contents(Path instance, boolean withData) throws Exception {
        Map<String, String> contents = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(instance)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                String name = instance.relativize(path).toString().replace('\\', '/');
                if (name.isEmpty() || name.equals("console.out") || name.equals("data/log")
                        || name.startsWith("data/log/") || (!withData && (name.equals("data") || name.startsWith("data/")))) {
                    continue;
                }
                contents.put(name, Files.isDirectory(path) ? "folder"
                        : HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(path))));
            }
        }
        return contents;
    }

    private static Properties manifest(ZipFile zip) throws IOException {
        ZipEntry entry = zip.getEntry("imio-backup.properties");
        assertNotNull(entry, "the backup holds imio-backup.properties: " + sample(names(zip)));
        Properties manifest = new Properties();
        try (var in = zip.getInputStream(entry)) {
            manifest.load(in);
        }
        return manifest;
    }

    private static Set<String> names(ZipFile zip) {
        Set<String> names = new TreeSet<>();
        zip.stream().forEach(e -> names.add(e.getName()));
        return names;
    }

    /** The first entries of a zip, for a readable failure message. */
    private static String sample(Set<String> entries) {
        return entries.size() + " entries, " + entries.stream().limit(40).toList();
    }

    /** Shell output without terminal colours and carriage returns. */
    private static String clean(String shellOutput) {
        return ANSI.matcher(shellOutput).replaceAll("").replace("\r", "");
    }

    // ---- the host's modules and the mail registry ----

    /** Runs an operation on courrier and waits for its end. */
    private static JsonNode operate(String action, String body) throws Exception {
        HttpResponse<String> queued = host.postAsAdmin("/api/host/modules/" + MODULE + "/" + action, body);
        assertEquals(202, queued.statusCode(), action + " " + MODULE + ": " + queued.body());
        long id = JSON.readTree(queued.body()).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MODULE_LIMIT_SECONDS);
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> answer = host.getAsAdmin("/api/host/operations/" + id);
            if (answer.statusCode() == 200) {
                operation = JSON.readTree(answer.body());
                if (FINAL_STATES.contains(operation.path("state").asText())) {
                    return operation;
                }
            }
            Thread.sleep(200);
        }
        return fail("operation " + id + " (" + action + ") did not end within " + MODULE_LIMIT_SECONDS + " s: "
                + operation);
    }

    /** The host's entry for courrier in {@code GET /api/host/modules}. */
    private static JsonNode courrier() throws Exception {
        HttpResponse<String> modules = host.getAsAdmin("/api/host/modules");
        assertEquals(200, modules.statusCode(), "GET /api/host/modules: " + modules.body());
        for (JsonNode module : JSON.readTree(modules.body()).path("modules")) {
            if (MODULE.equals(module.path("name").asText())) {
                return module;
            }
        }
        return fail("courrier is not installed: " + modules.body());
    }

    /**
     * Waits until the host runs courrier 1.0.0, enabled and healthy, as its restored database says:
     * after a restart it first reinstalls the module from its verified cache.
     */
    private static JsonNode awaitCourrier100(Get get) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MODULE_LIMIT_SECONDS);
        String last = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> modules = get.get("/api/host/modules");
            last = modules.statusCode() + " " + modules.body();
            if (modules.statusCode() == 200) {
                for (JsonNode module : JSON.readTree(modules.body()).path("modules")) {
                    if (MODULE.equals(module.path("name").asText())
                            && "UP".equals(module.path("health").path("state").asText())) {
                        assertEquals("1.0.0", module.path("version").asText(),
                                "the restored database has courrier 1.0.0: " + module);
                        assertTrue(module.path("enabled").asBoolean(),
                                "the restored database has courrier enabled: " + module);
                        return module;
                    }
                }
            }
            Thread.sleep(500);
        }
        return fail("courrier 1.0.0 did not come back enabled and UP within " + MODULE_LIMIT_SECONDS
                + " s; GET /api/host/modules: " + last);
    }

    /** Registers an incoming letter dated yesterday with {@code subject}. */
    private static void register(String subject) throws Exception {
        String date = LocalDate.now().minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> registered = host.postAsAdmin(MAILS, "{\"direction\":\"entrant\",\"correspondent\":"
                + "\"SPW Mobilité\",\"subject\":\"" + subject + "\",\"date\":\"" + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, registered.statusCode(), "registering '" + subject + "': " + registered.body());
    }

    /**
     * The subjects of the registered letters, once the registry answers: after a restart the host
     * first reinstalls courrier from its verified cache.
     */
    private static Set<String> awaitSubjects(Get get) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(MODULE_LIMIT_SECONDS);
        List<String> seen = new ArrayList<>();
        while (true) {
            HttpResponse<String> mails = get.get(MAILS);
            if (mails.statusCode() == 200) {
                Set<String> subjects = new TreeSet<>();
                for (JsonNode mail : JSON.readTree(mails.body()).path("mails")) {
                    subjects.add(mail.path("subject").asText());
                }
                return subjects;
            }
            seen.add(mails.statusCode() + " " + mails.body());
            if (System.nanoTime() > deadline) {
                return fail("GET " + MAILS + " did not answer 200 within " + MODULE_LIMIT_SECONDS + " s: "
                        + seen.subList(Math.max(0, seen.size() - 5), seen.size()));
            }
            Thread.sleep(500);
        }
    }

    /** A GET as the administrator, on whichever instance. */
    @FunctionalInterface
    private interface Get {
        HttpResponse<String> get(String path) throws Exception;
    }

    /** What {@code bin/imio} printed on each stream, and its exit status. */
    private record Launch(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + ", stdout: " + stdout.strip() + ", stderr: " + stderr.strip();
        }
    }
}
