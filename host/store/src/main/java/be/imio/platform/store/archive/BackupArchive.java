package be.imio.platform.store.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Writes an instance backup: one zip whose first entry, {@value #MANIFEST}, says what it holds
 * (format, role, date, database), followed by folders of the instance under the names they have
 * in it ({@code etc/...}, {@code data/...}). {@code bin/imio restore} reads the same format.
 * The zip is written beside its final name and moved there once complete, readable by its owner
 * only: it holds the instance's configuration and, for a repository, its signing keys.
 *
 * <p>Public for {@code bin/imio}, which writes the backup taken before an upgrade with it, on the
 * plain JVM: this class uses the JDK only. The package is not exported to modules.
 */
public final class BackupArchive {

    public static final String MANIFEST = "imio-backup.properties";
    public static final String FORMAT = "1";
    private static final Pattern COMPRESSED = Pattern.compile("\\.(jar|kar|zip|gz|war|png|jpg)$");

    /** A folder to archive under {@code prefix} (such as {@code data/host}), without what {@code skip} rejects. */
    public record Source(Path folder, String prefix, Predicate<Path> skip) {
    }

    private BackupArchive() {
    }

    /** Writes {@code target} atomically; answers its size in bytes. */
    public static long write(Path target, Properties manifest, List<Source> sources) throws IOException {
        Path part = target.resolveSibling(target.getFileName() + ".part");
        Files.deleteIfExists(part);
        Files.createFile(part, ownerOnly(target));
        try {
            try (OutputStream file = Files.newOutputStream(part, StandardOpenOption.WRITE);
                    ZipOutputStream zip = new ZipOutputStream(file)) {
                zip.putNextEntry(new ZipEntry(MANIFEST));
                manifest.store(zip, "iMio platform backup");
                zip.closeEntry();
                for (Source source : sources) {
                    for (Path path : files(source)) {
                        add(zip, path, source.prefix() + "/" + source.folder().relativize(path).toString()
                                .replace(path.getFileSystem().getSeparator(), "/"));
                    }
                }
            }
            try (FileChannel channel = FileChannel.open(part, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            return Files.size(target);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    private static void add(ZipOutputStream zip, Path path, String name) throws IOException {
        InputStream in;
        try {
            in = Files.newInputStream(path);
        } catch (NoSuchFileException e) {
            return; // a temporary file removed since the folder was listed
        }
        try (in) {
            // Released artifacts are archives already: deflating them again costs time for nothing.
            zip.setLevel(COMPRESSED.matcher(name).find() ? Deflater.NO_COMPRESSION : Deflater.DEFAULT_COMPRESSION);
            ZipEntry entry = new ZipEntry(name);
            entry.setLastModifiedTime(Files.getLastModifiedTime(path));
            zip.putNextEntry(entry);
            in.transferTo(zip);
            zip.closeEntry();
        }
    }

    private static List<Path> files(Source source) throws IOException {
        if (!Files.isDirectory(source.folder())) {
            return List.of();
        }
        List<Path> files = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(source.folder())) {
            walk.filter(Files::isRegularFile).filter(source.skip().negate()).sorted().forEach(files::add);
        }
        return files;
    }

    private static FileAttribute<?>[] ownerOnly(Path target) {
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                && target.getFileSystem() == FileSystems.getDefault();
        return posix ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
                : new FileAttribute<?>[0];
    }
}
