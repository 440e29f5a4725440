package be.imio.platform.courrier.internal;

import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * The register in the database, in portable JDBC. A reference's number is the next one of its
 * year; two clerks registering at the same moment cannot get the same one (a unique constraint
 * refuses the second, which takes the next number).
 */
final class MailRegister {

    static final String COLUMNS = "REF_YEAR, REF_NUMBER, DIRECTION, CORRESPONDENT, SUBJECT, MAIL_DATE, SERVICE, STATUS,"
            + " REGISTERED_BY, REGISTERED_AT";
    private static final int ATTEMPTS = 5;

    private final DataSource dataSource;
    private final Clock clock;

    MailRegister(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    DataSource dataSource() {
        return dataSource;
    }

    /** Registers {@code draft}, by {@code user}; answers the letter with its new reference. */
    Mail register(MailDraft draft, String user) throws SQLException {
        int year = draft.date().getYear();
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                int number = nextNumber(c, year);
                Mail mail = new Mail(new MailReference(year, number), draft.direction(), draft.correspondent(),
                        draft.subject(), draft.date(), draft.service(), Status.REGISTERED, user, clock.instant());
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO COURRIER_MAIL (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                    insert.setInt(1, year);
                    insert.setInt(2, number);
                    insert.setString(3, mail.direction().id());
                    insert.setString(4, mail.correspondent());
                    insert.setString(5, mail.subject());
                    insert.setDate(6, Date.valueOf(mail.date()));
                    insert.setString(7, mail.service());
                    insert.setString(8, mail.status().id());
                    insert.setString(9, user);
                    insert.setTimestamp(10, Timestamp.from(mail.registeredAt()));
                    insert.executeUpdate();
                }
                return mail;
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || e.getSQLState() == null || !e.getSQLState().startsWith("23")) {
                    throw e;
                }
            }
        }
    }

    private static int nextNumber(Connection c, int year) throws SQLException {
        try (PreparedStatement query = c.prepareStatement("SELECT MAX(REF_NUMBER) FROM COURRIER_MAIL WHERE REF_YEAR = ?")) {
            query.setInt(1, year);
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getInt(1) + 1;
            }
        }
    }

    Optional<Mail> find(MailReference reference) throws SQLException {
        List<Mail> found = query("WHERE REF_YEAR = ? AND REF_NUMBER = ?", List.of(reference.year(), reference.number()), 1);
        return found.stream().findFirst();
    }

    /**
     * Letters matching every criterion given (null: any), newest first: {@code text} in the
     * subject or the correspondent, ignoring case.
     */
    List<Mail> search(String text, Integer year, String service, Status status, int max) throws SQLException {
        StringBuilder where = new StringBuilder("WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            where.append(" AND (LOWER(SUBJECT) LIKE ? OR LOWER(CORRESPONDENT) LIKE ?)");
            String pattern = "%" + text.strip().toLowerCase(java.util.Locale.ROOT).replace("%", "").replace("_", "") + "%";
            parameters.add(pattern);
            parameters.add(pattern);
        }
        if (year != null) {
            where.append(" AND REF_YEAR = ?");
            parameters.add(year);
        }
        if (service != null && !service.isBlank()) {
            where.append(" AND LOWER(SERVICE) = ?");
            parameters.add(service.strip().toLowerCase(java.util.Locale.ROOT));
        }
        if (status != null) {
            where.append(" AND STATUS = ?");
            parameters.add(status.id());
        }
        return query(where.toString(), parameters, max);
    }

    /** Moves a letter to {@code status} (and to {@code service}, when given); false when it does not exist. */
    boolean change(MailReference reference, Status status, String service) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE COURRIER_MAIL SET STATUS = ?, SERVICE = COALESCE(?, SERVICE)"
                        + " WHERE REF_YEAR = ? AND REF_NUMBER = ?")) {
            update.setString(1, status.id());
            update.setString(2, service);
            update.setInt(3, reference.year());
            update.setInt(4, reference.number());
            return update.executeUpdate() == 1;
        }
    }

    List<Mail> query(String where, List<Object> parameters, int max) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM COURRIER_MAIL " + where
                        + " ORDER BY REF_YEAR DESC, REF_NUMBER DESC")) {
            select.setMaxRows(max);
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Mail> mails = new ArrayList<>();
                while (rows.next()) {
                    mails.add(new Mail(new MailReference(rows.getInt(1), rows.getInt(2)), Direction.parse(rows.getString(3)),
                            rows.getString(4), rows.getString(5), rows.getDate(6).toLocalDate(), rows.getString(7),
                            Status.parse(rows.getString(8)), rows.getString(9), rows.getTimestamp(10).toInstant()));
                }
                return mails;
            }
        }
    }
}
