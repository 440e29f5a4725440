package be.imio.platform.commune.internal.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import javax.sql.DataSource;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.ActivityFilter;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.internal.lifecycle.FailedReleases;

/**
 * The host's modules and operations in the database, in portable JDBC. An operation is written
 * before it starts; the modules table changes only together with the end of a successful
 * operation, in one transaction, so it always holds the last good set. A module's row keeps the
 * group it was first enabled from: no write can move a short name to another group.
 */
public final class ModuleLedger {

    private static final String MODULE_COLUMNS =
            "NAME, GROUP_ID, VERSION, PREVIOUS_VERSION, ENABLED, PINNED_VERSION, POLICY, CHANGED_AT";

    private final DataSource dataSource;

    public ModuleLedger(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** How many operations ended in each state, by action ({@code action -> state -> count}); unfinished ones too. */
    public Map<String, Map<String, Long>> outcomes() throws SQLException {
        Map<String, Map<String, Long>> outcomes = new java.util.TreeMap<>();
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement(
                        "SELECT ACTION, STATE, COUNT(*) FROM HOST_OPERATION GROUP BY ACTION, STATE");
                ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                outcomes.computeIfAbsent(rows.getString(1).toLowerCase(java.util.Locale.ROOT), a -> new java.util.TreeMap<>())
                        .put(rows.getString(2).toLowerCase(java.util.Locale.ROOT), rows.getLong(3));
            }
        }
        return outcomes;
    }

    /** By name, in code point order: sorted here, as an ORDER BY on text follows PostgreSQL's collation. */
    public List<InstalledModule> modules() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + MODULE_COLUMNS + " FROM HOST_MODULE");
                ResultSet rows = select.executeQuery()) {
            List<InstalledModule> all = new ArrayList<>();
            while (rows.next()) {
                all.add(module(rows));
            }
            all.sort(Comparator.comparing(InstalledModule::name));
            return all;
        }
    }

    /** The module of short name {@code name} on this host, whatever its group. */
    public Optional<InstalledModule> module(String name) throws SQLException {
        return modules().stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /**
     * The module that holds the name {@code name} on this host: the one of that name, else one whose
     * name differs only in case ({@code Courrier} and {@code courrier} are one name to staff).
     */
    public Optional<InstalledModule> holder(String name) throws SQLException {
        return holder(modules(), name);
    }

    public static Optional<InstalledModule> holder(List<InstalledModule> modules, String name) {
        Optional<InstalledModule> exact = modules.stream().filter(m -> m.name().equals(name)).findFirst();
        return exact.isPresent() ? exact : modules.stream()
                .filter(m -> m.name().toLowerCase(java.util.Locale.ROOT).equals(name.toLowerCase(java.util.Locale.ROOT)))
                .findFirst();
    }

    /**
     * Journals an operation on {@code module} before anything else happens; answers it with its id.
     * {@code to} is the version it goes to, or for {@link Operation.Action#POLICY} the policy's id.
     */
    public Operation plan(ModuleId module, Operation.Action action, String from, String to, String by, String address,
            Instant at) throws SQLException {
        UpdatePolicy policy = action == Operation.Action.POLICY ? UpdatePolicy.fromId(to).orElseThrow() : null;
        String toVersion = policy == null ? to : null;
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO HOST_OPERATION (MODULE, ACTION, FROM_VERSION,"
                        + " TO_VERSION, STATE, REQUESTED_BY, REQUESTED_FROM, REQUESTED_AT, GROUP_ID, POLICY)"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, module.name());
            insert.setString(2, action.id());
            insert.setString(3, from);
            insert.setString(4, toVersion);
            insert.setString(10, policy == null ? null : policy.id());
            insert.setString(5, Operation.State.QUEUED.id());
            insert.setString(6, LedgerColumns.limit(by, 100));
            insert.setString(7, LedgerColumns.limit(address, 100));
            insert.setTimestamp(8, Timestamp.from(at));
            insert.setString(9, module.groupId());
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                long id = LedgerColumns.newId(keys);
                return new Operation(id, module.name(), module.groupId(), action, from, toVersion, Operation.State.QUEUED,
                        by, address, at, null, null, null, null, policy, null);
            }
        }
    }

    /**
     * Marks operation {@code id} running from {@code at}, and records the module's version at that
     * moment ({@code from}): the version it changes from is the one it found, not the one when it was asked.
     */
    public void started(long id, Instant at, String from) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE HOST_OPERATION SET STATE = ?, STARTED_AT = ?, FROM_VERSION = ? WHERE ID = ?")) {
            update.setString(1, Operation.State.RUNNING.id());
            update.setTimestamp(2, Timestamp.from(at));
            update.setString(3, LedgerColumns.limit(from, 100));
            update.setLong(4, id);
            update.executeUpdate();
        }
    }

    /** Records the version operation {@code id} goes to, decided when it started (a rollback asked behind others). */
    public void target(long id, String version) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE HOST_OPERATION SET TO_VERSION = ? WHERE ID = ?")) {
            update.setString(1, LedgerColumns.limit(version, 100));
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    /**
     * Ends operation {@code id} and, when {@code module} is given, stores it as the module's new
     * state, both in one transaction. {@code reason} is for staff ({@code "français / English"}, and as {@code reasonMessage}),
     * {@code detail} the technical message behind it (both may be null).
     */
    public void finish(long id, Operation.State state, String reason, Message reasonMessage, String detail, Instant at,
            InstalledModule module) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (module != null) {
                    save(c, module);
                }
                try (PreparedStatement update = c.prepareStatement(
                        "UPDATE HOST_OPERATION SET STATE = ?, FINISHED_AT = ?, REASON = ?, DETAIL = ?, REASON_MESSAGE = ?"
                        + " WHERE ID = ?")) {
                    update.setString(1, state.id());
                    update.setTimestamp(2, Timestamp.from(at));
                    update.setString(3, LedgerColumns.limit(reason, 2000));
                    update.setString(4, LedgerColumns.limit(detail, 4000));
                    update.setString(5, MessageJson.write(reasonMessage, 4000));
                    update.setLong(6, id);
                    update.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Updates the row of {@code m}'s name and group, or inserts it. A row of the same name in
     * another group is never overwritten: the insert then fails on the name's key, and the
     * transaction with it.
     */
    private static void save(Connection c, InstalledModule m) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE HOST_MODULE SET GROUP_ID = ?, VERSION = ?,"
                + " PREVIOUS_VERSION = ?, ENABLED = ?, PINNED_VERSION = ?, POLICY = ?, CHANGED_AT = ?"
                + " WHERE NAME = ? AND GROUP_ID = ?")) {
            bindModule(update, m, 1);
            update.setString(8, m.name());
            update.setString(9, m.groupId());
            if (update.executeUpdate() > 0) {
                return;
            }
        }
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO HOST_MODULE (GROUP_ID, VERSION,"
                + " PREVIOUS_VERSION, ENABLED, PINNED_VERSION, POLICY, CHANGED_AT, NAME) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
            bindModule(insert, m, 1);
            insert.setString(8, m.name());
            insert.executeUpdate();
        }
    }

    private static void bindModule(PreparedStatement statement, InstalledModule m, int first) throws SQLException {
        statement.setString(first, m.groupId());
        statement.setString(first + 1, m.version());
        statement.setString(first + 2, m.previousVersion());
        statement.setShort(first + 3, (short) (m.enabled() ? 1 : 0));
        statement.setString(first + 4, m.pinnedVersion());
        statement.setString(first + 5, m.policy() == null ? null : m.policy().id());
        statement.setTimestamp(first + 6, Timestamp.from(m.changedAt()));
    }

    public Optional<Operation> operation(long id) throws SQLException {
        List<Operation> found = OperationRows.select(dataSource, "WHERE ID = ?", List.of(id), 1);
        return found.stream().findFirst();
    }

    /** Newest first; {@code module} null for all, a short name, or {@code GROUP:ARTIFACT} for one group's. */
    public List<Operation> operations(String module, int max) throws SQLException {
        ModuleId id = ModuleId.parse(module);
        if (id != null) {
            return OperationRows.select(dataSource, "WHERE MODULE = ? AND GROUP_ID = ?", List.of(id.name(), id.groupId()), max);
        }
        return module == null ? OperationRows.select(dataSource, "", List.of(), max) : OperationRows.select(dataSource, "WHERE MODULE = ?", List.of(module), max);
    }

    /** The audit log as the console filters it, newest first; a null criterion matches all. */
    public List<Operation> activity(ActivityFilter filter, int max) throws SQLException {
        StringBuilder where = new StringBuilder();
        List<Object> parameters = new ArrayList<>();
        criterion(where, parameters, "MODULE = ?", filter.module());
        criterion(where, parameters, "REQUESTED_BY = ?", filter.user());
        criterion(where, parameters, "STATE = ?", filter.state());
        criterion(where, parameters, "REQUESTED_AT >= ?", filter.from() == null ? null : Timestamp.from(filter.from()));
        criterion(where, parameters, "REQUESTED_AT < ?", filter.until() == null ? null : Timestamp.from(filter.until()));
        return OperationRows.select(dataSource, where.toString(), parameters, max);
    }

    private static void criterion(StringBuilder where, List<Object> parameters, String condition, Object value) {
        if (value != null) {
            where.append(where.length() == 0 ? "WHERE " : " AND ").append(condition);
            parameters.add(value);
        }
    }

    /** Journals a change that is done the moment it is asked, in one statement. */
    public Operation recordDone(String module, Operation.Action action, String from, String to, String by, String address,
            Instant at, String reason) throws SQLException {
        return recordDone(module, action, from, to, by, address, at, reason, null, null);
    }

    /**
     * A change made outside the database (a configuration saved through ConfigurationAdmin), in one
     * unit with its journal row: the row is inserted, {@code change} applied, and the row committed;
     * when the change fails nothing is journalled, and when the commit fails the change is undone.
     * So there is never a change without its row, nor a row without its change.
     *
     * @throws SQLException when the row could not be written or committed (the change is then undone)
     * @throws IllegalStateException wrapping the change's own failure (nothing was journalled)
     */
    public Operation recordDone(String module, Operation.Action action, String from, String to, String by, String address,
            Instant at, String reason, Message reasonMessage, JournalledChange change) throws SQLException {
        return DoneChanges.record(dataSource, new Operation(0, module, null, action, from, to, Operation.State.SUCCEEDED,
                by, address, at, at, at, reason, null, null, reasonMessage), change, null);
    }

    /** The mandatory updates deferred on this host, by module and version. */
    public List<Deferral> deferrals() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT GROUP_ID, MODULE, VERSION, REQUIRED_BY,"
                        + " DEFERRED_UNTIL, REASON, DEFERRED_BY, DEFERRED_AT FROM HOST_DEFERRAL");
                ResultSet rows = select.executeQuery()) {
            List<Deferral> all = new ArrayList<>();
            while (rows.next()) {
                all.add(new Deferral(new ModuleId(rows.getString(1), rows.getString(2)), rows.getString(3),
                        Instant.parse(rows.getString(4)), Instant.parse(rows.getString(5)), rows.getString(6),
                        rows.getString(7), Instant.parse(rows.getString(8))));
            }
            all.sort(Comparator.comparing((Deferral d) -> d.module().name()).thenComparing(Deferral::version));
            return all;
        }
    }

    /**
     * Records {@code deferral} and its {@code defer} row in the activity (from {@code fromVersion}, the
     * version the module runs, to the deferred one; its {@code reason}) in one transaction.
     *
     * @return the journalled operation, or empty when that requirement was already deferred (nothing changed)
     */
    public Optional<Operation> defer(Deferral deferral, String fromVersion, String address, String reason,
            Message reasonMessage) throws SQLException {
        Operation done = new Operation(0, deferral.module().name(), deferral.module().groupId(), Operation.Action.DEFER,
                fromVersion, deferral.version(), Operation.State.SUCCEEDED, deferral.by(), address, deferral.at(),
                deferral.at(), deferral.at(), reason, null, null, reasonMessage);
        try {
            return Optional.of(DoneChanges.record(dataSource, done, null, c -> {
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO HOST_DEFERRAL (GROUP_ID, MODULE, VERSION,"
                        + " REQUIRED_BY, DEFERRED_UNTIL, REASON, DEFERRED_BY, DEFERRED_AT) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setString(1, deferral.module().groupId());
                    insert.setString(2, deferral.module().name());
                    insert.setString(3, deferral.version());
                    insert.setString(4, deferral.requiredBy().toString());
                    insert.setString(5, deferral.until().toString());
                    insert.setString(6, deferral.reason());
                    insert.setString(7, LedgerColumns.limit(deferral.by(), 100));
                    insert.setString(8, deferral.at().toString());
                    insert.executeUpdate();
                }
            }));
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return Optional.empty(); // the key: that requirement was deferred already
            }
            throw e;
        }
    }

    /** A change outside the database, journalled in one unit with its row (see {@link #recordDone}). */
    public interface JournalledChange {

        void apply() throws Exception;

        void undo() throws Exception;
    }

    /**
     * The releases of {@code module} that failed on this host ({@link FailedRelease}), newest failure
     * first; {@code installed} is its row, if any. Operations journalled before groups were recorded
     * count for the module of that name on this host, the only group it could be then.
     */
    public List<FailedRelease> failedReleases(ModuleId module, InstalledModule installed) throws SQLException {
        List<Operation> history = OperationRows.select(dataSource, "WHERE MODULE = ? AND (GROUP_ID = ? OR GROUP_ID IS NULL)"
                + " AND TO_VERSION IS NOT NULL AND STATE IN (?, ?, ?)", List.of(module.name(), module.groupId(),
                Operation.State.SUCCEEDED.id(), Operation.State.ROLLED_BACK.id(), Operation.State.FAILED.id()), 10_000);
        return FailedReleases.of(history, installed != null && installed.id().equals(module) ? installed : null);
    }

    /** Operations not finished: queued, or running when the host stopped. Oldest first. */
    public List<Operation> unfinished() throws SQLException {
        List<Operation> found = new ArrayList<>(OperationRows.select(dataSource, "WHERE STATE IN (?, ?)",
                List.of(Operation.State.QUEUED.id(), Operation.State.RUNNING.id()), 10_000));
        java.util.Collections.reverse(found);
        return found;
    }

    private static InstalledModule module(ResultSet rows) throws SQLException {
        return new InstalledModule(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4),
                rows.getShort(5) != 0, rows.getString(6), UpdatePolicy.fromId(rows.getString(7)).orElse(null),
                LedgerColumns.instant(rows.getTimestamp(8)));
    }

}
