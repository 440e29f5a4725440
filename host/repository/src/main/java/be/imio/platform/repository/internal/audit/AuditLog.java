package be.imio.platform.repository.internal.audit;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import javax.sql.DataSource;

/**
 * The repository's audit log ({@code REPOSITORY_AUDIT}) as people read it: newest first, a page at
 * a time, filtered. Every change of the repository writes its row there in the change's own
 * transaction; this only reads.
 */
public final class AuditLog {

    /** Most rows in one page. */
    public static final int MAX_LIMIT = 500;

    /** One row: who did what, to what, when, from where, with which outcome and detail. */
    public record Entry(long id, Instant at, String actor, String address, String action, String subject,
            String outcome, String detail) {
    }

    /**
     * What to read: rows of {@code action} and of {@code actor} (exact; null for any), whose
     * subject contains {@code subject} (case-insensitive; null for any), older than row
     * {@code before} (null: from the newest), at most {@code limit}.
     */
    public record Query(String action, String actor, String subject, Long before, int limit) {

        public Query {
            action = blankToNull(action);
            actor = blankToNull(actor);
            subject = blankToNull(subject);
            limit = Math.max(1, Math.min(MAX_LIMIT, limit));
        }

        private static String blankToNull(String text) {
            return text == null || text.isBlank() ? null : text.strip();
        }
    }

    private final DataSource dataSource;

    public AuditLog(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many rows each action has, by outcome ({@code action -> outcome -> count}). */
    public java.util.Map<String, java.util.Map<String, Long>> outcomes() throws SQLException {
        java.util.Map<String, java.util.Map<String, Long>> outcomes = new java.util.TreeMap<>();
        try (java.sql.Connection connection = dataSource.getConnection();
                java.sql.PreparedStatement select = connection.prepareStatement(
                        "SELECT ACTION, OUTCOME, COUNT(*) FROM REPOSITORY_AUDIT GROUP BY ACTION, OUTCOME");
                java.sql.ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                outcomes.computeIfAbsent(rows.getString(1), a -> new java.util.TreeMap<>()).put(rows.getString(2),
                        rows.getLong(3));
            }
        }
        return outcomes;
    }

    /** The rows {@code query} asks for, newest first. */
    public List<Entry> read(Query query) throws SQLException {
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        condition(where, parameters, "ACTION = ?", query.action());
        condition(where, parameters, "ACTOR = ?", query.actor());
        // LIKE with its wildcards escaped: what is typed is searched for as typed.
        condition(where, parameters, "LOWER(SUBJECT) LIKE ? ESCAPE '\\'", query.subject() == null ? null
                : "%" + query.subject().toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                        .replace("_", "\\_") + "%");
        condition(where, parameters, "ID < ?", query.before());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT ID, OCCURRED_AT, ACTOR, SOURCE_ADDRESS,"
                        + " ACTION, SUBJECT, OUTCOME, DETAIL FROM REPOSITORY_AUDIT" + where + " ORDER BY ID DESC")) {
            select.setMaxRows(query.limit());
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            List<Entry> entries = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    Timestamp at = rows.getTimestamp(2);
                    entries.add(new Entry(rows.getLong(1), at == null ? null : at.toInstant(), rows.getString(3),
                            rows.getString(4), rows.getString(5), rows.getString(6), rows.getString(7), rows.getString(8)));
                }
            }
            return entries;
        }
    }

    /** The actions the log holds, for a filter's choices. */
    public List<String> actions() throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement("SELECT DISTINCT ACTION FROM REPOSITORY_AUDIT");
                ResultSet rows = select.executeQuery()) {
            List<String> actions = new ArrayList<>();
            while (rows.next()) {
                actions.add(rows.getString(1));
            }
            actions.sort(null);
            return actions;
        }
    }

    private static void condition(StringBuilder where, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            where.append(where.length() == 0 ? " WHERE " : " AND ").append(condition);
            parameters.add(value);
        }
    }
}
