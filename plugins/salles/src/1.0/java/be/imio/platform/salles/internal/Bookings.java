package be.imio.platform.salles.internal;

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
 * Rooms and bookings in the database, in portable JDBC. A booking is checked against the room's
 * other bookings and written in one transaction that first takes the room's row, so that two
 * people booking the same slot at the same moment cannot both succeed.
 * New ids are asked for with RETURN_GENERATED_KEYS, not by column name: pgjdbc quotes a name it is
 * given ("ID"), which misses PostgreSQL's lower-case id; ID is each table's first column, which
 * Derby and PostgreSQL both answer first.
 */
final class Bookings {

    /** Another booking holds (part of) the slot. */
    static final class Conflict extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Booking other;

        Conflict(Booking other) {
            super("slot taken");
            this.other = other;
        }

        Booking other() {
            return other;
        }
    }

    private static final String BOOKING_COLUMNS = "B.ID, B.ROOM_ID, R.NAME, B.STARTS_AT, B.ENDS_AT, B.PURPOSE,"
            + " B.BOOKED_FOR, B.BOOKED_BY";

    private final DataSource dataSource;
    private final Clock clock;

    Bookings(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    DataSource dataSource() {
        return dataSource;
    }

    long addRoom(String name, int capacity, String location) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement insert = c.prepareStatement("INSERT INTO SALLES_ROOM (NAME, CAPACITY, LOCATION)"
                        + " VALUES (?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
            insert.setString(1, name);
            insert.setInt(2, capacity);
            insert.setString(3, location);
            insert.executeUpdate();
            try (ResultSet keys = insert.getGeneratedKeys()) {
                keys.next();
                return keys.getLong(1);
            }
        }
    }

    List<Room> rooms() throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement select = c.prepareStatement("SELECT ID, NAME, CAPACITY, LOCATION FROM SALLES_ROOM ORDER BY NAME");
                ResultSet rows = select.executeQuery()) {
            List<Room> rooms = new ArrayList<>();
            while (rows.next()) {
                rooms.add(new Room(rows.getLong(1), rows.getString(2), rows.getInt(3), rows.getString(4)));
            }
            return rooms;
        }
    }

    Optional<Room> room(long id) throws SQLException {
        return rooms().stream().filter(r -> r.id() == id).findFirst();
    }

    /** Books the slot, or throws {@link Conflict} naming the booking that holds it. */
    long book(long room, LocalDateTime starts, LocalDateTime ends, String purpose, String bookedFor, String user)
            throws SQLException, Conflict {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                // Holding the room's row serialises bookings of this room (portable: no LOCK TABLE).
                try (PreparedStatement lock = c.prepareStatement("UPDATE SALLES_ROOM SET NAME = NAME WHERE ID = ?")) {
                    lock.setLong(1, room);
                    lock.executeUpdate();
                }
                List<Booking> overlapping = query(c, "WHERE B.ROOM_ID = ? AND B.STARTS_AT < ? AND B.ENDS_AT > ?",
                        List.of(room, Timestamp.valueOf(ends), Timestamp.valueOf(starts)));
                if (!overlapping.isEmpty()) {
                    c.rollback();
                    throw new Conflict(overlapping.get(0));
                }
                long id;
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO SALLES_BOOKING (ROOM_ID, STARTS_AT, ENDS_AT,"
                        + " PURPOSE, BOOKED_FOR, BOOKED_BY, CREATED_AT) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                    insert.setLong(1, room);
                    insert.setTimestamp(2, Timestamp.valueOf(starts));
                    insert.setTimestamp(3, Timestamp.valueOf(ends));
                    insert.setString(4, purpose);
                    insert.setString(5, bookedFor);
                    insert.setString(6, user);
                    insert.setTimestamp(7, Timestamp.from(clock.instant()));
                    insert.executeUpdate();
                    try (ResultSet keys = insert.getGeneratedKeys()) {
                        keys.next();
                        id = keys.getLong(1);
                    }
                }
                c.commit();
                return id;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    boolean cancel(long booking) throws SQLException {
        try (Connection c = dataSource.getConnection();
                PreparedStatement delete = c.prepareStatement("DELETE FROM SALLES_BOOKING WHERE ID = ?")) {
            delete.setLong(1, booking);
            return delete.executeUpdate() == 1;
        }
    }

    /** The booking {@code id}, when it exists. */
    java.util.Optional<Booking> booking(long id) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return query(c, "WHERE B.ID = ?", List.of(id)).stream().findFirst();
        }
    }

    /** Bookings of {@code room} (every room when null) starting in [from, to), in time order. */
    List<Booking> between(Long room, LocalDateTime from, LocalDateTime to) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return room == null
                    ? query(c, "WHERE B.STARTS_AT >= ? AND B.STARTS_AT < ?", List.of(Timestamp.valueOf(from), Timestamp.valueOf(to)))
                    : query(c, "WHERE B.ROOM_ID = ? AND B.STARTS_AT >= ? AND B.STARTS_AT < ?",
                            List.of(room, Timestamp.valueOf(from), Timestamp.valueOf(to)));
        }
    }

    private static List<Booking> query(Connection c, String where, List<Object> parameters) throws SQLException {
        try (PreparedStatement select = c.prepareStatement("SELECT " + BOOKING_COLUMNS
                + " FROM SALLES_BOOKING B JOIN SALLES_ROOM R ON R.ID = B.ROOM_ID " + where + " ORDER BY B.STARTS_AT, B.ID")) {
            for (int i = 0; i < parameters.size(); i++) {
                select.setObject(i + 1, parameters.get(i));
            }
            try (ResultSet rows = select.executeQuery()) {
                List<Booking> found = new ArrayList<>();
                while (rows.next()) {
                    found.add(new Booking(rows.getLong(1), rows.getLong(2), rows.getString(3),
                            rows.getTimestamp(4).toLocalDateTime(), rows.getTimestamp(5).toLocalDateTime(),
                            rows.getString(6), rows.getString(7), rows.getString(8)));
                }
                return found;
            }
        }
    }
}
