package be.imio.platform.repository.internal.fleet;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import be.imio.platform.trust.Digests;
import be.imio.platform.repository.internal.release.ReleaseLedger;

/**
 * The commune hosts registered at the repository. Each gets a random credential, shown once to
 * whoever registers it and stored only as its SHA-256 (256 random bits need no salt); with it the
 * host posts reports of what it runs, of which the latest is kept. iMio files each host under a
 * kind and a group, and can disable it: its credential is refused from then on.
 */
public final class HostRegistry {

    public static final Pattern HOST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    /** A group's id, as for hosts: {@code pilote}, {@code province-namur}. */
    public static final Pattern GROUP = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    public static final int MAX_LABEL = 200;
    static final int MAX_REPORT_CHARS = 32_000;

    /** A host as listed: its registration, filing, state, and latest report if any (null before its first). */
    public record Host(String id, HostKind kind, String group, String label, String registeredBy, Instant registeredAt,
            Instant disabledAt, String disabledBy, String lastReport, Instant lastReportAt, String lastReportFrom,
            Instant lastReportMadeAt, long reportsReceived) {

        /** The name people read: the label, else the id. */
        public String name() {
            return label == null || label.isBlank() ? id : label;
        }
    }

    /** What a host's credential is worth. */
    public enum Credential {
        /** No such host, or not its credential. */
        REFUSED,
        /** The host's credential, but iMio disabled the host. */
        DISABLED,
        ACCEPTED
    }

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    public HostRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Registers the host {@code filing} names and returns its credential, or null when the id is taken. The host's
     * row and its {@code host-register} audit row ({@code by}, from {@code address}) are one
     * transaction: a credential is never handed out without its row.
     */
    public String register(HostFiling filing, String by, String address, Instant at) throws SQLException {
        String hostId = filing.id();
        HostKind kind = filing.kind();
        String group = filing.group();
        String label = filing.label();
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_HOST (HOST_ID,"
                    + " TOKEN_SHA256, REGISTERED_BY, REGISTERED_AT, KIND, HOST_GROUP, LABEL) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, hostId);
                insert.setString(2, Digests.sha256Hex(token.getBytes(StandardCharsets.US_ASCII)));
                insert.setString(3, by);
                insert.setTimestamp(4, Timestamp.from(at));
                insert.setString(5, kind.id());
                insert.setString(6, group == null || group.isEmpty() ? null : group);
                insert.setString(7, label == null || label.isBlank() ? null : label.strip());
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                        connection.rollback();
                        return null; // the id is taken
                    }
                    throw e;
                }
                ReleaseLedger.audit(connection, at, by, address, "host-register", hostId, "done",
                        kind.id() + (group == null || group.isEmpty() ? "" : " " + group));
                connection.commit();
                return token;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Disables {@code hostId}: its credential is refused from now on; its reports stay in the fleet
     * view. Answers false, changing nothing, when there is no such host or it is disabled already.
     * The change and its {@code host-disable} audit row are one transaction.
     */
    public boolean disable(String hostId, String reason, String by, String address, Instant at) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement update = connection.prepareStatement("UPDATE REPOSITORY_HOST SET DISABLED_AT = ?,"
                    + " DISABLED_BY = ? WHERE HOST_ID = ? AND DISABLED_AT IS NULL")) {
                update.setTimestamp(1, Timestamp.from(at));
                update.setString(2, by);
                update.setString(3, hostId);
                if (update.executeUpdate() != 1) {
                    connection.rollback();
                    return false;
                }
                ReleaseLedger.audit(connection, at, by, address, "host-disable", hostId, "done", reason);
                connection.commit();
                return true;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** What {@code token} is worth as {@code hostId}'s credential; compared in constant time. */
    public Credential authenticates(String hostId, String token) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT TOKEN_SHA256, DISABLED_AT FROM REPOSITORY_HOST WHERE HOST_ID = ?")) {
            query.setString(1, hostId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return Credential.REFUSED;
                }
                byte[] stored = rows.getString(1).trim().getBytes(StandardCharsets.US_ASCII);
                byte[] given = Digests.sha256Hex(token.getBytes(StandardCharsets.US_ASCII))
                        .getBytes(StandardCharsets.US_ASCII);
                if (!MessageDigest.isEqual(stored, given)) {
                    return Credential.REFUSED;
                }
                return rows.getTimestamp(2) == null ? Credential.ACCEPTED : Credential.DISABLED;
            }
        }
    }

    /** Keeps {@code report} (canonical JSON) as {@code hostId}'s latest, received {@code at} from {@code from}. */
    void saveReport(String hostId, HostReport report, String json, Instant at, String from) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE REPOSITORY_HOST SET LAST_REPORT = ?,"
                     + " LAST_REPORT_AT = ?, LAST_REPORT_FROM = ?, LAST_REPORT_MADE_AT = ?,"
                     + " REPORTS_RECEIVED = REPORTS_RECEIVED + 1 WHERE HOST_ID = ?")) {
            update.setString(1, json);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, from);
            update.setTimestamp(4, report.generatedAt() == null ? null : Timestamp.from(report.generatedAt()));
            update.setString(5, hostId);
            update.executeUpdate();
        }
    }

    /** The report {@code hostId} sent last, as kept; null before its first, or when it no longer reads. */
    HostReport lastReport(String hostId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT LAST_REPORT FROM REPOSITORY_HOST WHERE HOST_ID = ?")) {
            query.setString(1, hostId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next() || rows.getString(1) == null) {
                    return null;
                }
                return HostReport.readKept(be.imio.platform.api.json.Json.reader().readTree(rows.getString(1)), hostId);
            } catch (java.io.IOException | HostReport.Invalid | HostReport.OtherHost e) {
                return null;
            }
        }
    }

    /** By id, in code point order: sorted here, as an ORDER BY on text follows PostgreSQL's collation. */
    public List<Host> all() throws SQLException {
        List<Host> hosts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT HOST_ID, KIND, HOST_GROUP, LABEL,"
                     + " REGISTERED_BY, REGISTERED_AT, DISABLED_AT, DISABLED_BY, LAST_REPORT, LAST_REPORT_AT,"
                     + " LAST_REPORT_FROM, LAST_REPORT_MADE_AT, REPORTS_RECEIVED FROM REPOSITORY_HOST");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                hosts.add(new Host(rows.getString(1), HostKind.fromId(rows.getString(2)).orElse(HostKind.OTHER),
                        rows.getString(3), rows.getString(4), rows.getString(5), instant(rows.getTimestamp(6)),
                        instant(rows.getTimestamp(7)), rows.getString(8), rows.getString(9),
                        instant(rows.getTimestamp(10)), rows.getString(11), instant(rows.getTimestamp(12)),
                        rows.getLong(13)));
            }
        }
        hosts.sort(Comparator.comparing(Host::id));
        return hosts;
    }

    private static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }
}
