package be.imio.platform.store.internal;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.SchemaPrefix;

/**
 * Brings one component's tables to the newest schema version, one migration at a time.
 *
 * <p>Applied migrations are recorded in {@code PLATFORM_SCHEMA_HISTORY}, per component, with the
 * script's checksum. Each migration and its history row commit together, so a process killed in
 * the middle leaves the schema at the previous version and the next start applies it again. A
 * script edited after it was applied is refused rather than silently skipped. Only portable SQL
 * is used here, so the same code runs on Derby and PostgreSQL. Two components whose table prefixes
 * meet ({@link SchemaPrefix#overlap}) never both migrate: the second is refused.
 */
final class SchemaMigrator {

    static final String HISTORY_TABLE = "PLATFORM_SCHEMA_HISTORY";

    private static final Logger LOG = LoggerFactory.getLogger(SchemaMigrator.class);

    private final DataSource dataSource;
    private final Clock clock;

    SchemaMigrator(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Applies the migrations of {@code component} that are not applied yet, in version order.
     *
     * @return how many migrations were applied
     * @throws SQLException when a migration fails (it is rolled back) or an applied one was edited
     */
    int migrate(String component, List<Migration> migrations) throws SQLException {
        return migrate(component, migrations, false);
    }

    /**
     * As {@link #migrate(String, List)}; when {@code onlyAdds}, every script not applied yet must
     * only add (see {@link AdditiveSql}), checked for all of them before any runs.
     *
     * @throws IllegalArgumentException when {@code onlyAdds} and a pending script does more
     */
    int migrate(String component, List<Migration> migrations, boolean onlyAdds) throws SQLException {
        List<Migration> ordered = migrations.stream().sorted(Comparator.comparingInt(Migration::version)).toList();
        checkSequence(component, ordered);
        ordered.forEach(migration -> checkOwnTables(component, migration));
        try (Connection connection = dataSource.getConnection()) {
            createHistoryTableIfMissing(connection);
            Map<Integer, String> applied = appliedChecksums(connection, component);
            if (ordered.stream().anyMatch(m -> !applied.containsKey(m.version()))) {
                checkNoOverlap(connection, component);
            }
            int newest = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (newest > ordered.size()) {
                // A rollback: a later release migrated further; its changes only add, so this one runs on.
                LOG.info("Schema of {} is at V{}, newer than this bundle's V{}: left as it is", component, newest,
                        ordered.size());
            }
            if (onlyAdds) {
                // Scripts applied before are history; what is still to run must only add.
                ordered.stream().filter(m -> !applied.containsKey(m.version()))
                        .forEach(migration -> AdditiveSql.check(component, migration));
            }
            int count = 0;
            for (Migration migration : ordered) {
                String checksum = applied.get(migration.version());
                if (checksum == null) {
                    apply(connection, component, migration);
                    count++;
                } else if (!checksum.equals(migration.checksum())) {
                    throw new SQLException("schema migration V" + migration.version() + " of '" + component
                            + "' was changed after it was applied; restore the original script and add a new"
                            + " migration instead");
                }
            }
            return count;
        }
    }

    private static void checkSequence(String component, List<Migration> ordered) {
        for (int i = 0; i < ordered.size(); i++) {
            if (ordered.get(i).version() != i + 1) {
                throw new IllegalArgumentException("schema migrations of '" + component
                        + "' must be numbered 1, 2, 3... without gaps or repeats; found V" + ordered.get(i).version()
                        + " at position " + (i + 1));
            }
        }
    }

    /** Table names after the keywords that create, change, fill or refer to a table. */
    private static final Pattern TABLE = Pattern.compile("(?i)\\b(?:CREATE\\s+TABLE|ALTER\\s+TABLE|DROP\\s+TABLE"
            + "|TRUNCATE\\s+TABLE|RENAME\\s+TABLE|REFERENCES|INSERT\\s+INTO|(?<!\\bON\\s)UPDATE|DELETE\\s+FROM|DROP\\s+INDEX)"
            + "\\s+\"?([A-Za-z_][A-Za-z0-9_]*)");
    /** An index's name and its table. */
    private static final Pattern INDEX = Pattern.compile(
            "(?i)\\bCREATE\\s+(?:UNIQUE\\s+)?INDEX\\s+\"?([A-Za-z_][A-Za-z0-9_]*)\"?\\s+ON\\s+\"?([A-Za-z_][A-Za-z0-9_]*)");

    /**
     * A component touches only its own tables and indexes, named after it ({@code COURRIER} or
     * {@code COURRIER_...} for component {@code courrier}): a module's migration can never change
     * another module's data or the platform's.
     */
    static void checkOwnTables(String component, Migration migration) {
        String owner = SchemaPrefix.of(component);
        for (String sql : migration.statements()) {
            // Texts and trailing comments may say anything; only the SQL itself names tables.
            String statement = sql.replaceAll("'(?:[^']|'')*'", "''").replaceAll("--[^\\n]*", "");
            List<String> names = new ArrayList<>();
            for (Matcher m = TABLE.matcher(statement); m.find(); ) {
                names.add(m.group(1));
            }
            for (Matcher m = INDEX.matcher(statement); m.find(); ) {
                names.add(m.group(1));
                names.add(m.group(2));
            }
            for (String found : names) {
                String name = found.toUpperCase(Locale.ROOT);
                if (!name.equals(owner) && !name.startsWith(owner + "_")) {
                    throw new IllegalArgumentException("schema migration V" + migration.version() + " of '" + component
                            + "' names " + name + ", which is not its own: a component's tables and indexes are named "
                            + owner + "_...");
                }
            }
        }
    }

    /**
     * Refuses to migrate {@code component} when another component already in the history has a
     * table prefix that meets its own ({@link SchemaPrefix#overlap}): {@code courrier-mail} owns
     * {@code COURRIER_MAIL}, which is {@code courrier}'s table, and {@code courrier} every table of
     * {@code courrier-mail}. The first one migrated keeps its tables; the other is refused before
     * any of its scripts runs.
     */
    private static void checkNoOverlap(Connection connection, String component) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT DISTINCT COMPONENT FROM " + HISTORY_TABLE + " WHERE COMPONENT <> ?")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    String other = rows.getString(1);
                    if (SchemaPrefix.overlap(component, other)) {
                        throw new IllegalArgumentException("the schema '" + component + "' (tables "
                                + SchemaPrefix.of(component) + "_...) would share tables with the schema '" + other
                                + "' (tables " + SchemaPrefix.of(other) + "_...) already on this host: its migrations"
                                + " are refused; a module with tables needs a name no other module's name extends");
                    }
                }
            }
        }
    }

    private void apply(Connection connection, String component, Migration migration) throws SQLException {
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try (Statement statement = connection.createStatement()) {
            for (String sql : migration.statements()) {
                statement.execute(sql);
            }
            recordApplied(connection, component, migration);
            connection.commit();
            LOG.info("Applied schema migration V{} ({}) of {}", migration.version(), migration.description(), component);
        } catch (SQLException e) {
            connection.rollback();
            throw new SQLException("schema migration V" + migration.version() + " (" + migration.description()
                    + ") of '" + component + "' failed and was rolled back: " + e.getMessage(), e);
        } finally {
            connection.setAutoCommit(autoCommit);
        }
    }

    private void recordApplied(Connection connection, String component, Migration migration) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + HISTORY_TABLE
                + " (COMPONENT, VERSION, DESCRIPTION, CHECKSUM, APPLIED_AT) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, component);
            insert.setInt(2, migration.version());
            insert.setString(3, migration.description());
            insert.setString(4, migration.checksum());
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.executeUpdate();
        }
    }

    private static Map<Integer, String> appliedChecksums(Connection connection, String component) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (PreparedStatement query = connection.prepareStatement(
                "SELECT VERSION, CHECKSUM FROM " + HISTORY_TABLE + " WHERE COMPONENT = ?")) {
            query.setString(1, component);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    applied.put(rows.getInt(1), rows.getString(2).trim());
                }
            }
        }
        return applied;
    }

    private static void createHistoryTableIfMissing(Connection connection) throws SQLException {
        if (tableExists(connection, HISTORY_TABLE)) {
            return;
        }
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE " + HISTORY_TABLE + " ("
                    + "COMPONENT VARCHAR(100) NOT NULL, "
                    + "VERSION INTEGER NOT NULL, "
                    + "DESCRIPTION VARCHAR(200) NOT NULL, "
                    + "CHECKSUM CHAR(64) NOT NULL, "
                    + "APPLIED_AT TIMESTAMP NOT NULL, "
                    + "PRIMARY KEY (COMPONENT, VERSION))");
        } catch (SQLException e) {
            // Two components migrating at the first start may both find it missing; one creates it.
            if (!tableExists(connection, HISTORY_TABLE)) {
                throw e;
            }
        }
    }

    /**
     * Looks the table up under the name the database stores: an unquoted name is folded to upper
     * case by Derby and to lower case by PostgreSQL, and metadata look-ups match exactly. Only the
     * connection's own schema counts: a table of the same name in another schema is not ours.
     */
    private static boolean tableExists(Connection connection, String name) throws SQLException {
        DatabaseMetaData meta = connection.getMetaData();
        String stored = meta.storesLowerCaseIdentifiers() ? name.toLowerCase(Locale.ROOT)
                : meta.storesUpperCaseIdentifiers() ? name.toUpperCase(Locale.ROOT) : name;
        try (ResultSet tables = meta.getTables(null, connection.getSchema(),
                escapeLike(stored, meta.getSearchStringEscape()), new String[] {"TABLE"})) {
            return tables.next();
        }
    }

    /** getTables takes a LIKE pattern, where the underscores of our names are wildcards. */
    private static String escapeLike(String name, String escape) {
        if (escape == null || escape.isEmpty()) {
            return name;
        }
        return name.replace(escape, escape + escape).replace("_", escape + "_").replace("%", escape + "%");
    }
}
