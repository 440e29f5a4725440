package be.imio.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Enumeration;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

import be.imio.platform.api.PlatformRole;
import be.imio.platform.store.archive.BackupArchive;

/**
 * {@code bin/imio restore}: puts an instance back as a backup ({@code imio:backup}) saw it. The
 * whole archive is unpacked and checked beside the instance first, so a damaged or foreign archive
 * changes nothing; then the current {@code etc/} and {@code data/} are moved aside into
 * {@code before-restore-<date>/} and the archive's take their place. Karaf's own caches are not in
 * a backup: the instance starts like a fresh one on its restored database, and a host then
 * brings its modules back to what that database says.
 */
final class InstanceRestore {

    static final String MANIFEST = BackupArchive.MANIFEST;
    static final String STAGING = ".restore-";
    /** In a staging folder: everything is unpacked and checked; the restore must be completed. */
    private static final String UNPACKED = ".unpacked";
    private static final String FORMAT = BackupArchive.FORMAT;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    /** Backups are named in Belgian time; so are the folders a restore leaves. */
    private static final java.time.ZoneId BRUSSELS = java.time.ZoneId.of("Europe/Brussels");

    private final PrintStream out;

    InstanceRestore(PrintStream out) {
        this.out = out;
    }

    void restore(Instance instance, Path archive) throws LaunchException, IOException {
        if (Files.exists(instance.etc(Instance.PLATFORM_CFG)) || Files.exists(instance.dir().resolve("lock"))) {
            refuseIfRunning(instance);
        }
        Path interrupted = interrupted(instance);
        if (interrupted != null) {
            Path before = finish(instance, interrupted);
            out.println("Completed the restore of " + instance.dir() + " that was interrupted; nothing was read from "
                    + archive.getFileName() + ": run the restore again if you want that backup instead.");
            if (before != null) {
                out.println("  The previous etc/ and data/ are in " + before + ".");
            }
            return;
        }
        if (!Files.isRegularFile(archive)) {
            throw new LaunchException("no backup file at " + archive);
        }
        // A restore cut off while unpacking changed nothing but its staging folder.
        for (Path leftover : stagings(instance)) {
            InstanceCreator.deleteTree(leftover);
        }
        String stamp = STAMP.format(LocalDateTime.now(BRUSSELS));
        try (ZipFile zip = open(archive)) {
            Properties manifest = manifest(zip, archive);
            PlatformRole role = roleOf(manifest, archive);
            if (Files.exists(instance.etc(Instance.PLATFORM_CFG))) {
                PlatformRole current = new Preflight().role(instance);
                if (current != role) {
                    throw new LaunchException(archive.getFileName() + " is a backup of a " + role.id() + " instance; "
                            + instance.dir() + " is a " + current.id() + " instance, and a role cannot change");
                }
            } else if (Files.exists(instance.dir()) && !isEmpty(instance.dir())) {
                throw new LaunchException(instance.dir() + " is not an instance and not empty; restore into an"
                        + " instance's folder or a new one");
            }
            Files.createDirectories(instance.dir());
            // Before anything is unpacked into it: the backup holds signing keys and secrets.
            OwnerOnly.folder(instance.dir());
            Path staging = instance.dir().resolve(STAGING + stamp);
            try {
                unpack(zip, archive, staging);
                checkComplete(staging, manifest, archive);
                if (role == PlatformRole.REPOSITORY) {
                    // Its next start signs the restored releases again, above what hosts may have seen since.
                    Path marker = staging.resolve("data").resolve(role.id()).resolve("restored-from-backup");
                    Files.createDirectories(marker.getParent());
                    Files.writeString(marker, archive + "\n");
                }
                Files.createDirectories(staging.resolve("data"));
                // From here on the restore goes to its end, even through a crash: see interrupted().
                Files.createFile(staging.resolve(UNPACKED));
            } catch (LaunchException | IOException | RuntimeException e) {
                InstanceCreator.deleteTree(staging);
                throw e;
            }
            Path before = finish(instance, staging);
            out.println("Restored " + role.id() + " instance " + instance.dir() + " from " + archive
                    + " (backup of " + manifest.getProperty("created", "?") + ")");
            if (before != null) {
                out.println("  The previous etc/ and data/ are in " + before + "; delete it once the instance"
                        + " runs as expected.");
            }
            if ("external".equals(manifest.getProperty("database"))) {
                out.println("  The database is not in this backup: restore it with its own tools first.");
            }
            out.println("  Start it: bin/imio run " + instance.dir());
        }
    }

    /** The staging folder of a restore that was cut off while it swapped folders, if any; changes nothing. */
    static Path interrupted(Instance instance) throws IOException {
        return stagings(instance).stream().filter(s -> Files.exists(s.resolve(UNPACKED))).findFirst().orElse(null);
    }

    private static List<Path> stagings(Instance instance) throws IOException {
        if (!Files.isDirectory(instance.dir())) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(instance.dir())) {
            return entries.filter(e -> e.getFileName().toString().startsWith(STAGING)).toList();
        }
    }

    /**
     * Moves the unpacked etc/ and data/ in, each current one first aside into
     * {@code before-restore-<date>/}. Every step can be done again after a crash, so a restore
     * cut off here is completed by running it again. Answers the folder kept aside, or null.
     */
    private static Path finish(Instance instance, Path staging) throws IOException {
        Path before = instance.dir().resolve("before-restore-" + staging.getFileName().toString().substring(STAGING.length()));
        for (String folder : new String[] {"etc", "data"}) {
            Path restored = staging.resolve(folder);
            Path current = instance.dir().resolve(folder);
            if (Files.exists(restored)) {
                if (Files.exists(current)) {
                    Files.createDirectories(before);
                    Files.move(current, before.resolve(folder));
                }
                Files.move(restored, current);
            }
        }
        // Logs go on where they were: they tell what happened before the restore too; and the
        // backups kept in the data folder stay there, this one among them.
        for (String kept : new String[] {"log", "backups"}) {
            Path previous = before.resolve("data").resolve(kept);
            if (Files.isDirectory(previous) && !Files.exists(instance.data().resolve(kept))) {
                Files.move(previous, instance.data().resolve(kept));
            }
        }
        InstanceCreator.deleteTree(staging);
        // As after bin/imio create, whatever the archive's entries, the umask, or the folders that
        // were there before said; the previous state kept aside holds keys and secrets too.
        OwnerOnly.instance(instance);
        OwnerOnly.folder(before);
        return Files.exists(before) ? before : null;
    }

    private static ZipFile open(Path archive) throws LaunchException {
        try {
            return new ZipFile(archive.toFile());
        } catch (IOException e) {
            throw notABackup(archive, InstanceCreator.reason(e));
        }
    }

    private static Properties manifest(ZipFile zip, Path archive) throws LaunchException {
        ZipEntry entry = zip.getEntry(MANIFEST);
        if (entry == null) {
            throw notABackup(archive, "it has no " + MANIFEST);
        }
        Properties manifest = new Properties();
        try (InputStream in = zip.getInputStream(entry)) {
            manifest.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw notABackup(archive, MANIFEST + " is unreadable");
        }
        if (!FORMAT.equals(manifest.getProperty("format"))) {
            throw new LaunchException(archive.getFileName() + " is in backup format " + manifest.getProperty("format")
                    + "; this platform reads format " + FORMAT + ": restore it with the platform version that made it ("
                    + manifest.getProperty("platformVersion", "unknown") + ")");
        }
        return manifest;
    }

    private static PlatformRole roleOf(Properties manifest, Path archive) throws LaunchException {
        try {
            return PlatformRole.fromId(manifest.getProperty("role"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw notABackup(archive, "its role '" + manifest.getProperty("role") + "' is unknown");
        }
    }

    /** Karaf holds a lock on the instance's {@code lock} file while it runs; taking it proves the instance is stopped. */
    private static void refuseIfRunning(Instance instance) throws LaunchException, IOException {
        if (!running(instance)) {
            return;
        }
        throw new LaunchException("the instance " + instance.dir() + " is running; stop it first (bin/imio stop "
                + instance.dir() + ")");
    }

    /** True while Karaf runs the instance: it holds the lock on the instance's {@code lock} file. */
    static boolean running(Instance instance) throws IOException {
        Path lock = instance.dir().resolve("lock");
        if (!Files.exists(lock)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.WRITE);
                FileLock taken = channel.tryLock()) {
            return taken == null;
        } catch (OverlappingFileLockException e) {
            return true; // held by this very process: cannot happen from bin/imio
        }
    }

    private static void unpack(ZipFile zip, Path archive, Path staging) throws LaunchException, IOException {
        Files.createDirectories(staging);
        OwnerOnly.folder(staging);
        Enumeration<? extends ZipEntry> entries = zip.entries();
        while (entries.hasMoreElements()) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (name.equals(MANIFEST)) {
                continue;
            }
            Path target = safeTarget(staging, name, archive);
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target);
            } catch (ZipException e) {
                // The CRC of each entry is checked as it is read: a damaged archive stops here.
                throw notABackup(archive, name + ": " + e.getMessage());
            }
        }
    }

    /** Only {@code etc/} and {@code data/} may be written, and only inside them. */
    private static Path safeTarget(Path staging, String name, Path archive) throws LaunchException {
        boolean allowed = (name.startsWith("etc/") || name.startsWith("data/")) && !name.contains("\\")
                && !name.contains("//") && Stream.of(name.split("/")).noneMatch(s -> s.equals("..") || s.equals("."));
        Path target = staging.resolve(name).normalize();
        if (!allowed || !target.startsWith(staging)) {
            throw notABackup(archive, "it has an entry outside etc/ and data/: " + name);
        }
        return target;
    }

    private static void checkComplete(Path staging, Properties manifest, Path archive) throws LaunchException, IOException {
        if (!Files.isRegularFile(staging.resolve("etc").resolve(Instance.PLATFORM_CFG))) {
            throw notABackup(archive, "it has no etc/" + Instance.PLATFORM_CFG);
        }
        if ("derby".equals(manifest.getProperty("database"))) {
            try (Stream<Path> files = Files.walk(staging.resolve("data"))) {
                if (files.noneMatch(p -> p.getFileName().toString().equals("service.properties"))) {
                    throw notABackup(archive, "its Derby database is missing");
                }
            }
        }
        // The secrets (password hashes, tokens, database password, signing keys) stay the owner's
        // from the moment they are unpacked.
        OwnerOnly.tree(staging);
    }

    private static boolean isEmpty(Path folder) throws IOException {
        try (Stream<Path> entries = Files.list(folder)) {
            return entries.findAny().isEmpty();
        }
    }

    private static LaunchException notABackup(Path archive, String why) {
        return new LaunchException(archive + " is not a usable iMio backup: " + why);
    }
}
