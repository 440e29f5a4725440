package be.imio.platform.repository.internal.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import javax.sql.DataSource;

/**
 * Releases and the audit log in the platform's database, in portable SQL. A release is recorded
 * in the same transaction as its audit entry; the primary key on the path is what makes a
 * release happen once.
 */
public final class ReleaseLedger {

    /** Thrown when a path is already released. */
    static final class AlreadyReleased extends Exception {
        private static final long serialVersionUID = 1L;

        AlreadyReleased(String path) {
            super(path);
        }
    }

    /** Thrown when a module name a release claims belongs to another group. */
    static final class NameTaken extends Exception {
        private static final long serialVersionUID = 1L;
        private final String name;
        private final String owner;

        NameTaken(String name, String owner) {
            super(name + " belongs to " + owner);
            this.name = name;
            this.owner = owner;
        }

        String name() {
            return name;
        }

        String owner() {
            return owner;
        }
    }

    /** A module name a release claims for its group: a features XML's artifactId or one of its features. */
    public record NameClaim(String name, String groupId, String claimedBy) {
    }

    /** A unit of work that runs once the release row is in, before the commit. */
    interface BeforeCommit {
        void run() throws Exception;
    }

    /** Signs metadata for {@code all} the releases, as the transaction about to commit has them. */
    interface Signing {
        void sign(List<Release> all) throws Exception;
    }

    /**
     * The releases whose artifactId is a module name of their group: bundles (a jar with a symbolic
     * name), since a module's bundle is released before its features XML, and features XMLs. A pom,
     * a companion or a .kar alone installs nothing and holds no name; nor does a revoked release.
     */
    private static final String HOLDS_NAME = "REVOKED_AT IS NULL AND (SYMBOLIC_NAME IS NOT NULL"
            + " OR PATH LIKE '%-features.xml')";

    private final DataSource dataSource;

    public ReleaseLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    boolean isReleased(String path) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT 1 FROM REPOSITORY_RELEASE WHERE PATH = ?")) {
            query.setString(1, path);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }

    /** The SHA-256 (hex) of the file released at {@code path}; null when none is. */
    String sha256Of(String path) throws SQLException {
        return columnOf("SHA256", path);
    }

    /** What the release at {@code path} tells people, as kept; null when there is none or no such release. */
    String about(String path) throws SQLException {
        return columnOf("ABOUT", path);
    }

    /** {@code column} (a constant of this class, never input) of the release at {@code path}; null when none. */
    private String columnOf(String column, String path) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement("SELECT " + column
                     + " FROM REPOSITORY_RELEASE WHERE PATH = ?")) {
            query.setString(1, path);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? rows.getString(1) : null;
            }
        }
    }

    /**
     * Records {@code release} and its audit entry, runs {@code beforeCommit} (which puts the file in
     * place) and commits; if anything fails, nothing is recorded.
     */
    void record(Release release, BeforeCommit beforeCommit) throws Exception {
        recordAll(List.of(release), beforeCommit);
    }

    /**
     * Records {@code releases} together (the artifacts of one archive): all of them or, when any
     * path is already released or {@code beforeCommit} fails, none.
     */
    void recordAll(List<Release> releases, BeforeCommit beforeCommit) throws Exception {
        recordAll(releases, List.of(), beforeCommit);
    }

    /**
     * Records {@code releases} together with the module names they claim: all of them or, when
     * any path is already released, any name belongs to another group or {@code beforeCommit}
     * fails, none.
     *
     * @throws NameTaken when a name belongs to another group, even one that claimed it meanwhile
     */
    void recordAll(List<Release> releases, List<NameClaim> claims, BeforeCommit beforeCommit) throws Exception {
        recordAll(releases, claims, beforeCommit, all -> { });
    }

    /**
     * As {@link #recordAll(List, List, BeforeCommit)}, then hands {@code signing} every release as
     * the transaction has them, new ones included, before committing: what is signed and what is
     * recorded go together, and a signing that fails records nothing.
     */
    void recordAll(List<Release> releases, List<NameClaim> claims, BeforeCommit beforeCommit, Signing signing)
            throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                for (NameClaim claim : claims) {
                    claim(connection, claim, releases.get(0).releasedAt());
                }
                for (Release release : releases) {
                    insertRelease(connection, release);
                    audit(connection, release.releasedAt(), release.releasedBy(), release.releasedFrom(), "release",
                            release.path(), "accepted", "channel " + release.channel() + ", sha256 " + release.sha256());
                }
                beforeCommit.run();
                signing.sign(all(connection));
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                if (isDuplicateKey(e)) {
                    throw new AlreadyReleased(releases.size() == 1 ? releases.get(0).path()
                            : releases.stream().map(Release::path).toList().toString());
                }
                throw e;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    /**
     * Records {@code action} in one unit with {@code change}, made outside the database (an account
     * in the realm, a configuration): the audit row is inserted, the change applied, then the row
     * committed. A change that fails leaves no row; a commit that fails undoes the change. So no
     * change is ever without its row in {@code REPOSITORY_AUDIT}.
     *
     * @throws SQLException when the row could not be written (the change is then undone)
     * @throws IllegalStateException or IllegalArgumentException: the change's own failure, nothing recorded
     */
    public void auditWith(Instant at, String actor, String address, String action, String subject, String detail,
            AuditedChange change) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            boolean applied = false;
            try {
                audit(connection, at, actor, address, action, subject, "done", detail);
                change.apply();
                applied = true;
                connection.commit();
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                if (applied) {
                    try {
                        change.undo();
                    } catch (RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
        }
    }

    /** A change outside the database, audited in one unit with its row (see {@link #auditWith}). */
    public interface AuditedChange {

        /** Makes the change; a RuntimeException says why it could not be made. */
        void apply();

        /** Takes the change back, after its row could not be committed. */
        void undo();
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
    public java.util.Set<String> namesHeldBy(String account) throws SQLException {
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
                audit(connection, at, actor, address, "name-free", ModuleNames.key(name), "done",
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

    private static void claim(Connection connection, NameClaim claim, Instant at) throws SQLException, NameTaken {
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
            insert.setString(3, truncate(claim.claimedBy(), 800));
            insert.setTimestamp(4, Timestamp.from(at));
            insert.executeUpdate();
        } catch (SQLException e) {
            if (isDuplicateKey(e)) {
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

    /** Records a refused or otherwise notable act on its own. */
    public void audit(Instant at, String actor, String address, String action, String subject, String outcome, String detail)
            throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            audit(connection, at, actor, address, action, subject, outcome, detail);
        }
    }

    /**
     * Every release, by path in code point order. Sorted here rather than by ORDER BY: on text
     * PostgreSQL follows the database's collation (which may skip punctuation), Derby the code
     * points, and listings must not change with the database.
     */
    public List<Release> all() throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return all(connection);
        }
    }

    /** Every release as {@code connection} sees them, its own uncommitted changes included. */
    private static List<Release> all(Connection connection) throws SQLException {
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

    /**
     * Changes the channel or revokes every file of one version, with an audit entry, in one
     * transaction. Returns how many files changed; zero when the version is unknown or already so.
     */
    int change(String groupId, String artifactId, String version, String update, List<Object> values,
            String unchangedWhen, Instant at, String actor, String address, String action, String detail,
            Signing signing) throws Exception {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement("UPDATE REPOSITORY_RELEASE SET " + update
                    + " WHERE GROUP_ID = ? AND ARTIFACT_ID = ? AND VERSION = ? AND NOT (" + unchangedWhen + ")")) {
                int i = 1;
                for (Object value : values) {
                    statement.setObject(i++, value instanceof Instant instant ? Timestamp.from(instant) : value);
                }
                statement.setString(i++, groupId);
                statement.setString(i++, artifactId);
                statement.setString(i, version);
                int changed = statement.executeUpdate();
                audit(connection, at, actor, address, action, groupId + ":" + artifactId + ":" + version,
                        changed > 0 ? "done" : "no change", detail);
                if (changed > 0) {
                    signing.sign(all(connection));
                }
                connection.commit();
                return changed;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
        }
    }

    private static void insertRelease(Connection connection, Release r) throws SQLException {
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

    /** Writes one {@code REPOSITORY_AUDIT} row on {@code connection}, in the caller's transaction. */
    public static void audit(Connection connection, Instant at, String actor, String address, String action,
            String subject, String outcome, String detail) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO REPOSITORY_AUDIT"
                + " (OCCURRED_AT, ACTOR, SOURCE_ADDRESS, ACTION, SUBJECT, OUTCOME, DETAIL) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setString(2, truncate(actor, 100));
            // Every column is NOT NULL: what is not known is written empty.
            insert.setString(3, truncate(address == null ? "" : address, 100));
            insert.setString(4, action);
            insert.setString(5, truncate(subject, 800));
            insert.setString(6, outcome);
            insert.setString(7, truncate(detail == null ? "" : detail, 1000));
            insert.executeUpdate();
        }
    }

    /** SQLState class 23 is an integrity constraint violation, on Derby and PostgreSQL alike. */
    private static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /**
     * Fits a text to its column. A NUL character, which a refused request may carry, is replaced:
     * PostgreSQL refuses it in text where Derby keeps it, and an audit entry must be written on both.
     */
    private static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replace('\0', '\uFFFD');
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
