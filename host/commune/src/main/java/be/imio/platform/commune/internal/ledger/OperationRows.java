package be.imio.platform.commune.internal.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.UpdatePolicy;

/** Reading the journal's rows ({@code HOST_OPERATION}) as {@link Operation}s. */
final class OperationRows {

    static final String OPERATION_COLUMNS = "ID, MODULE, ACTION, FROM_VERSION, TO_VERSION, STATE, "
            + "REQUESTED_BY, REQUESTED_FROM, REQUESTED_AT, STARTED_AT, FINISHED_AT, REASON, GROUP_ID, DETAIL, POLICY, REASON_MESSAGE";

    private OperationRows() {
    }

    /** The operations {@code where} selects ({@code "WHERE ..."} with {@code ?} for {@code parameters}), newest first, at most {@code max}. */
    static List<Operation> select(DataSource dataSource, String where, List<Object> parameters, int max) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + OPERATION_COLUMNS
                        + " FROM HOST_OPERATION " + where + " ORDER BY ID DESC")) {
            select.setMaxRows(max);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Operation> all = new ArrayList<>();
                while (rows.next()) {
                    all.add(new Operation(rows.getLong(1), rows.getString(2), rows.getString(13),
                            Operation.Action.fromId(rows.getString(3)),
                            rows.getString(4), rows.getString(5), Operation.State.fromId(rows.getString(6)),
                            rows.getString(7), rows.getString(8), LedgerColumns.instant(rows.getTimestamp(9)),
                            LedgerColumns.instant(rows.getTimestamp(10)), LedgerColumns.instant(rows.getTimestamp(11)), rows.getString(12),
                            rows.getString(14), UpdatePolicy.fromId(rows.getString(15)).orElse(null),
                            MessageJson.read(rows.getString(16))));
                }
                return all;
            }
        }
    }
}
