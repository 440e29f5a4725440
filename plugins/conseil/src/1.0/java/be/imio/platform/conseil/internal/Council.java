package be.imio.platform.conseil.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

/**
 * Meetings and agendas in the database, in portable JDBC. New ids are asked for with
 * RETURN_GENERATED_KEYS, not by column name: pgjdbc quotes a name it is given ("ID"), which misses
 * PostgreSQL's lower-case id; ID is each table's first column, which Derby and PostgreSQL both
 * answer first.
 */
final class Council {

    private final DataSource dataSource;
    private final Clock clock;

    Council(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    DataSource dataSource() {
        return dataSource;
    }

    long createMeeting(String title, LocalDateTime heldAt, String place, String user) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO CONSEIL_MEETING (TITLE, HELD_AT, PLACE,"
                        + " CREATED_BY, CREATED_AT) VALUES (?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, title);
            insert.setTimestamp(2, Timestamp.valueOf(heldAt));
            insert.setString(3, place);
            insert.setString(4, user);
            insert.setTimestamp(5, Timestamp.from(clock.instant()));
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    /** Meetings held from {@code from} on (all when null), soonest first, without their agenda. */
    List<Meeting> meetings(LocalDateTime from) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT ID, TITLE, HELD_AT, PLACE FROM CONSEIL_MEETING"
                        + " WHERE HELD_AT >= ? ORDER BY HELD_AT, ID")) {
            select.setTimestamp(1, Timestamp.valueOf(from == null ? LocalDateTime.of(1900, 1, 1, 0, 0) : from));
            try (ResultSet rows = select.executeQuery()) {
                List<Meeting> meetings = new ArrayList<>();
                while (rows.next()) {
                    meetings.add(new Meeting(rows.getLong(1), rows.getString(2), rows.getTimestamp(3).toLocalDateTime(),
                            rows.getString(4), List.of()));
                }
                return meetings;
            }
        }
    }

    Optional<Meeting> meeting(long id) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT TITLE, HELD_AT, PLACE FROM CONSEIL_MEETING WHERE ID = ?")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                if (!rows.next()) {
                    return Optional.empty();
                }
                return Optional.of(new Meeting(id, rows.getString(1), rows.getTimestamp(2).toLocalDateTime(),
                        rows.getString(3), agenda(c, id)));
            }
        }
    }

    private static List<AgendaItem> agenda(Connection c, long meeting) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT ID, POSITION, TITLE, IS_PUBLIC, DECISION, DECIDED_BY,"
                + " DECIDED_AT FROM CONSEIL_ITEM WHERE MEETING_ID = ? ORDER BY POSITION")) {
            select.setLong(1, meeting);
            try (ResultSet rows = select.executeQuery()) {
                List<AgendaItem> items = new ArrayList<>();
                while (rows.next()) {
                    Timestamp decided = rows.getTimestamp(7);
                    items.add(new AgendaItem(rows.getLong(1), rows.getInt(2), rows.getString(3), rows.getShort(4) != 0,
                            rows.getString(5), rows.getString(6), decided == null ? null : decided.toInstant()));
                }
                return items;
            }
        }
    }

    /** Adds an item at the end of the agenda; answers its id. */
    long addItem(long meeting, String title, boolean isPublic) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement next = c.prepareStatement(
                    "SELECT COALESCE(MAX(POSITION), 0) + 1 FROM CONSEIL_ITEM WHERE MEETING_ID = ?");
                    PreparedStatement insert = c.prepareStatement("INSERT INTO CONSEIL_ITEM (MEETING_ID, POSITION, TITLE,"
                            + " IS_PUBLIC) VALUES (?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                next.setLong(1, meeting);
                int position;
                try (ResultSet rows = next.executeQuery()) {
                    rows.next();
                    position = rows.getInt(1);
                }
                insert.setLong(1, meeting);
                insert.setInt(2, position);
                insert.setString(3, title);
                insert.setShort(4, (short) (isPublic ? 1 : 0));
                insert.executeUpdate();
                long id;
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    id = keys.getLong(1);
                }
                c.commit();
                return id;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Moves an item to {@code position} (1 = first), renumbering the others in one transaction. */
    void move(Meeting meeting, long item, int position) throws SQLException {
        List<Long> order = Agenda.moved(meeting.agenda().stream().map(AgendaItem::id).toList(), item, position);
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement update = c.prepareStatement("UPDATE CONSEIL_ITEM SET POSITION = ? WHERE ID = ?")) {
                for (int i = 0; i < order.size(); i++) {
                    update.setInt(1, i + 1);
                    update.setLong(2, order.get(i));
                    update.addBatch();
                }
                update.executeBatch();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    void decide(long item, String decision, String user) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE CONSEIL_ITEM SET DECISION = ?, DECIDED_BY = ?, DECIDED_AT = ? WHERE ID = ?")) {
            update.setString(1, decision);
            update.setString(2, user);
            update.setTimestamp(3, Timestamp.from(clock.instant()));
            update.setLong(4, item);
            update.executeUpdate();
        }
    }
}
