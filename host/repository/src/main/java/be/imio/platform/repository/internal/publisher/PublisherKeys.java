package be.imio.platform.repository.internal.publisher;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import javax.sql.DataSource;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.VerifyingKey;

/**
 * The public key each publisher signs its releases with ({@code REPOSITORY_PUBLISHER_KEY}), each
 * change written with its audit row in one transaction. The private half never reaches this server.
 */
public final class PublisherKeys {

    private final DataSource dataSource;

    public PublisherKeys(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** A publisher's key and since when it is registered: what it released before was not signed by it. */
    public record Registered(VerifyingKey key, Instant since) {
    }

    /** Every publisher's key, by account. */
    public Map<String, VerifyingKey> all() throws SQLException {
        Map<String, VerifyingKey> all = new TreeMap<>();
        registered().forEach((account, registered) -> all.put(account, registered.key()));
        return all;
    }

    /** Every publisher's key with its registration time, by account. */
    public Map<String, Registered> registered() throws SQLException {
        Map<String, Registered> all = new TreeMap<>();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT ACCOUNT, PUBLIC_KEY, SET_AT FROM REPOSITORY_PUBLISHER_KEY");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                all.put(rows.getString(1), new Registered(key(rows.getString(2)), Instant.parse(rows.getString(3))));
            }
        }
        return all;
    }

    /** The key of {@code account}, if it has one. */
    public Optional<VerifyingKey> of(String account) throws SQLException {
        return Optional.ofNullable(all().get(account));
    }

    /**
     * Sets the key of {@code account} (replacing its key, if any), audited as {@code publisher-key}
     * by {@code actor} from {@code address}.
     */
    public void set(String account, VerifyingKey key, String actor, String address) throws SQLException {
        Instant at = Instant.now();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (PreparedStatement delete = connection.prepareStatement(
                        "DELETE FROM REPOSITORY_PUBLISHER_KEY WHERE ACCOUNT = ?")) {
                    delete.setString(1, account);
                    delete.executeUpdate();
                }
                try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_PUBLISHER_KEY"
                        + " (ACCOUNT, KEY_ID, PUBLIC_KEY, SET_BY, SET_AT) VALUES (?, ?, ?, ?, ?)")) {
                    insert.setString(1, account);
                    insert.setString(2, key.id());
                    insert.setString(3, key.toJson().path("keyval").path("public").asText());
                    insert.setString(4, actor);
                    insert.setString(5, at.toString());
                    insert.executeUpdate();
                }
                ReleaseLedger.audit(connection, at, actor, address, "publisher-key", account, "done", key.id());
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static VerifyingKey key(String publicHex) throws SQLException {
        try {
            HexFormat.of().parseHex(publicHex);
            return VerifyingKey.fromJson(JsonNodeFactory.instance.objectNode().put("keytype", "ed25519")
                    .put("scheme", "ed25519").set("keyval", JsonNodeFactory.instance.objectNode().put("public", publicHex)));
        } catch (MetadataException | IllegalArgumentException e) {
            throw new SQLException("a publisher key in the database is not an ed25519 key: " + e.getMessage(), e);
        }
    }
}
