package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InstanceRestoreTest {

    @TempDir
    Path tmp;

    private Instance instance;
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private InstanceRestore restore;

    @BeforeEach
    void hostInstance() throws Exception {
        instance = new Instance(tmp.resolve("namur"));
        Files.createDirectories(instance.etc());
        Files.writeString(instance.etc(Instance.PLATFORM_CFG), "role = host\n");
        Files.createDirectories(instance.data().resolve("derby/platform"));
        Files.writeString(instance.data().resolve("derby/platform/service.properties"), "now\n");
        Files.createDirectories(instance.data().resolve("log"));
        Files.writeString(instance.data().resolve("log/karaf.log"), "earlier lines\n");
        restore = new InstanceRestore(new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private Map<String, String> backupOf(String role) {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(InstanceRestore.MANIFEST, "format=1\nrole=" + role + "\ndatabase=derby\ncreated=2026-11-28T01:30:00Z\n");
        entries.put("etc/" + Instance.PLATFORM_CFG, "role = " + role + "\n");
        entries.put("etc/" + Instance.HOST_CFG, "hostToken = secret\n");
        entries.put("data/derby/platform/service.properties", "then\n");
        entries.put("data/host/verified/courrier-1.0.0.jar", "jar\n");
        return entries;
    }

    private Path zip(String name, Map<String, String> entries) throws Exception {
        Path file = tmp.resolve(name);
        try (OutputStream out = Files.newOutputStream(file); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return file;
    }

    private List<String> instanceFiles() throws Exception {
        try (Stream<Path> files = Files.walk(instance.dir())) {
            return files.map(p -> instance.dir().relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void putsTheBackupInPlaceAndKeepsThePreviousStateAside() throws Exception {
        restore.restore(instance, zip("backup.zip", backupOf("host")));

        assertEquals("then\n", Files.readString(instance.data().resolve("derby/platform/service.properties")));
        assertEquals("jar\n", Files.readString(instance.data().resolve("host/verified/courrier-1.0.0.jar")));
        assertEquals("earlier lines\n", Files.readString(instance.data().resolve("log/karaf.log")), "logs go on");
        assertEquals("rw-------", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(instance.etc(Instance.HOST_CFG))));
        Path before;
        try (Stream<Path> found = Files.list(instance.dir())) {
            before = found.filter(p -> p.getFileName().toString().startsWith("before-restore-")).findFirst().orElseThrow();
        }
        assertEquals("now\n", Files.readString(before.resolve("data/derby/platform/service.properties")));
        assertTrue(Files.exists(before.resolve("etc/" + Instance.PLATFORM_CFG)));
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains(before.toString()));
        assertFalse(instanceFiles().stream().anyMatch(f -> f.startsWith(".restore-")), "no staging folder left");
    }

    @Test
    void createsTheInstanceWhenItsFolderIsNew() throws Exception {
        Instance fresh = new Instance(tmp.resolve("new-machine/namur"));

        restore.restore(fresh, zip("backup.zip", backupOf("host")));

        assertEquals("role = host\n", Files.readString(fresh.etc(Instance.PLATFORM_CFG)));
        assertEquals("then\n", Files.readString(fresh.data().resolve("derby/platform/service.properties")));
    }

    @Test
    void refusesABackupOfAnotherRoleAndChangesNothing() throws Exception {
        List<String> files = instanceFiles();

        LaunchException refused = assertThrows(LaunchException.class,
                () -> restore.restore(instance, zip("repository.zip", backupOf("repository"))));

        assertTrue(refused.getMessage().contains("role"), refused.getMessage());
        assertEquals(files, instanceFiles());
    }

    @Test
    void refusesEntriesOutsideEtcAndData() throws Exception {
        for (String evil : List.of("../escaped.txt", "bin/karaf", "data/../../escaped.txt", "/etc/passwd")) {
            Map<String, String> entries = backupOf("host");
            entries.put(evil, "x");
            List<String> files = instanceFiles();

            LaunchException refused = assertThrows(LaunchException.class,
                    () -> restore.restore(instance, zip("evil.zip", entries)), evil);

            assertTrue(refused.getMessage().contains("outside etc/ and data/"), refused.getMessage());
            assertEquals(files, instanceFiles(), evil);
            assertFalse(Files.exists(tmp.resolve("escaped.txt")));
        }
    }

    @Test
    void refusesWhatIsNotABackup() throws Exception {
        Map<String, String> noManifest = backupOf("host");
        noManifest.remove(InstanceRestore.MANIFEST);
        Map<String, String> noDatabase = backupOf("host");
        noDatabase.remove("data/derby/platform/service.properties");
        Path whole = zip("whole.zip", backupOf("host"));
        Path truncated = tmp.resolve("truncated.zip");
        byte[] bytes = Files.readAllBytes(whole);
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        List<String> files = instanceFiles();

        for (Path bad : List.of(zip("plain.zip", noManifest), zip("nodb.zip", noDatabase), truncated)) {
            LaunchException refused = assertThrows(LaunchException.class, () -> restore.restore(instance, bad));
            assertTrue(refused.getMessage().contains("not a usable iMio backup"), refused.getMessage());
        }
        assertEquals(files, instanceFiles());
    }

    @Test
    void refusesWhileKarafHoldsTheInstanceLock() throws Exception {
        Path lock = Files.writeString(instance.dir().resolve("lock"), "");
        List<String> files = instanceFiles();
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE); FileLock held = channel.lock()) {
            LaunchException refused = assertThrows(LaunchException.class,
                    () -> restore.restore(instance, zip("backup.zip", backupOf("host"))));
            assertTrue(refused.getMessage().contains("is running"), refused.getMessage());
        }
        assertEquals(files, instanceFiles());
    }

    /** The state a crash leaves after the old etc/ went aside and before the restored one came in. */
    private Path interruptedSwap() throws Exception {
        Path staging = instance.dir().resolve(InstanceRestore.STAGING + "20261129-101010");
        Files.createDirectories(staging.resolve("etc"));
        Files.writeString(staging.resolve("etc").resolve(Instance.PLATFORM_CFG), "role = host\n# restored\n");
        Files.createDirectories(staging.resolve("data/derby/platform"));
        Files.writeString(staging.resolve("data/derby/platform/service.properties"), "then\n");
        Files.createFile(staging.resolve(".unpacked"));
        Path before = Files.createDirectories(instance.dir().resolve("before-restore-20261129-101010"));
        Files.move(instance.etc(), before.resolve("etc"));
        return before;
    }

    @Test
    void aSwapCutOffByACrashIsCompletedByRunningTheRestoreAgain() throws Exception {
        Path before = interruptedSwap();

        restore.restore(instance, tmp.resolve("any.zip"));

        assertEquals("role = host\n# restored\n", Files.readString(instance.etc(Instance.PLATFORM_CFG)));
        assertEquals("then\n", Files.readString(instance.data().resolve("derby/platform/service.properties")));
        assertEquals("earlier lines\n", Files.readString(instance.data().resolve("log/karaf.log")));
        assertEquals("role = host\n", Files.readString(before.resolve("etc").resolve(Instance.PLATFORM_CFG)));
        assertEquals("now\n", Files.readString(before.resolve("data/derby/platform/service.properties")));
        assertFalse(instanceFiles().stream().anyMatch(f -> f.startsWith(".restore-")), "no staging folder left");
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("interrupted"));
    }

    @Test
    void theInstanceDoesNotStartWhileARestoreIsCutOff() throws Exception {
        interruptedSwap();

        LaunchException refused = assertThrows(LaunchException.class, () -> new Preflight().check(instance));

        assertTrue(refused.getMessage().contains("restore of " + instance.dir() + " was interrupted"), refused.getMessage());
    }

    @Test
    void lookingForAnInterruptedRestoreLeavesARestoreBeingUnpackedAlone() throws Exception {
        Path unpacking = Files.createDirectories(instance.dir().resolve(InstanceRestore.STAGING + "20261129-090000/etc"));

        assertEquals(null, InstanceRestore.interrupted(instance));

        assertTrue(Files.isDirectory(unpacking), "bin/imio check or run beside a restore must not remove its files");
    }

    @Test
    void whatAnUnpackCutOffLeftIsRemovedAndTheRestoreGoesOn() throws Exception {
        Path leftover = Files.createDirectories(instance.dir().resolve(InstanceRestore.STAGING + "20261129-090000/etc"));

        restore.restore(instance, zip("backup.zip", backupOf("host")));

        assertFalse(Files.exists(leftover.getParent()));
        assertEquals("then\n", Files.readString(instance.data().resolve("derby/platform/service.properties")));
    }
    /** A repository's backup as imio:backup writes it: signing keys among the data. */
    private Map<String, String> repositoryBackup() {
        Map<String, String> entries = new LinkedHashMap<>();
        entries.put(InstanceRestore.MANIFEST, "format=1\nrole=repository\ndatabase=derby\ncreated=2026-11-28T01:30:00Z\n");
        entries.put("etc/" + Instance.PLATFORM_CFG, "role = repository\n");
        entries.put("etc/" + Instance.USERS, "admin = {CRYPT}00{CRYPT},_g_:admingroup\n");
        entries.put("data/derby/platform/service.properties", "then\n");
        entries.put("data/repository/keys/", "");
        for (String role : List.of("root", "targets", "snapshot", "timestamp")) {
            entries.put("data/repository/keys/" + role + ".key", "PRIVATE KEY of " + role + "\n");
        }
        entries.put("data/repository/maven/be/imio/solutions/x/1.0.0/x-1.0.0.jar", "jar\n");
        return entries;
    }

    /** Every folder and file of {@code root} that is not rwx------ (folders) or rw------- (files). */
    private static List<String> notOwnerOnly(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            return paths.filter(p -> {
                try {
                    String permissions = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
                    return !permissions.equals(Files.isDirectory(p) ? "rwx------" : "rw-------");
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).map(p -> root.relativize(p) + " " + permissionsOf(p)).toList();
        }
    }

    private static String permissionsOf(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** What a careless copy or a 022 umask leaves: everything readable by every user of the machine. */
    private static void loosen(Path root) throws Exception {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
            }
        }
    }

    @Test
    void aRestoreIntoANewFolderLeavesTheInstanceAndItsKeysTheOwnersOnly() throws Exception {
        Instance fresh = new Instance(tmp.resolve("new-machine/imio-repository"));

        restore.restore(fresh, zip("repository.zip", repositoryBackup()));

        assertEquals("rwx------", permissionsOf(fresh.dir()));
        assertEquals("rw-------", permissionsOf(fresh.data().resolve("repository/keys/root.key")));
        assertEquals(List.of(), notOwnerOnly(fresh.dir()));
    }

    @Test
    void aRestoreIntoAnEmptyFolderMadeBeforehandMakesItTheOwnersOnly() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("srv/imio-repository"));
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxrwxr-x"));
        Instance fresh = new Instance(folder);

        restore.restore(fresh, zip("repository.zip", repositoryBackup()));

        assertEquals(List.of(), notOwnerOnly(fresh.dir()));
    }

    @Test
    void aRestoreIntoAnExistingInstanceTightensWhatWasLooseAndThePreviousStateKeptAside() throws Exception {
        Files.createDirectories(instance.data().resolve("backups"));
        Files.writeString(instance.data().resolve("backups/imio-backup-1.zip"), "older backup\n");
        loosen(instance.dir());

        restore.restore(instance, zip("backup.zip", backupOf("host")));

        assertEquals(List.of(), notOwnerOnly(instance.etc()));
        assertEquals(List.of(), notOwnerOnly(instance.data()), "restored data, kept logs and backups alike");
        assertEquals("rwx------", permissionsOf(instance.dir()));
        try (Stream<Path> found = Files.list(instance.dir())) {
            Path before = found.filter(p -> p.getFileName().toString().startsWith("before-restore-")).findFirst()
                    .orElseThrow();
            assertEquals("rwx------", permissionsOf(before), "the previous etc/ and data/ hold secrets too");
        }
    }

    @Test
    void aRestoreCompletedAfterACrashEndsWithTheSamePermissions() throws Exception {
        interruptedSwap();
        loosen(instance.dir());

        restore.restore(instance, tmp.resolve("any.zip"));

        assertEquals("rwx------", permissionsOf(instance.dir()));
        assertEquals(List.of(), notOwnerOnly(instance.etc()));
        assertEquals(List.of(), notOwnerOnly(instance.data()));
    }

    @Test
    void createAndRestoreLeaveAnInstanceWithTheSamePermissions() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("dist/etc"));
        Files.writeString(etc.resolve(Instance.FEATURES_CFG), "featuresBoot = shell\n");
        Files.writeString(etc.resolve(Instance.WEB_CFG), "org.osgi.service.http.port = 8181\n");
        Files.writeString(etc.resolve(Instance.SHELL_CFG), "sshPort = 8101\n");
        Files.writeString(etc.resolve(Instance.USERS), "# no default account\n");
        loosen(etc);
        Instance created = new Instance(tmp.resolve("instances/created"));
        new InstanceCreator(etc, new java.security.SecureRandom()).create(created, new InstanceCreator.Settings(
                be.imio.platform.api.PlatformRole.REPOSITORY, "iMio", 9181, 9101, "127.0.0.1", null, null));
        Instance restored = new Instance(tmp.resolve("instances/restored"));

        restore.restore(restored, zip("repository.zip", repositoryBackup()));

        assertEquals(List.of(), notOwnerOnly(created.etc()));
        assertEquals(List.of(), notOwnerOnly(created.data()));
        assertEquals(permissionsOf(created.dir()), permissionsOf(restored.dir()));
        assertEquals("rw-------", permissionsOf(created.dir().resolve(Instance.PASSWORD_FILE)));
    }
}
