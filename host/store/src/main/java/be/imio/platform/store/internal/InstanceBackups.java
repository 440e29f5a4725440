package be.imio.platform.store.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.store.archive.BackupArchive;

/**
 * Backs the instance up: its {@code etc/}, its database (Derby's online backup, consistent while
 * the instance keeps serving) and its role's files ({@code data/host} or {@code data/repository}),
 * into one archive that {@code bin/imio restore} puts back. Daily at the configured time, and on
 * demand with {@code imio:backup}. The database is copied first: files the role writes before it
 * records them are then always in the archive with the rows that name them.
 */
@Component(service = InstanceBackups.class, configurationPid = BackupConfig.PID)
@Designate(ocd = BackupConfig.class)
public final class InstanceBackups {

    private static final Logger LOG = LoggerFactory.getLogger(InstanceBackups.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");
    private static final String DERBY_URL = "jdbc:derby:";
    private static final Duration CATCH_UP = Duration.ofMinutes(10);

    /** One archive in the backup folder. */
    record Backup(Path file, long size) {

        /** Its size in megabytes (10^6 bytes) as Belgian readers write it in each language, such as {@code 12,3 MB}. */
        be.imio.platform.api.Message sizeText() {
            return be.imio.platform.api.Message.written(language -> String.format(
                    be.imio.platform.api.BelgianFormats.belgian(language), "%.1f MB", size / 1_000_000.0));
        }
    }

    /** The last backup attempt: when, and the archive written or why none was. */
    record Attempt(Instant at, Backup written, String failure) {
    }

    private final DataSource dataSource;
    private final PlatformInstance instance;
    private final Path etc;
    private final Path data;
    private final Clock clock = Clock.system(BRUSSELS);
    private final ScheduledExecutorService scheduler =
            Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imio-backups"));
    private final Object writing = new Object();
    private volatile BackupConfig config;
    private volatile Attempt last;
    private volatile Instant lastWritten;
    /** Read without the lock: the health check asks for it while a backup may hold the lock for minutes. */
    private volatile ScheduledFuture<?> next;

    @Activate
    public InstanceBackups(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference PlatformInstance instance, BundleContext context, BackupConfig config) {
        this.dataSource = dataSource;
        this.instance = instance;
        this.etc = Path.of(context.getProperty("karaf.etc")).toAbsolutePath().normalize();
        this.data = Path.of(context.getProperty("karaf.data")).toAbsolutePath().normalize();
        this.config = config;
        try {
            List<Backup> kept = list();
            if (!kept.isEmpty()) {
                last = new Attempt(Files.getLastModifiedTime(kept.get(0).file()).toInstant(), kept.get(0), null);
                lastWritten = last.at();
            }
        } catch (IOException e) {
            LOG.warn("Cannot list the backups in {}: {}", folder(), e.getMessage());
        }
        modified(config);
    }

    /** When the last backup was written (this start or before it: the newest archive); null when none is. */
    Instant lastWritten() {
        return lastWritten;
    }

    /** The last backup attempt since the instance's backups were first listed; null when none. */
    Attempt last() {
        return last;
    }

    /** When the next scheduled backup runs; null when none is scheduled. */
    ZonedDateTime nextScheduled() {
        ScheduledFuture<?> planned = next;
        return planned == null || planned.isDone() ? null
                : ZonedDateTime.now(clock).plus(Duration.ofMillis(planned.getDelay(TimeUnit.MILLISECONDS)));
    }

    @Modified
    synchronized void modified(BackupConfig changed) {
        this.config = changed;
        if (next != null) {
            next.cancel(false);
            next = null;
        }
        scheduleNext();
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    /** The folder backups go to. */
    Path folder() {
        String configured = config.folder().strip();
        return configured.isEmpty() ? data.resolve("backups") : Path.of(configured).toAbsolutePath().normalize();
    }

    /** The archives in the backup folder, newest first. */
    List<Backup> list() throws IOException {
        Path folder = folder();
        if (!Files.isDirectory(folder)) {
            return List.of();
        }
        List<Backup> found = new ArrayList<>();
        String prefix = "imio-backup-" + instance.role().id() + "-";
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(prefix) && name.endsWith(".zip")) {
                    found.add(new Backup(file, Files.size(file)));
                }
            }
        }
        found.sort(Comparator.comparing((Backup b) -> b.file().getFileName().toString()).reversed());
        return found;
    }

    /** Writes one backup now, then deletes the oldest ones beyond what is kept; one at a time. */
    Backup backUp() throws IOException, SQLException {
        // Its own lock: a backup may take minutes, during which configuration changes still apply.
        synchronized (writing) {
            try {
                Backup written = write();
                last = new Attempt(Instant.now(clock), written, null);
                lastWritten = last.at();
                return written;
            } catch (IOException | SQLException | RuntimeException e) {
                last = new Attempt(Instant.now(clock), null, e.getMessage() == null ? e.toString() : e.getMessage());
                throw e;
            }
        }
    }

    private Backup write() throws IOException, SQLException {
        long started = System.nanoTime();
        ZonedDateTime now = ZonedDateTime.now(clock);
        Path folder;
        try {
            folder = Files.createDirectories(folder());
            Files.createTempFile(folder, ".write-check", ".tmp").toFile().delete();
        } catch (IOException e) {
            throw new IOException("cannot write to the backup folder " + folder() + " (" + e.getClass().getSimpleName()
                    + ": " + e.getMessage() + "); set 'folder' in etc/" + BackupConfig.PID + ".cfg to a writable folder", e);
        }
        removeLeftovers(folder);
        Path target = folder.resolve("imio-backup-" + instance.role().id() + "-" + STAMP.format(now) + ".zip");
        if (Files.exists(target)) {
            throw new IOException(target.getFileName() + " already exists; try again in a second");
        }
        Path staging = Files.createTempDirectory(folder, ".staging-");
        try {
            Properties manifest = new Properties();
            manifest.setProperty("format", BackupArchive.FORMAT);
            manifest.setProperty("role", instance.role().id());
            manifest.setProperty("instance", instance.id());
            manifest.setProperty("displayName", instance.displayName());
            manifest.setProperty("platformVersion", instance.platformVersion());
            manifest.setProperty("created", now.toInstant().toString());
            List<BackupArchive.Source> sources = new ArrayList<>();
            sources.add(new BackupArchive.Source(etc, "etc", p -> false));
            DatabaseCopy database = backUpDatabase(staging);
            if (database != null) {
                manifest.setProperty("database", "derby");
                sources.add(new BackupArchive.Source(database.copy(), "data/" + relativeToData(database.original()),
                        p -> false));
            } else {
                manifest.setProperty("database", "external");
                LOG.warn("The database is not embedded Derby: back it up with its own tools (for PostgreSQL, pg_dump);"
                        + " this backup holds the configuration and the files only");
            }
            Path roleFiles = data.resolve(instance.role().id());
            sources.add(new BackupArchive.Source(roleFiles, "data/" + instance.role().id(),
                    p -> p.startsWith(folder) || p.getFileName().toString().endsWith(".part")));
            long size = BackupArchive.write(target, manifest, sources);
            EVENTS.info("backup written: {} ({} bytes, in {} ms)", target, size,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            prune();
            return new Backup(target, size);
        } finally {
            deleteTree(staging);
        }
    }

    /** A copy of the Derby database and where the database itself is. */
    private record DatabaseCopy(Path copy, Path original) {
    }

    /** Derby's online backup of the platform database into {@code staging}; null when it is not Derby. */
    private DatabaseCopy backUpDatabase(Path staging) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            if (!"Apache Derby".equals(connection.getMetaData().getDatabaseProductName())) {
                return null;
            }
            Path folder = derbyFolder(connection.getMetaData());
            try (CallableStatement backup = connection.prepareCall("CALL SYSCS_UTIL.SYSCS_BACKUP_DATABASE(?)")) {
                backup.setString(1, staging.toString());
                backup.execute();
            }
            return new DatabaseCopy(staging.resolve(folder.getFileName().toString()), folder);
        }
    }

    /** The folder of the Derby database, from its URL ({@code jdbc:derby:[directory:]PATH[;attributes]}). */
    static Path derbyFolder(DatabaseMetaData metadata) throws SQLException {
        String url = metadata.getURL();
        if (url == null || !url.startsWith(DERBY_URL)) {
            throw new SQLException("unexpected Derby URL: " + url);
        }
        String name = url.substring(DERBY_URL.length());
        int attributes = name.indexOf(';');
        name = attributes < 0 ? name : name.substring(0, attributes);
        name = name.startsWith("directory:") ? name.substring("directory:".length()) : name;
        return Path.of(name).toAbsolutePath().normalize();
    }

    private String relativeToData(Path database) throws IOException {
        if (!database.startsWith(data)) {
            throw new IOException("the Derby database " + database + " is outside the instance's data folder " + data
                    + "; back it up with Derby's own tools");
        }
        return data.relativize(database).toString().replace(database.getFileSystem().getSeparator(), "/");
    }

    /** What a backup cut off by a crash left: its staging folder and its unfinished archive. */
    private static void removeLeftovers(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                String name = file.getFileName().toString();
                if (name.startsWith(".staging-") || name.startsWith("imio-backup-") && name.endsWith(".zip.part")) {
                    deleteTree(file);
                }
            }
        }
    }

    private void prune() throws IOException {
        List<Backup> backups = list();
        int keep = Math.max(1, config.keep());
        for (Backup old : backups.subList(Math.min(keep, backups.size()), backups.size())) {
            Files.deleteIfExists(old.file());
            LOG.info("Old backup deleted: {}", old.file());
        }
    }

    private synchronized void scheduleNext() {
        String time = config.time().strip();
        if (time.isEmpty() || scheduler.isShutdown()) {
            return;
        }
        LocalTime at;
        try {
            at = LocalTime.parse(time);
        } catch (DateTimeParseException e) {
            LOG.error("No scheduled backup: time '{}' in etc/{}.cfg is not HH:mm", time, BackupConfig.PID);
            return;
        }
        ZonedDateTime now = ZonedDateTime.now(clock);
        ZonedDateTime when = now.with(at);
        if (!when.isAfter(now)) {
            when = now.plusDays(1).with(at);
        }
        // A server switched off at night never sees the scheduled time: without a backup in the
        // last day, one is taken soon after the start instead.
        ZonedDateTime catchUp = now.plus(CATCH_UP);
        if ((lastWritten == null || lastWritten.isBefore(now.toInstant().minus(Duration.ofDays(1))))
                && catchUp.isBefore(when)) {
            when = catchUp;
        }
        next = scheduler.schedule(this::scheduled, Duration.between(now, when).toMillis(), TimeUnit.MILLISECONDS);
    }

    private void scheduled() {
        try {
            backUp();
        } catch (IOException | SQLException | RuntimeException e) {
            EVENTS.error("backup failed: {}", e.getMessage() == null ? e.toString() : e.getMessage());
            LOG.debug("Scheduled backup failed", e);
        } finally {
            scheduleNext();
        }
    }

    private static void deleteTree(Path folder) {
        try (Stream<Path> walk = Files.walk(folder)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            LOG.warn("Could not delete {}: {}", folder, e.getMessage());
        }
    }
}
