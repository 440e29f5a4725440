package be.imio.platform.store.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackupArchiveTest {

    @TempDir
    Path tmp;

    @Test
    void writesTheManifestFirstThenTheFoldersUnderTheirNamesReadableByItsOwnerOnly() throws Exception {
        Path etc = Files.createDirectories(tmp.resolve("instance/etc"));
        Files.writeString(etc.resolve("be.imio.platform.cfg"), "role = host\n");
        Path host = Files.createDirectories(tmp.resolve("instance/data/host/verified/be/imio"));
        Files.writeString(host.resolve("courrier-1.0.0.jar"), "jar");
        Files.writeString(host.resolve("download-1.part"), "half a download");
        Properties manifest = new Properties();
        manifest.setProperty("format", BackupArchive.FORMAT);
        manifest.setProperty("role", "host");
        Path target = tmp.resolve("backups/imio-backup-host-20261128-023000.zip");
        Files.createDirectories(target.getParent());

        long size = BackupArchive.write(target, manifest, List.of(
                new BackupArchive.Source(etc, "etc", p -> false),
                new BackupArchive.Source(tmp.resolve("instance/data/host"), "data/host",
                        p -> p.getFileName().toString().endsWith(".part")),
                new BackupArchive.Source(tmp.resolve("instance/data/absent"), "data/absent", p -> false)));

        assertEquals(Files.size(target), size);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(target)));
        assertFalse(Files.exists(target.resolveSibling(target.getFileName() + ".part")));
        try (ZipFile zip = new ZipFile(target.toFile())) {
            List<String> names = new ArrayList<>();
            zip.stream().map(ZipEntry::getName).forEach(names::add);
            assertEquals(List.of(BackupArchive.MANIFEST, "etc/be.imio.platform.cfg",
                    "data/host/verified/be/imio/courrier-1.0.0.jar"), names);
            Properties read = new Properties();
            read.load(zip.getInputStream(zip.getEntry(BackupArchive.MANIFEST)));
            assertEquals("host", read.getProperty("role"));
            assertEquals("jar", new String(zip.getInputStream(zip.getEntry("data/host/verified/be/imio/courrier-1.0.0.jar"))
                    .readAllBytes()));
        }
    }
}
