package be.imio.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SchemaMigratorTest {

    private static final Migration CREATE_MAIL = Migration.fromScript("V1__create_mail.sql",
            "-- the mail registry\nCREATE TABLE MAIL (\n  ID INTEGER NOT NULL PRIMARY KEY,\n  SUBJECT VARCHAR(200)\n);\n");
    private static final Migration ADD_SENDER = Migration.fromScript("V2__add_sender.sql",
            "ALTER TABLE MAIL ADD COLUMN SENDER VARCHAR(200);\nINSERT INTO MAIL (ID, SUBJECT, SENDER) VALUES (1, 'x', 'y');");

    private EmbeddedDataSource dataSource;
    private SchemaMigrator migrator;

    @BeforeEach
    void freshDatabase() {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        migrator = new SchemaMigrator(dataSource, Clock.systemUTC());
    }

    @Test
    void appliesMigrationsInVersionOrderAndRecordsThem() throws SQLException {
        assertEquals(2, migrator.migrate("mail", List.of(ADD_SENDER, CREATE_MAIL)));

        assertEquals(1, count("SELECT COUNT(*) FROM MAIL WHERE SENDER = 'y'"));
        assertEquals(2, count("SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'mail'"));
    }

    @Test
    void appliesOnlyWhatIsNew() throws SQLException {
        migrator.migrate("mail", List.of(CREATE_MAIL));

        assertEquals(0, migrator.migrate("mail", List.of(CREATE_MAIL)));
        assertEquals(1, migrator.migrate("mail", List.of(CREATE_MAIL, ADD_SENDER)));
        assertEquals(1, count("SELECT COUNT(*) FROM MAIL"));
    }

    @Test
    void keepsComponentsApart() throws SQLException {
        migrator.migrate("mail", List.of(CREATE_MAIL));

        Migration rooms = Migration.fromScript("V1__rooms.sql", "CREATE TABLE ROOMS_ROOM (ID INTEGER NOT NULL);");
        assertEquals(1, migrator.migrate("rooms", List.of(rooms)));
        assertEquals(1, count("SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'rooms'"));
    }

    @Test
    void aFailingMigrationChangesNothing() throws SQLException {
        migrator.migrate("mail", List.of(CREATE_MAIL));
        Migration broken = Migration.fromScript("V2__broken.sql",
                "CREATE TABLE MAIL_AUDIT (ID INTEGER);\nINSERT INTO MAIL_NO_SUCH_TABLE VALUES (1);");

        SQLException failure = assertThrows(SQLException.class,
                () -> migrator.migrate("mail", List.of(CREATE_MAIL, broken)));

        assertTrue(failure.getMessage().contains("V2 (broken) of 'mail' failed and was rolled back"), failure.getMessage());
        assertFalse(tableExists("MAIL_AUDIT"), "the first statement of the failed migration must be rolled back");
        assertEquals(1, count("SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'mail'"));
    }

    @Test
    void refusesAnAppliedScriptThatWasEdited() throws SQLException {
        migrator.migrate("mail", List.of(CREATE_MAIL));
        Migration edited = Migration.fromScript("V1__create_mail.sql", "CREATE TABLE MAIL (ID INTEGER);");

        SQLException failure = assertThrows(SQLException.class, () -> migrator.migrate("mail", List.of(edited)));

        assertTrue(failure.getMessage().contains("was changed after it was applied"), failure.getMessage());
    }

    @Test
    void aComponentTouchesOnlyItsOwnTables() throws SQLException {
        migrator.migrate("mail", List.of(CREATE_MAIL));

        for (String sql : new String[] {"ALTER TABLE MAIL ADD COLUMN ROOM INTEGER;",
                "CREATE TABLE ROOMS_BOOKING (ID INTEGER, MAIL_ID INTEGER REFERENCES MAIL (ID));",
                "INSERT INTO PLATFORM_INSTANCE (ID) VALUES ('x');", "CREATE INDEX MAIL_BY_ROOM ON ROOMS (ID);"}) {
            Migration foreign = Migration.fromScript("V1__foreign.sql", sql);
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> migrator.migrate("rooms", List.of(foreign)), sql);
            assertTrue(refused.getMessage().contains("is not its own") && refused.getMessage().contains("ROOMS_"),
                    refused.getMessage());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'rooms'"),
                "nothing of a refused component is applied");

        Migration own = Migration.fromScript("V1__rooms.sql", "CREATE TABLE ROOMS (ID INTEGER NOT NULL PRIMARY KEY);\n"
                + "CREATE TABLE ROOMS_BOOKING (ROOM_ID INTEGER REFERENCES ROOMS (ID) ON UPDATE RESTRICT, -- update MAIL too?\n"
                + "  NOTE VARCHAR(100));\nCREATE INDEX ROOMS_BOOKING_ROOM ON ROOMS_BOOKING (ROOM_ID);\n"
                + "INSERT INTO ROOMS_BOOKING (NOTE) VALUES ('update MAIL set nothing');");
        assertEquals(1, migrator.migrate("rooms", List.of(own)), "its own tables, whatever its texts and comments say");
    }

    @Test
    void refusesGapsInVersions() {
        Migration third = Migration.fromScript("V3__later.sql", "CREATE TABLE MAIL_LATER (ID INTEGER);");

        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> migrator.migrate("mail", List.of(CREATE_MAIL, third)));

        assertTrue(failure.getMessage().contains("found V3 at position 2"), failure.getMessage());
    }

    @Test
    void refusesBadlyNamedScripts() {
        IllegalArgumentException failure = assertThrows(IllegalArgumentException.class,
                () -> Migration.fromScript("create_mail.sql", "CREATE TABLE MAIL (ID INTEGER);"));

        assertTrue(failure.getMessage().contains("V<number>__<description>.sql"), failure.getMessage());
    }

    private int count(String sql) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }

    private boolean tableExists(String name) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             ResultSet tables = connection.getMetaData().getTables(null, null, name, null)) {
            return tables.next();
        }
    }
}
