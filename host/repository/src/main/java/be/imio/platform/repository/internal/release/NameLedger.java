package be.imio.platform.repository.internal.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import be.imio.platform.repository.internal.release.ReleaseLedger.NameClaim;
import be.imio.platform.repository.internal.release.ReleaseLedger.NameTaken;

/**
 * Who owns which module name ({@code REPOSITORY_NAME}), and the names releases hold by being
 * called so: the claims of features XMLs, checked and written in their release's transaction, and
 * the look-ups that keep one group from taking, or meeting the tables of, another group's module.
 */
final class NameLedger {

    /**
     * The releases whose artifactId is a module name of their group: bundles (a jar with a symbolic
     * name), since a module's bundle is released before its features XML, and features XMLs. A pom,
     * a companion or a .kar alone installs nothing and holds no name; nor does a revoked release.
     */
    private static final String HOLDS_NAME = "REVOKED_AT IS NULL AND (SYMBOLIC_NAME IS NOT NULL"
            + " OR PATH LIKE '%-features.xml')";

    private final DataSource dataSource;

    NameLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** The group that owns the module name {@code name} (in any case); null when no group does. */
    String ownerOf(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return ownerOf(connection, name);
        }
    }

    /**
     * The groups other than {@code groupId} that released a bundle or a features XML called
     * {@code artifactId}, whatever its case (see {@link #HOLDS_NAME}).
     */
    List<String> otherGroupsReleasing(String artifactId, String groupId) throws SQLException {
        List<String> groups = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT DISTINCT GROUP_ID FROM REPOSITORY_RELEASE"
                     + " WHERE LOWER(ARTIFACT_ID) = ? AND GROUP_ID <> ? AND " + HOLDS_NAME)) {
            query.setString(1, ModuleNames.key(artifactId));
            query.setString(2, groupId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    groups.add(rows.getString(1));
                }
            }
        }
        return groups;
    }

    /** A module name and the group holding it. */
    record HeldName(String name, String groupId) {
    }

    /**
     * Every module name a group other than {@code groupId} holds: the names it claimed, and the
     * artifactIds of its bundles (see {@link #otherGroupsReleasing}), in lower case.
     */
    List<HeldName> namesOfOtherGroups(String groupId) throws SQLException {
        List<HeldName> names = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT NAME, GROUP_ID FROM REPOSITORY_NAME"
                     + " WHERE GROUP_ID <> ? UNION SELECT DISTINCT LOWER(ARTIFACT_ID), GROUP_ID FROM REPOSITORY_RELEASE"
                     + " WHERE GROUP_ID <> ? AND " + HOLDS_NAME)) {
            query.setString(1, groupId);
            query.setString(2, groupId);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(new HeldName(rows.getString(1), rows.getString(2)));
                }
            }
        }
        return names;
    }

    /**
     * The module names {@code account} holds, in lower case: those claimed by the features XMLs it
     * released, and the artifactIds of the bundles it released.
     */
    java.util.Set<String> heldBy(String account) throws SQLException {
        java.util.Set<String> names = new java.util.HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT n.NAME FROM REPOSITORY_NAME n"
                     + " JOIN REPOSITORY_RELEASE r ON r.PATH = n.CLAIMED_BY WHERE r.RELEASED_BY = ?"
                     + " UNION SELECT DISTINCT LOWER(ARTIFACT_ID) FROM REPOSITORY_RELEASE"
                     + " WHERE RELEASED_BY = ? AND REVOKED_AT IS NULL AND SYMBOLIC_NAME IS NOT NULL")) {
            query.setString(1, account);
            query.setString(2, account);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    /**
     * Frees the module name {@code name} (any case) claimed by a features XML, with its audit entry
     * (action {@code name-free}, the reason as detail), in one transaction.
     *
     * @return the group that held it; null when no group had claimed it (nothing is recorded then)
     */
    String freeName(String name, Instant at, String actor, String address, String reason) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement delete = connection.prepareStatement("DELETE FROM REPOSITORY_NAME WHERE NAME = ?")) {
                String owner = ownerOf(connection, name);
                if (owner == null) {
                    connection.rollback();
                    return null;
                }
                delete.setString(1, ModuleNames.key(name));
                delete.executeUpdate();
                ReleaseLedger.audit(connection, at, actor, address, "name-free", ModuleNames.key(name), "done",
                        "held by " + owner + ": " + reason);
                connection.commit();
                return owner;
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /** True when no module name is owned yet: a repository released before names were owned. */
    boolean noNames() throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM REPOSITORY_NAME");
             ResultSet rows = query.executeQuery()) {
            return !rows.next();
        }
    }

    /**
     * Gives each name to its group when no group owns it yet, in one transaction, and answers the
     * claims refused because another group owns the name: for names released before they were owned.
     */
    List<NameClaim> claimFree(List<NameClaim> claims, Instant at) throws SQLException {
        List<NameClaim> refused = new ArrayList<>();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (NameClaim claim : claims) {
                    try {
                        claim(connection, claim, at);
                    } catch (NameTaken e) {
                        refused.add(claim);
                    }
                }
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            }
        }
        return refused;
    }

    private static String ownerOf(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT GROUP_ID FROM REPOSITORY_NAME WHERE NAME = ?")) {
            query.setString(1, ModuleNames.key(name));
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    static void claim(Connection connection, NameClaim claim, Instant at) throws SQLException, NameTaken {
        String owner = ownerOf(connection, claim.name());
        if (claim.groupId().equals(owner)) {
            return;
        }
        if (owner != null) {
            throw new NameTaken(claim.name(), owner);
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO REPOSITORY_NAME (NAME, GROUP_ID, CLAIMED_BY, CLAIMED_AT) VALUES (?, ?, ?, ?)")) {
            insert.setString(1, ModuleNames.key(claim.name()));
            insert.setString(2, claim.groupId());
            insert.setString(3, ReleaseLedger.truncate(claim.claimedBy(), 800));
            insert.setTimestamp(4, Timestamp.from(at));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (ReleaseLedger.isDuplicateKey(e)) {
                // Another release claimed it between the look-up and now: a file of the same group
                // (current Maven sends a kar and the features XML it carries at once) is no conflict.
                String claimedMeanwhile = ownerOf(connection, claim.name());
                if (claim.groupId().equals(claimedMeanwhile)) {
                    return;
                }
                throw new NameTaken(claim.name(), claimedMeanwhile == null ? "?" : claimedMeanwhile);
            }
            throw e;
        }
    }
}
