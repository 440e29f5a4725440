package be.imio.platform.repository.internal.release;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import javax.sql.DataSource;

/**
 * Releases and the audit log in the platform's database, in portable SQL. A release is recorded
 * in the same transaction as its audit entry; the primary key on the path is what makes a
 * release happen once. The ledger owns those transactions; who owns which module name is
 * {@link NameLedger}'s, and how a release maps to its row {@link ReleaseRows}'.
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

    private final DataSource dataSource;
    private final NameLedger names;

    public ReleaseLedger(DataSource dataSource) {
        this.dataSource = dataSource;
        this.names = new NameLedger(dataSource);
    }

    /** Who owns which module name. */
    NameLedger names() {
        return names;
    }

    /**
     * The module names {@code account} holds, in lower case: those claimed by the features XMLs it
     * released, and the artifactIds of the bundles it released.
     */
    public java.util.Set<String> namesHeldBy(String account) throws SQLException {
        return names.heldBy(account);
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
                    NameLedger.claim(connection, claim, releases.get(0).releasedAt());
                }
                for (Release release : releases) {
                    ReleaseRows.insert(connection, release);
                    audit(connection, release.releasedAt(), release.releasedBy(), release.releasedFrom(), "release",
                            release.path(), "accepted", "channel " + release.channel() + ", sha256 " + release.sha256());
                }
                beforeCommit.run();
                signing.sign(ReleaseRows.all(connection));
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
            return ReleaseRows.all(connection);
        }
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
                    signing.sign(ReleaseRows.all(connection));
                }
                connection.commit();
                return changed;
            } catch (Exception e) {
                connection.rollback();
                throw e;
            }
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
    static boolean isDuplicateKey(SQLException e) {
        return e.getSQLState() != null && e.getSQLState().startsWith("23");
    }

    /**
     * Fits a text to its column. A NUL character, which a refused request may carry, is replaced:
     * PostgreSQL refuses it in text where Derby keeps it, and an audit entry must be written on both.
     */
    static String truncate(String text, int max) {
        if (text == null) {
            return null;
        }
        String clean = text.replace('\0', '\uFFFD');
        return clean.length() <= max ? clean : clean.substring(0, max);
    }
}
