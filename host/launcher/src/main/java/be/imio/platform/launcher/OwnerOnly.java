package be.imio.platform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The one way an instance's permissions are set, by {@code bin/imio create} and {@code bin/imio
 * restore} alike: an instance holds signing keys, password hashes, tokens and its database, so its
 * folder and everything in {@code etc/} and {@code data/} are the platform user's only (folders
 * {@code rwx------}, files {@code rw-------}). On a file system without POSIX permissions nothing
 * is changed. Symbolic links are left alone: their target may be outside the instance.
 */
final class OwnerOnly {

    static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");

    private OwnerOnly() {
    }

    /**
     * Makes {@code instance} its owner's only: its folder, {@code admin-password.txt}, and every
     * folder and file under {@code etc/} and {@code data/} (those that exist).
     */
    static void instance(Instance instance) throws IOException {
        folder(instance.dir());
        Path password = instance.dir().resolve(Instance.PASSWORD_FILE);
        if (Files.isRegularFile(password)) {
            file(password);
        }
        tree(instance.etc());
        tree(instance.data());
    }

    /** {@code rwx------} on one folder; nothing when it does not exist. */
    static void folder(Path folder) throws IOException {
        set(folder, FOLDER);
    }

    /** {@code rw-------} on one file. */
    static void file(Path file) throws IOException {
        set(file, FILE);
    }

    /** {@code root} and every folder and file below it; nothing when it does not exist. */
    static void tree(Path root) throws IOException {
        if (!Files.exists(root) || !posix(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                if (Files.isSymbolicLink(path)) {
                    continue;
                }
                Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
            }
        }
    }

    private static void set(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.exists(path) && !Files.isSymbolicLink(path) && posix(path)) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static boolean posix(Path path) throws IOException {
        return Files.getFileStore(path).supportsFileAttributeView("posix");
    }
}
