package be.imio.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

class AdditiveSqlTest {

    private static String refusal(String statement) {
        return AdditiveSql.refusal(AdditiveSql.normalise(statement));
    }

    @Test
    void statementsThatOnlyAddPass() {
        for (String sql : List.of("CREATE TABLE X_A (ID INTEGER NOT NULL PRIMARY KEY, NAME VARCHAR(10) UNIQUE)",
                "create table X_B (ID BIGINT GENERATED ALWAYS AS IDENTITY, A_ID BIGINT REFERENCES X_A (ID) ON DELETE"
                        + " CASCADE ON UPDATE RESTRICT)",
                "CREATE UNIQUE INDEX X_I ON X_A (NAME)", "CREATE INDEX X_J ON X_A (NAME, ID)",
                "CREATE SEQUENCE X_SEQ", "INSERT INTO X_A (ID, NAME) VALUES (1, 'DROP TABLE X_A; -- not SQL')",
                "ALTER TABLE X_A ADD COLUMN SEEN DATE", "alter table X_A add SEEN_BY varchar(100)",
                "ALTER TABLE X_A ADD COLUMN STATE VARCHAR(10) NOT NULL DEFAULT 'new'",
                "ALTER TABLE X_A ADD COLUMN LOCATION VARCHAR(10) -- where DROP would be a comment",
                "ALTER TABLE X_A ADD COLUMN UPDATED_AT TIMESTAMP", "CREATE TABLE \"X_Q\" (\"DROP\" INTEGER)")) {
            assertNull(refusal(sql), sql);
        }
    }

    @Test
    void statementsThatRemoveOrNarrowAreRefusedHoweverWritten() {
        for (String sql : List.of("DROP TABLE X_A", "drop table X_A", "/* x */ DROP TABLE X_A", "  Drop\ttable X_A",
                "DROP INDEX X_I", "DROP SEQUENCE X_SEQ", "DROP VIEW X_V", "TRUNCATE TABLE X_A", "RENAME TABLE X_A TO X_B",
                "RENAME COLUMN X_A.ID TO OLD", "DELETE FROM X_A", "DELETE FROM X_A WHERE ID = 1",
                "UPDATE X_A SET NAME = NULL", "update X_A set NAME = 'x' where ID = 1",
                "ALTER TABLE X_A DROP COLUMN NAME", "ALTER TABLE X_A ALTER COLUMN NAME SET DATA TYPE VARCHAR(2)",
                "ALTER TABLE X_A ADD COLUMN B INTEGER, DROP COLUMN NAME", "ALTER TABLE X_A ADD B INT, ALTER NAME TYPE CHAR(1)",
                "ALTER TABLE X_A ADD C INT, ALTER NAME SET NOT NULL", "ALTER TABLE X_A ADD CONSTRAINT X_U UNIQUE (NAME)",
                "ALTER TABLE X_A ADD PRIMARY KEY (ID)", "ALTER TABLE X_A ADD COLUMN D INTEGER NOT NULL",
                "ALTER TABLE X_A ADD COLUMN E INTEGER UNIQUE", "ALTER TABLE X_A ADD COLUMN F INTEGER CHECK (F > 0)",
                "ALTER TABLE X_A ADD COLUMN G INTEGER REFERENCES X_B (ID)", "ALTER TABLE X_A RENAME TO X_Z",
                "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('a', 'b')", "CREATE TRIGGER X_T AFTER INSERT ON X_A"
                        + " FOR EACH ROW DELETE FROM X_B", "CREATE PROCEDURE X_P() LANGUAGE JAVA",
                "CREATE FUNCTION X_F() RETURNS INT", "GRANT SELECT ON X_A TO PUBLIC", "REVOKE SELECT ON X_A FROM PUBLIC",
                "SET SCHEMA OTHER", "LOCK TABLE X_A IN EXCLUSIVE MODE", "MERGE INTO X_A USING X_B ON 1=1",
                "INSERT INTO X_A VALUES (1); DROP TABLE X_B", "INSERT INTO X_A (ID) VALUES (2) ON CONFLICT DO UPDATE"
                        + " SET ID = 3", "CREATE VIEW X_V AS SELECT * FROM X_A", "SELECT 1 FROM X_A",
                "/* DROP */ CREATE TABLE X_C (ID INT); DELETE FROM X_A", "DR/**/OP TABLE X_A")) {
            assertNotNull(refusal(sql), sql);
        }
    }

    @Test
    void commentsAndQuotesNeitherHideNorFakeAKeyword() {
        assertEquals("DROP TABLE X_A", AdditiveSql.normalise("/* x */ Drop\n  table -- y\n X_A"));
        assertEquals("INSERT INTO X_A VALUES ('')", AdditiveSql.normalise("insert into X_A values ('it''s; DROP')"));
        assertEquals("CREATE TABLE \"\" (ID INT)", AdditiveSql.normalise("create table \"x\"\"y\" (ID INT)"));
    }

    @Test
    void theSolutionsOwnScriptsOnlyAdd() throws IOException {
        Path plugins = Path.of("../../plugins");
        try (Stream<Path> files = Files.walk(plugins)) {
            List<Path> scripts = files.filter(f -> f.toString().contains("/src/") && !f.toString().contains("/target/")
                    && f.toString().contains("/db/") && f.toString().endsWith(".sql")).toList();
            // The three solutions' two releases each, and the archetype's first script.
            assertEquals(7, scripts.size(), scripts.toString());
            for (Path script : scripts) {
                String text = Files.readString(script);
                if (script.toString().contains("archetype-resources")) {
                    // A Velocity template: its directives and the module's table prefix filled in as generation does.
                    text = text.replaceAll("(?m)^#set.*\\R", "").replace("${prefix}", "ETAT_CIVIL");
                }
                AdditiveSql.check("x", Migration.fromScript(script.getFileName().toString(), text));
            }
        }
    }
}
