package be.imio.platform.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import be.imio.platform.api.PlatformRole;
import be.imio.platform.store.archive.BackupArchive;

/**
 * A backup of a stopped instance, in the format of {@code imio:backup} and into the same folder,
 * so that {@code imio:backup --list} shows it and {@code bin/imio restore} takes it: the instance's
 * {@code etc/}, its Derby database copied as files (it is shut down; with PostgreSQL, use
 * {@code pg_dump}) and its role's files. Taken before an upgrade changes anything.
 */
final class ColdBackup {

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String BACKUP_CFG = "be.imio.platform.backup.cfg";

    private ColdBackup() {
    }

    /** The folder the instance's backups go to ({@code folder} in {@code etc/be.imio.platform.backup.cfg}). */
    static Path folder(Instance instance) throws LaunchException {
        Path cfg = instance.etc(BACKUP_CFG);
        String folder = Files.isRegularFile(cfg) ? CfgFile.read(cfg, instance.dir()).get("folder") : null;
        return folder == null || folder.isBlank() ? instance.data().resolve("backups")
                : Path.of(folder.strip()).toAbsolutePath().normalize();
    }

    /**
     * Writes the backup; answers its file.
     *
     * @param identity the instance's id and display name ({@link #identity})
     * @param derbyFolder the embedded Derby database, shut down; null when it is not Derby (external:
     *        not in the archive)
     * @throws IOException when it cannot be written (the folder, a full disk): nothing is left of it
     */
    static Path write(Instance instance, PlatformRole role, PlatformVersion version, String[] identity,
            Path derbyFolder, String reason) throws IOException, LaunchException {
        Path folder = Files.createDirectories(folder(instance));
        ZonedDateTime now = ZonedDateTime.now(BRUSSELS);
        Path target = folder.resolve("imio-backup-" + role.id() + "-" + STAMP.format(now) + ".zip");
        // Named to the second, as imio:backup names them (their order is their names'): one taken
        // in the same second as another waits for the next.
        while (Files.exists(target)) {
            try {
                Thread.sleep(1000 - now.getNano() / 1_000_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while naming the backup", e);
            }
            now = ZonedDateTime.now(BRUSSELS);
            target = folder.resolve("imio-backup-" + role.id() + "-" + STAMP.format(now) + ".zip");
        }
        Properties manifest = new Properties();
        manifest.setProperty("format", BackupArchive.FORMAT);
        manifest.setProperty("role", role.id());
        manifest.setProperty("instance", identity[0]);
        manifest.setProperty("displayName", identity[1]);
        manifest.setProperty("platformVersion", version.toString());
        manifest.setProperty("created", now.toInstant().toString());
        manifest.setProperty("reason", reason);
        List<BackupArchive.Source> sources = new ArrayList<>();
        sources.add(new BackupArchive.Source(instance.etc(), "etc", p -> false));
        if (derbyFolder != null) {
            if (!derbyFolder.startsWith(instance.data())) {
                throw new IOException("the Derby database " + derbyFolder + " is outside the instance's data folder");
            }
            manifest.setProperty("database", "derby");
            sources.add(new BackupArchive.Source(derbyFolder, "data/" + instance.data().relativize(derbyFolder)
                    .toString().replace('\\', '/'), p -> p.getFileName().toString().endsWith(".lck")));
        } else {
            manifest.setProperty("database", "external");
        }
        sources.add(new BackupArchive.Source(instance.data().resolve(role.id()), "data/" + role.id(),
                p -> p.startsWith(folder) || p.getFileName().toString().endsWith(".part")));
        BackupArchive.write(target, manifest, sources);
        return target;
    }

    /** The instance's id and display name from {@code PLATFORM_INSTANCE}; empty when not recorded yet. */
    static String[] identity(InstanceDatabase database) {
        if (database == null) {
            return new String[] {"", ""};
        }
        try (PreparedStatement query = database.connection().prepareStatement(
                "SELECT ID, DISPLAY_NAME FROM PLATFORM_INSTANCE");
             ResultSet rows = query.executeQuery()) {
            return rows.next() ? new String[] {rows.getString(1), rows.getString(2)} : new String[] {"", ""};
        } catch (SQLException e) {
            return new String[] {"", ""};
        }
    }
}
