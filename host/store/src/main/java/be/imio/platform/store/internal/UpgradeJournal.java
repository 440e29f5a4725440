package be.imio.platform.store.internal;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Properties;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.PlatformInstance.Upgrade;

/**
 * What {@code bin/imio} wrote about the platform's version before Karaf started: the version that
 * runs the instance ({@code etc/imio-platform.properties}) and the journal of an upgrade whose first
 * start is this one ({@code upgrade/journal.properties}, step {@code SWITCHED}). The platform records
 * the upgrade in {@code PLATFORM_UPGRADE} in the transaction that records its start, then deletes
 * the journal and the {@code etc/} it replaced: the upgrade is complete.
 */
final class UpgradeJournal {

    private static final Logger LOG = LoggerFactory.getLogger(UpgradeJournal.class);

    private final Path folder;
    private final String platformVersion;
    private final Upgrade pending;

    private UpgradeJournal(Path folder, String platformVersion, Upgrade pending) {
        this.folder = folder;
        this.platformVersion = platformVersion;
        this.pending = pending;
    }

    /** Reads what {@code bin/imio} wrote in the instance {@code base} and its {@code etc}; nothing when outside one. */
    static UpgradeJournal of(String base, String etc) {
        String version = etc == null ? null : properties(Path.of(etc, "imio-platform.properties")).getProperty("platformVersion");
        if (base == null) {
            return new UpgradeJournal(null, version, null);
        }
        Path folder = Path.of(base, "upgrade");
        Properties journal = properties(folder.resolve("journal.properties"));
        Upgrade pending = null;
        if ("SWITCHED".equals(journal.getProperty("step")) && journal.getProperty("from") != null
                && journal.getProperty("to") != null) {
            Instant started;
            try {
                started = Instant.parse(journal.getProperty("started", ""));
            } catch (DateTimeParseException e) {
                started = Instant.now();
            }
            pending = new Upgrade(journal.getProperty("from"), journal.getProperty("to"), started,
                    journal.getProperty("backup", ""));
        }
        return new UpgradeJournal(folder, version, pending);
    }

    /** The version {@code bin/imio} recorded; null when the instance has no record (a unit test). */
    String platformVersion() {
        return platformVersion;
    }

    /** The upgrade this start completes (its {@code completedAt} is when it started); null when none. */
    Upgrade pending() {
        return pending;
    }

    /** Records the pending upgrade to {@code version} once, in the caller's transaction. */
    void record(Connection connection, String version, Instant now) throws SQLException {
        if (pending == null || !pending.toVersion().equals(version)) {
            return;
        }
        try (PreparedStatement seen = connection.prepareStatement(
                "SELECT COUNT(*) FROM PLATFORM_UPGRADE WHERE TO_VERSION = ? AND STARTED_AT = ?")) {
            seen.setString(1, version);
            seen.setTimestamp(2, Timestamp.from(pending.completedAt()));
            try (ResultSet rows = seen.executeQuery()) {
                if (rows.next() && rows.getLong(1) > 0) {
                    return; // recorded by a start that was stopped before it deleted the journal
                }
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO PLATFORM_UPGRADE"
                + " (FROM_VERSION, TO_VERSION, STARTED_AT, COMPLETED_AT, BACKUP_FILE) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, pending.fromVersion());
            insert.setString(2, version);
            insert.setTimestamp(3, Timestamp.from(pending.completedAt()));
            insert.setTimestamp(4, Timestamp.from(now));
            insert.setString(5, pending.backup());
            insert.executeUpdate();
        }
    }

    /** Deletes the journal and the {@code etc/} it replaced; the backup stays. */
    void completed() {
        try (Stream<Path> walk = Files.walk(folder)) {
            for (Path path : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            LOG.warn("The upgrade is recorded, but {} could not be deleted ({}); delete it by hand", folder, e.getMessage());
        }
    }

    /** The last upgrade recorded in the database; null when none. */
    static Upgrade last(DataSource dataSource) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT FROM_VERSION, TO_VERSION, COMPLETED_AT,"
                     + " BACKUP_FILE FROM PLATFORM_UPGRADE ORDER BY ID DESC")) {
            query.setMaxRows(1);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? new Upgrade(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                        rows.getString(4)) : null;
            }
        }
    }

    private static Properties properties(Path file) {
        Properties properties = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
                properties.load(in);
            } catch (IOException | IllegalArgumentException e) {
                LOG.warn("Cannot read {}: {}", file, e.getMessage());
            }
        }
        return properties;
    }
}
