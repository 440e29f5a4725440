package be.imio.platform.repository.internal.fleet;

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
 * host posts reports of what it runs, of which the latest is kept.
 */
public final class HostRegistry {

    public static final Pattern HOST_ID = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    static final int MAX_REPORT_CHARS = 32_000;

    /** A host as listed: its id, registration, and latest report if any. */
    public record Host(String id, String registeredBy, Instant registeredAt, String lastReport, Instant lastReportAt,
            String lastReportFrom) {
    }

    private final DataSource dataSource;
    private final SecureRandom random = new SecureRandom();

    public HostRegistry(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Registers {@code hostId} and returns its credential, or null when the id is taken. The host's
     * row and its {@code host-register} audit row ({@code by}, from {@code address}) are one
     * transaction: a credential is never handed out without its row.
     */
    public String register(String hostId, String by, String address, Instant at) throws SQLException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_HOST"
                    + " (HOST_ID, TOKEN_SHA256, REGISTERED_BY, REGISTERED_AT) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, hostId);
                insert.setString(2, Digests.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
                insert.setString(3, by);
                insert.setTimestamp(4, Timestamp.from(at));
                try {
                    insert.executeUpdate();
                } catch (SQLException e) {
                    if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                        connection.rollback();
                        return null; // the id is taken
                    }
                    throw e;
                }
                ReleaseLedger.audit(connection, at, by, address, "host-register", hostId, "done", null);
                connection.commit();
                return token;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** True when {@code token} is {@code hostId}'s credential; compared in constant time. */
    public boolean authenticates(String hostId, String token) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "SELECT TOKEN_SHA256 FROM REPOSITORY_HOST WHERE HOST_ID = ?")) {
            query.setString(1, hostId);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return false;
                }
                byte[] stored = rows.getString(1).trim().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                byte[] given = Digests.sha256Hex(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII))
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                return MessageDigest.isEqual(stored, given);
            }
        }
    }

    void saveReport(String hostId, String report, Instant at, String from) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement update = connection.prepareStatement("UPDATE REPOSITORY_HOST"
                     + " SET LAST_REPORT = ?, LAST_REPORT_AT = ?, LAST_REPORT_FROM = ? WHERE HOST_ID = ?")) {
            update.setString(1, report);
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, from);
            update.setString(4, hostId);
            update.executeUpdate();
        }
    }

    /** By id, in code point order: sorted here, as an ORDER BY on text follows PostgreSQL's collation. */
    public List<Host> all() throws SQLException {
        List<Host> hosts = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT HOST_ID, REGISTERED_BY, REGISTERED_AT,"
                     + " LAST_REPORT, LAST_REPORT_AT, LAST_REPORT_FROM FROM REPOSITORY_HOST");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                Timestamp reported = rows.getTimestamp(5);
                hosts.add(new Host(rows.getString(1), rows.getString(2), rows.getTimestamp(3).toInstant(),
                        rows.getString(4), reported == null ? null : reported.toInstant(), rows.getString(6)));
            }
        }
        hosts.sort(Comparator.comparing(Host::id));
        return hosts;
    }
}
