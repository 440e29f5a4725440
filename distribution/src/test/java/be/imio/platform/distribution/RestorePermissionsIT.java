package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A repository's backup holds its signing keys, root included. Whoever restores it with {@code bin/imio
 * restore}, into a new folder or over the instance, gets the instance as {@code bin/imio create}
 * leaves one: its folder {@code rwx------}, its keys and every other file of {@code etc/} and
 * {@code data/} readable by the platform's user only, whatever the umask of the shell that ran it.
 */
class RestorePermissionsIT {

    private static final Pattern BACKUP_WRITTEN = Pattern.compile("Backup written: (/\\S.*?\\.zip) \\(");
    private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[A-Za-z]");

    private static RunningInstance repository;
    private static Path backup;

    @BeforeAll
    static void backUpARepositoryThatSignedItsMetadata() throws Exception {
        repository = RunningInstance.create(Distribution.unpacked(), "repository");
        repository.start();
        // A publisher added as iMio does, through the API: its namespaces are kept with the backup.
        HttpResponse<String> added = repository.postAsAdmin("/api/repository/publishers/",
                "{\"account\":\"publisher-kept\",\"namespaces\":[\"be.imio.kept\"]}");
        assertEquals(201, added.statusCode(), added.body());
        Path publishers = repository.dir.resolve(PUBLISHERS);
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        while (!Files.readString(publishers).contains("publisher-kept") && System.nanoTime() < deadline) {
            Thread.sleep(200); // Karaf's File Install writes the change back to etc/ a moment later
        }
        assertTrue(Files.readString(publishers).contains("be.imio.kept"), "etc/ holds the publisher's namespaces: "
                + Files.readString(publishers));
        String out = ANSI.matcher(repository.shell("admin", repository.adminPassword(), "imio:backup")).replaceAll("");
        Matcher written = BACKUP_WRITTEN.matcher(out);
        assertTrue(written.find(), "imio:backup prints where it wrote the backup: " + out);
        // Kept outside the instance, as an operator keeps backups.
        backup = Files.copy(Path.of(written.group(1)), repository.dir.resolveSibling("repository-backup-"
                + System.nanoTime() + ".zip"));
        repository.stop();
        assertEquals("rwx------", permissions(repository.dir), "as bin/imio create leaves an instance");
        assertFalse(keys(repository.dir).isEmpty(), "the repository made its signing keys");
        for (Path key : keys(repository.dir)) {
            assertEquals("rw-------", permissions(key), "as the repository writes its keys: " + key);
        }
        assertEquals("rwx------", permissions(repository.dir.resolve("offline-keys")));
        try (Stream<Path> rootKeys = Files.list(repository.dir.resolve("offline-keys"))) {
            List<Path> files = rootKeys.toList();
            assertEquals(List.of("root-1.key", "root-2.key", "root-3.key", "targets.key"), files.stream()
                    .map(file -> file.getFileName().toString()).sorted().toList(), "three root keys and the targets key");
            for (Path key : files) {
                assertEquals("rw-------", permissions(key), key.toString());
            }
        }
        try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(backup.toFile())) {
            List<String> names = zip.stream().map(java.util.zip.ZipEntry::getName).toList();
            assertTrue(names.stream().noneMatch(name -> name.contains("offline-keys") || name.contains("root-")
                    || name.endsWith("targets.key")), "no root key nor targets key in the backup: " + names);
            assertTrue(names.stream().anyMatch(name -> name.endsWith("keys/timestamp.key"))
                    && names.stream().anyMatch(name -> name.endsWith("keys/releases.key")),
                    "the online keys are in it: " + names);
        }
        // What the running instance wrote itself (its database, repository folders, Karaf's files)
        // is its owner's only too, whatever the umask it was started with.
        assertEquals(List.of(), loose(repository.dir), "as the running instance left etc/ and data/");
    }

    @AfterAll
    static void stop() throws Exception {
        repository.close();
    }

    @Test
    void aRestoreIntoANewFolderLeavesTheInstanceAndItsKeysTheOwnersOnly() throws Exception {
        Path elsewhere = repository.dir.resolveSibling("restored-repository-" + System.nanoTime());

        Distribution.Result restored = Distribution.unpacked().imio("restore", elsewhere.toString(), backup.toString());

        assertEquals(0, restored.exitCode(), restored.output());
        assertOwnerOnly(elsewhere);
        assertFalse(Files.exists(elsewhere.resolve("offline-keys")), "the backup held no offline key");
    }

    @Test
    void aRestoreOverTheInstanceLeavesItAndItsKeysTheOwnersOnly() throws Exception {
        Distribution.Result restored = Distribution.unpacked().imio("restore", repository.dir.toString(),
                backup.toString());

        assertEquals(0, restored.exitCode(), restored.output());
        assertOwnerOnly(repository.dir);
        try (Stream<Path> entries = Files.list(repository.dir)) {
            for (Path before : (Iterable<Path>) entries.filter(p -> p.getFileName().toString()
                    .startsWith("before-restore-"))::iterator) {
                assertEquals("rwx------", permissions(before), "the state kept aside holds the previous keys");
            }
        }
    }

    private static final String PUBLISHERS = "etc/be.imio.platform.repository.publishers.cfg";

    private static void assertOwnerOnly(Path instance) throws IOException {
        assertTrue(Files.readString(instance.resolve(PUBLISHERS)).contains("be.imio.kept"),
                "the publishers' namespaces are restored: " + Files.readString(instance.resolve(PUBLISHERS)));
        assertEquals("rwx------", permissions(instance), "the instance's folder");
        List<Path> keys = keys(instance);
        assertTrue(keys.stream().anyMatch(k -> k.getFileName().toString().startsWith("timestamp")),
                "the online keys are restored: " + keys);
        assertTrue(keys.stream().noneMatch(k -> k.getFileName().toString().startsWith("root")
                || k.getFileName().toString().startsWith("targets")), "no root key nor targets key was in the backup: " + keys);
        for (Path key : keys) {
            assertEquals("rw-------", permissions(key), key.toString());
        }
        assertEquals(List.of(), loose(instance), "everything in etc/ and data/ is the owner's only");
    }

    /** What in {@code instance}'s etc/ and data/ others may read or enter, with its permissions. */
    private static List<String> loose(Path instance) throws IOException {
        List<String> loose = new java.util.ArrayList<>();
        for (String folder : new String[] {"etc", "data"}) {
            try (Stream<Path> paths = Files.walk(instance.resolve(folder))) {
                paths.filter(p -> !permissions(p).equals(Files.isDirectory(p) ? "rwx------" : "rw-------"))
                        .map(p -> instance.relativize(p) + " " + permissions(p)).forEach(loose::add);
            }
        }
        return loose;
    }

    private static List<Path> keys(Path instance) throws IOException {
        try (Stream<Path> files = Files.walk(instance.resolve("data/repository/keys"))) {
            return files.filter(Files::isRegularFile).toList();
        }
    }

    private static String permissions(Path path) {
        try {
            return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
