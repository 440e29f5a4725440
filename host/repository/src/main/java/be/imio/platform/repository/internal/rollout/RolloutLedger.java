package be.imio.platform.repository.internal.rollout;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.api.json.Json;
import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.trust.Rollout;

/**
 * The rollouts in the repository's database, each change written with its audit row in one
 * transaction ({@code rollout-start}, {@code rollout-advance}, {@code rollout-halt},
 * {@code rollout-resume}, {@code rollout-widen}, {@code rollout-abort}, {@code rollout-complete}).
 */
public final class RolloutLedger {

    private static final String COLUMNS = "ID, GROUP_ID, ARTIFACT_ID, VERSION, RINGS, STAGE, STATE, STAGE_STARTED_AT,"
            + " WATCH_FROM, MAX_ROLLBACKS, MAX_UNHEALTHY_PERCENT, HALT_REASON, HALT_HOSTS, CREATED_BY, CREATED_AT, UPDATED_AT,"
            + " RING_REACHED_AT, PROMOTE_PENDING";
    /** At most this many characters of rings, as the column holds them. */
    static final int MAX_RINGS_CHARS = 32_000;

    private final DataSource dataSource;

    public RolloutLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Records a new rollout of {@code draft}'s release (its id is the database's) with its audit
     * row; answers it, or null when the release has a rollout running or halted already.
     */
    public RolloutRow start(RolloutRow draft, String actor, String address) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement active = connection.prepareStatement("SELECT COUNT(*) FROM REPOSITORY_ROLLOUT"
                        + " WHERE GROUP_ID = ? AND ARTIFACT_ID = ? AND VERSION = ? AND STATE IN ('running', 'halted')")) {
                    active.setString(1, draft.groupId());
                    active.setString(2, draft.artifactId());
                    active.setString(3, draft.version());
                    try (ResultSet rows = active.executeQuery()) {
                        rows.next();
                        if (rows.getInt(1) > 0) {
                            connection.rollback();
                            return null;
                        }
                    }
                }
                long id;
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_ROLLOUT (GROUP_ID,"
                        + " ARTIFACT_ID, VERSION, RINGS, STAGE, STATE, STAGE_STARTED_AT, WATCH_FROM, MAX_ROLLBACKS,"
                        + " MAX_UNHEALTHY_PERCENT, CREATED_BY, CREATED_AT, UPDATED_AT, PROMOTE_PENDING) VALUES (?, ?, ?, ?, 0,"
                        + " 'running', ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    Timestamp at = Timestamp.from(draft.createdAt());
                    insert.setString(1, draft.groupId());
                    insert.setString(2, draft.artifactId());
                    insert.setString(3, draft.version());
                    insert.setString(4, ringsJson(draft.rings()));
                    insert.setTimestamp(5, at);
                    insert.setTimestamp(6, at);
                    insert.setInt(7, draft.maxRollbacks());
                    insert.setInt(8, draft.maxUnhealthyPercent());
                    insert.setString(9, actor);
                    insert.setTimestamp(10, at);
                    insert.setTimestamp(11, at);
                    insert.setInt(12, draft.promotePending() ? 1 : 0);
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                ReleaseLedger.audit(connection, draft.createdAt(), actor, address, "rollout-start", draft.release(), "done",
                        "rollout " + id + ": " + describe(draft.rings()));
                connection.commit();
                return get(id);
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Moves rollout {@code id} from {@code from} (its state now, else nothing changes) to
     * {@code to} at {@code stage}, audited as {@code action} with {@code detail}. The stage's soak
     * starts again at {@code at} when the stage changes or the rollout resumes; failures count from
     * {@code watchFrom}.
     *
     * @return false when the rollout is not in state {@code from} and at stage {@code fromStage} any more
     */
    public boolean move(long id, Rollout.State from, int fromStage, Rollout.State to, int stage, Instant stageStartedAt,
            Instant ringReachedAt, Instant watchFrom, String haltReason, List<String> haltHosts, Instant at, String actor,
            String address, String action, String detail) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE REPOSITORY_ROLLOUT SET STATE = ?,"
                    + " STAGE = ?, STAGE_STARTED_AT = ?, WATCH_FROM = ?, HALT_REASON = ?, HALT_HOSTS = ?, UPDATED_AT = ?,"
                    + " RING_REACHED_AT = ? WHERE ID = ? AND STATE = ? AND STAGE = ?")) {
                update.setString(1, to.id());
                update.setInt(2, stage);
                update.setTimestamp(3, Timestamp.from(stageStartedAt));
                update.setTimestamp(4, Timestamp.from(watchFrom));
                update.setString(5, haltReason);
                update.setString(6, haltHosts == null || haltHosts.isEmpty() ? null : hostsWithin(haltHosts, 4000));
                update.setTimestamp(7, Timestamp.from(at));
                update.setTimestamp(8, ringReachedAt == null ? null : Timestamp.from(ringReachedAt));
                update.setLong(9, id);
                update.setString(10, from.id());
                update.setInt(11, fromStage);
                if (update.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
                RolloutRow row = get(connection, id);
                ReleaseLedger.audit(connection, at, actor, address, action, row.release(), "done",
                        "rollout " + id + ", ring " + (stage + 1) + " of " + row.rings().size()
                                + (detail == null || detail.isEmpty() ? "" : ": " + detail));
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** The ids, space-separated, as many whole ones as {@code max} characters hold. */
    static String hostsWithin(List<String> hosts, int max) {
        StringBuilder ids = new StringBuilder();
        for (String host : hosts) {
            if (ids.length() + host.length() + 1 > max) {
                break;
            }
            ids.append(ids.isEmpty() ? "" : " ").append(host);
        }
        return ids.toString();
    }

    /** The release of rollout {@code id} has been promoted: nothing waits any more. */
    public void promoted(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE REPOSITORY_ROLLOUT SET PROMOTE_PENDING = 0 WHERE ID = ?")) {
            update.setLong(1, id);
            update.executeUpdate();
        }
    }

    /** Rollout {@code id}, or null. */
    public RolloutRow get(long id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return get(connection, id);
        }
    }

    private static RolloutRow get(Connection connection, long id) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                + " FROM REPOSITORY_ROLLOUT WHERE ID = ?")) {
            query.setLong(1, id);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? row(rows) : null;
            }
        }
    }

    /** Every rollout, newest first. */
    public List<RolloutRow> all() throws SQLException {
        List<RolloutRow> all = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT " + COLUMNS
                     + " FROM REPOSITORY_ROLLOUT ORDER BY ID DESC");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                all.add(row(rows));
            }
        }
        return all;
    }

    /**
     * What targets metadata signs, by {@code group:artifact:version}: the newest rollout of each
     * release, unless it is complete (its release then goes to every host).
     */
    public Map<String, Rollout> published() throws SQLException {
        Map<String, Rollout> published = new HashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (RolloutRow row : all()) {
            // Newest first: a release's newest rollout decides.
            if (seen.add(row.release()) && row.state() != Rollout.State.COMPLETED) {
                published.put(row.release(), row.signed());
            }
        }
        return published;
    }

    private static RolloutRow row(ResultSet rows) throws SQLException {
        String halt = rows.getString(13);
        Timestamp reached = rows.getTimestamp(17);
        return new RolloutRow(rows.getLong(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rings(rows.getString(5)), rows.getInt(6), Rollout.State.fromId(rows.getString(7)),
                rows.getTimestamp(8).toInstant(), reached == null ? null : reached.toInstant(),
                rows.getTimestamp(9).toInstant(), rows.getInt(10), rows.getInt(11), rows.getString(12),
                halt == null ? List.of() : List.of(halt.split(" ")), rows.getInt(18) != 0, rows.getString(14),
                rows.getTimestamp(15).toInstant(), rows.getTimestamp(16).toInstant());
    }

    static String ringsJson(List<RolloutRow.Ring> rings) {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        for (RolloutRow.Ring ring : rings) {
            var item = list.addObject();
            if (!ring.hosts().isEmpty()) {
                ArrayNode hosts = item.putArray("hosts");
                ring.hosts().forEach(hosts::add);
            }
            item.put("percent", ring.percent()).put("soakMinutes", ring.soakMinutes());
        }
        return list.toString();
    }

    static List<RolloutRow.Ring> rings(String json) throws SQLException {
        try {
            List<RolloutRow.Ring> rings = new ArrayList<>();
            for (JsonNode ring : Json.reader().readTree(json)) {
                List<String> hosts = new ArrayList<>();
                ring.path("hosts").forEach(host -> hosts.add(host.asText()));
                rings.add(new RolloutRow.Ring(hosts, ring.path("percent").asInt(0), ring.path("soakMinutes").asInt(0)));
            }
            return rings;
        } catch (java.io.IOException e) {
            throw new SQLException("a rollout's rings do not read: " + e.getMessage(), e);
        }
    }

    /** The rings in a few words, for the audit: {@code 2 hosts (60 min), 25 % (120 min), 100 %}. */
    static String describe(List<RolloutRow.Ring> rings) {
        List<String> parts = new ArrayList<>();
        for (RolloutRow.Ring ring : rings) {
            String who = ring.hosts().isEmpty() ? ring.percent() + " %" : ring.hosts().size() + " hosts"
                    + (ring.percent() > 0 ? " + " + ring.percent() + " %" : "");
            parts.add(who + (ring.soakMinutes() > 0 ? " (" + ring.soakMinutes() + " min)" : ""));
        }
        return String.join(", ", parts);
    }
}
