package be.imio.platform.commune.internal.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;

import javax.sql.DataSource;

import be.imio.platform.commune.api.Operation;

/**
 * Journalling a change that is done the moment it is asked, with a change outside the database
 * in the same unit: see {@link ModuleLedger#recordDone(String, Operation.Action, String, String,
 * String, String, java.time.Instant, String, be.imio.platform.commune.api.Message,
 * ModuleLedger.JournalledChange)}.
 */
final class DoneChanges {

    private DoneChanges() {
    }

    /** Rows written with the journal's, on its connection, in its transaction. */
    interface Rows {
        void write(Connection connection) throws SQLException;
    }

    /**
     * Journals {@code done} (its id is given by the database), writes {@code rows} and applies
     * {@code change}, each if any, in one unit.
     */
    static Operation record(DataSource dataSource, Operation done, ModuleLedger.JournalledChange change, Rows rows)
            throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            boolean applied = false;
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO HOST_OPERATION (MODULE, ACTION, FROM_VERSION,"
                    + " TO_VERSION, STATE, REQUESTED_BY, REQUESTED_FROM, REQUESTED_AT, STARTED_AT, FINISHED_AT, REASON,"
                    + " REASON_MESSAGE, GROUP_ID) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, done.module());
                insert.setString(2, done.action().id());
                insert.setString(3, LedgerColumns.limit(done.fromVersion(), 100));
                insert.setString(4, LedgerColumns.limit(done.toVersion(), 100));
                insert.setString(5, Operation.State.SUCCEEDED.id());
                insert.setString(6, LedgerColumns.limit(done.requestedBy(), 100));
                insert.setString(7, LedgerColumns.limit(done.requestedFrom(), 100));
                insert.setTimestamp(8, Timestamp.from(done.requestedAt()));
                insert.setTimestamp(9, Timestamp.from(done.requestedAt()));
                insert.setTimestamp(10, Timestamp.from(done.requestedAt()));
                insert.setString(11, LedgerColumns.limit(done.reason(), 2000));
                insert.setString(12, MessageJson.write(done.reasonMessage(), 4000));
                insert.setString(13, done.groupId());
                insert.executeUpdate();
                long id;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    id = LedgerColumns.newId(keys);
                }
                if (rows != null) {
                    rows.write(c);
                }
                if (change != null) {
                    try {
                        change.apply();
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                    applied = true;
                }
                c.commit();
                return new Operation(id, done.module(), done.groupId(), done.action(), done.fromVersion(), done.toVersion(),
                        Operation.State.SUCCEEDED, done.requestedBy(), done.requestedFrom(), done.requestedAt(),
                        done.requestedAt(), done.requestedAt(), done.reason(), null, null, done.reasonMessage());
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                if (applied) {
                    try {
                        change.undo();
                    } catch (Exception undo) {
                        e.addSuppressed(undo);
                    }
                }
                throw e;
            }
        }
    }
}
