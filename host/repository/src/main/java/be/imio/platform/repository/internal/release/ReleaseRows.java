package be.imio.platform.repository.internal.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The rows of {@code REPOSITORY_RELEASE}, read into {@link Release}s and written from them, on the
 * connection of the caller's transaction: one mapping of the columns for every reader and writer.
 */
final class ReleaseRows {

    private ReleaseRows() {
    }

    /** Every release as {@code connection} sees them, its own uncommitted changes included. */
    static List<Release> all(Connection connection) throws SQLException {
        List<Release> releases = new ArrayList<>();
        try (PreparedStatement query = connection.prepareStatement("SELECT PATH, GROUP_ID, ARTIFACT_ID, VERSION,"
                     + " SYMBOLIC_NAME, HOST_API_RANGE, LENGTH, SHA256, CHANNEL, RELEASED_BY, RELEASED_FROM, RELEASED_AT,"
                     + " REVOKED_REASON, REVOKED_AT, ABOUT FROM REPOSITORY_RELEASE");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                releases.add(new Release(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                        rows.getString(5), rows.getString(6), rows.getString(15), rows.getLong(7), rows.getString(8).trim(),
                        rows.getString(9), rows.getString(10), rows.getString(11), rows.getTimestamp(12).toInstant(),
                        rows.getString(13), rows.getTimestamp(14) == null ? null : rows.getTimestamp(14).toInstant()));
            }
        }
        releases.sort(Comparator.comparing(Release::path));
        return releases;
    }

    static void insert(Connection connection, Release r) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_RELEASE (PATH, GROUP_ID,"
                + " ARTIFACT_ID, VERSION, SYMBOLIC_NAME, HOST_API_RANGE, LENGTH, SHA256, CHANNEL, RELEASED_BY,"
                + " RELEASED_FROM, RELEASED_AT, ABOUT) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, r.path());
            insert.setString(2, r.groupId());
            insert.setString(3, r.artifactId());
            insert.setString(4, r.version());
            insert.setString(5, r.symbolicName());
            insert.setString(6, r.hostApiRange());
            insert.setLong(7, r.length());
            insert.setString(8, r.sha256());
            insert.setString(9, r.channel());
            insert.setString(10, r.releasedBy());
            insert.setString(11, r.releasedFrom());
            insert.setTimestamp(12, Timestamp.from(r.releasedAt()));
            insert.setString(13, r.about());
            insert.executeUpdate();
        }
    }
}
