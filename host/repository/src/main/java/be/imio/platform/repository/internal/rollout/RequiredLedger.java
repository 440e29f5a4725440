package be.imio.platform.repository.internal.rollout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.trust.RequiredUpdate;

/**
 * The releases iMio requires by a date ({@code REPOSITORY_REQUIRED_UPDATE}), each change written with
 * its audit row in one transaction.
 */
public final class RequiredLedger {

    /** One required release: {@code release} is {@code group:artifact:version}. */
    public record Row(String groupId, String artifactId, String version, RequiredUpdate required, String setBy,
            Instant setAt) {

        public String release() {
            return groupId + ":" + artifactId + ":" + version;
        }
    }

    private final DataSource dataSource;

    public RequiredLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Every required release, soonest deadline first. */
    public List<Row> all() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT GROUP_ID, ARTIFACT_ID, VERSION, REQUIRED_BY,"
                        + " REASON, DEFER_LIMIT, SET_BY, SET_AT FROM REPOSITORY_REQUIRED_UPDATE");
                ResultSet rows = select.executeQuery()) {
            List<Row> all = new ArrayList<>();
            while (rows.next()) {
                all.add(new Row(rows.getString(1), rows.getString(2), rows.getString(3),
                        new RequiredUpdate(Instant.parse(rows.getString(4)), rows.getString(5),
                                Instant.parse(rows.getString(6))), rows.getString(7), Instant.parse(rows.getString(8))));
            }
            all.sort(java.util.Comparator.comparing((Row row) -> row.required().by()).thenComparing(Row::release));
            return all;
        }
    }

    /** What targets metadata carries: each requirement by {@code group:artifact:version}. */
    public Map<String, RequiredUpdate> published() throws SQLException {
        Map<String, RequiredUpdate> published = new LinkedHashMap<>();
        for (Row row : all()) {
            published.put(row.release(), row.required());
        }
        return published;
    }

    /** Requires {@code row}'s release (replacing its requirement, if any), audited as {@code require} by its setter. */
    public void put(Row row, String address) throws SQLException {
        put(row, address, "require", row.setBy(), row.setAt());
    }

    /** {@link #put(Row, String)}, audited as {@code action} by {@code actor} at {@code at}: putting one back. */
    public void put(Row row, String address, String action, String actor, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                delete(connection, row.groupId(), row.artifactId(), row.version());
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_REQUIRED_UPDATE"
                        + " (GROUP_ID, ARTIFACT_ID, VERSION, REQUIRED_BY, REASON, DEFER_LIMIT, SET_BY, SET_AT)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, row.groupId());
                    insert.setString(2, row.artifactId());
                    insert.setString(3, row.version());
                    insert.setString(4, row.required().by().toString());
                    insert.setString(5, row.required().reason());
                    insert.setString(6, row.required().deferLimit().toString());
                    insert.setString(7, row.setBy());
                    insert.setString(8, row.setAt().toString());
                    insert.executeUpdate();
                }
                ReleaseLedger.audit(connection, at, actor, address, action, row.release(), "done",
                        "by " + row.required().by() + ", deferrable until " + row.required().deferLimit() + ": "
                                + row.required().reason());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Withdraws the requirement of {@code release} ({@code group:artifact:version}), audited as
     * {@code action} with {@code detail}.
     *
     * @return false when it had none (nothing changed)
     */
    public boolean remove(String groupId, String artifactId, String version, Instant at, String actor, String address,
            String action, String detail) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                if (delete(connection, groupId, artifactId, version) == 0) {
                    connection.rollback();
                    return false;
                }
                ReleaseLedger.audit(connection, at, actor, address, action, groupId + ":" + artifactId + ":" + version,
                        "done", detail);
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static int delete(Connection connection, String groupId, String artifactId, String version)
            throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement("DELETE FROM REPOSITORY_REQUIRED_UPDATE"
                + " WHERE GROUP_ID = ? AND ARTIFACT_ID = ? AND VERSION = ?")) {
            delete.setString(1, groupId);
            delete.setString(2, artifactId);
            delete.setString(3, version);
            return delete.executeUpdate();
        }
    }
}
