package be.imio.platform.commune.internal.ledger;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;

/** How the ledger's values meet its columns, the same on Derby and on PostgreSQL. */
final class LedgerColumns {

    private LedgerColumns() {
    }

    /**
     * The ID of the row just inserted. Key columns are not named in prepareStatement: pgjdbc quotes
     * the names it is given ({@code RETURNING "ID"}), which misses PostgreSQL's lower-case
     * {@code id}, while Derby wants the upper-case name. With RETURN_GENERATED_KEYS Derby answers
     * the identity column alone and PostgreSQL the whole row; in both, ID comes first.
     */
    static long newId(ResultSet keys) throws SQLException {
        if (!keys.next()) {
            throw new SQLException("the database returned no generated ID for HOST_OPERATION");
        }
        return keys.getLong(1);
    }

    static Instant instant(Timestamp timestamp) {
        return timestamp == null ? null : timestamp.toInstant();
    }

    /** Fits a text to its column; a NUL is replaced, as PostgreSQL refuses it in text (Derby keeps it). */
    static String limit(String text, int max) {
        String clean = text == null ? null : text.replace('\0', '\uFFFD');
        return clean == null || clean.length() <= max ? clean : clean.substring(0, max - 1) + "…";
    }
}
