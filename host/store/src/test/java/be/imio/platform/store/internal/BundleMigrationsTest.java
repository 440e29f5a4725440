package be.imio.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import java.util.Vector;

import javax.sql.DataSource;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.Bundle;

class BundleMigrationsTest {

    @TempDir
    Path data;

    /** A bundle at {@code location} whose {@code db/} holds {@code scripts} (path under db/ to text). */
    private Bundle bundle(String symbolicName, String location, Map<String, String> scripts) throws IOException {
        Path root = Files.createTempDirectory(data, "bundle");
        for (Map.Entry<String, String> script : scripts.entrySet()) {
            Path file = root.resolve("db").resolve(script.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, script.getValue());
        }
        return (Bundle) Proxy.newProxyInstance(BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    case "getLocation" -> location;
                    case "findEntries" -> {
                        Path folder = root.resolve((String) args[0]);
                        if (!Files.isDirectory(folder)) {
                            yield null;
                        }
                        Vector<URL> found = new Vector<>();
                        try (var files = Files.list(folder)) {
                            for (Path file : (Iterable<Path>) files.sorted()::iterator) {
                                found.add(file.toUri().toURL());
                            }
                        }
                        yield found.elements();
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Bundle bundle(String symbolicName) throws IOException {
        return bundle(symbolicName, "mvn:be.imio.platform/imio-platform-x/0.1.0", Map.of());
    }

    /** A bundle of module GROUP:ARTIFACT, installed from the verified cache. */
    private Bundle module(String group, String artifact, Map<String, String> scripts) throws IOException {
        Files.createDirectories(verified().resolve(group.replace('.', '/')).resolve(artifact).resolve("1.0.0"));
        return bundle(group + "." + artifact, "mvn:" + group + "/" + artifact + "/1.0.0", scripts);
    }

    private Path verified() {
        return data.resolve("host/verified");
    }

    /** A database no test here may reach: every refusal happens before a connection is asked for. */
    private static final DataSource UNREACHABLE = (DataSource) Proxy.newProxyInstance(
            BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the database was reached: " + method.getName());
            });

    private static EmbeddedDataSource database() {
        EmbeddedDataSource dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        return dataSource;
    }

    private static final String COURRIER_V1 = "CREATE TABLE COURRIER_MAIL (ID INTEGER NOT NULL PRIMARY KEY, SUBJECT"
            + " VARCHAR(200));\nCREATE INDEX COURRIER_MAIL_SUBJECT ON COURRIER_MAIL (SUBJECT);\n";

    @Test
    void aModuleCannotMigrateThePlatformsSchemas() throws Exception {
        BundleMigrations migrations = new BundleMigrations(UNREACHABLE, verified());
        for (String component : BundleMigrations.PLATFORM_COMPONENTS.keySet()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> migrations.migrate(bundle("aa.evil.wipe"), component), component);
            assertTrue(refused.getMessage().contains("aa.evil.wipe"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> migrations.migrate(bundle("be.imio.platform.commune"),
                "repository"), "one platform bundle may not change another's schema");
    }

    @Test
    void aModuleMigratesItsOwnSchemaOnlyNeverAnotherModules() throws Exception {
        EmbeddedDataSource database = database();
        BundleMigrations migrations = new BundleMigrations(database, verified());
        Bundle courrier = module("be.imio.platform", "courrier", Map.of("courrier/V1__mail.sql", COURRIER_V1));
        assertEquals(1, migrations.migrate(courrier, "courrier"));

        // The review's attack: another module ships courrier's V1 byte for byte and a V2 that drops its table.
        Bundle evil = module("aa.evil", "mig2", Map.of("courrier/V1__mail.sql", COURRIER_V1,
                "courrier/V2__drop.sql", "DROP TABLE COURRIER_MAIL;\n"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> migrations.migrate(evil, "courrier"));
        assertEquals("the bundle aa.evil.mig2 of module aa.evil:mig2 may migrate its own schema 'mig2' only, not"
                + " 'courrier'", refused.getMessage());
        assertEquals(1, count(database, "SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'courrier'"));
        assertEquals(0, count(database, "SELECT COUNT(*) FROM COURRIER_MAIL"), "courrier's table is still there");

        // Another group's module of the same name is refused by the host and the repository; one of
        // another artifact in the same group is another module all the same.
        Bundle sibling = module("be.imio.platform", "salles", Map.of("courrier/V2__x.sql", "DROP TABLE COURRIER_MAIL;"));
        assertThrows(IllegalArgumentException.class, () -> migrations.migrate(sibling, "courrier"));
    }

    @Test
    void aModulesScriptThatDropsIsRefusedAndItsSchemaStaysWhereItWas() throws Exception {
        EmbeddedDataSource database = database();
        BundleMigrations migrations = new BundleMigrations(database, verified());
        String v1 = "CREATE TABLE SNOOP_NOTE (ID INTEGER NOT NULL, TEXT VARCHAR(100));\n";
        String v2 = "ALTER TABLE SNOOP_NOTE ADD COLUMN SEEN DATE;\nINSERT INTO SNOOP_NOTE (ID, TEXT) VALUES (1, 'kept');\n";
        assertEquals(2, migrations.migrate(module("be.imio.solutions", "snoop", Map.of("snoop/V1__notes.sql", v1,
                "snoop/V2__seen.sql", v2)), "snoop"));
        for (String drop : new String[] {"DROP TABLE SNOOP_NOTE;", "drop table SNOOP_NOTE;", "/* x */ DROP TABLE SNOOP_NOTE;",
                "  Drop\ttable SNOOP_NOTE;", "-- only a comment\nDROP TABLE SNOOP_NOTE;", "/* a\n; b */ dRoP /**/ TABLE SNOOP_NOTE;",
                "CREATE TABLE SNOOP_X (ID INTEGER);\nDROP TABLE SNOOP_NOTE;",
                "CREATE TABLE SNOOP_Y (ID INTEGER); DROP TABLE SNOOP_NOTE;"}) {
            Bundle release = module("be.imio.solutions", "snoop", Map.of("snoop/V1__notes.sql", v1,
                    "snoop/V2__seen.sql", v2, "snoop/V3__drop.sql", drop));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> migrations.migrate(release, "snoop"), drop);
            assertTrue(refused.getMessage().startsWith("schema migration V3 (drop) of 'snoop' may only add"),
                    refused.getMessage());
            assertEquals(2, count(database, "SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'snoop'"),
                    "still at V2: " + drop);
            assertEquals(1, count(database, "SELECT COUNT(*) FROM SNOOP_NOTE"), drop);
            assertEquals(0, count(database, "SELECT COUNT(*) FROM SYS.SYSTABLES WHERE TABLENAME LIKE 'SNOOP_X%'"
                    + " OR TABLENAME = 'SNOOP_Y'"), "nothing of the script ran: " + drop);
        }
        assertEquals(1, migrations.migrate(module("be.imio.solutions", "snoop", Map.of("snoop/V1__notes.sql", v1,
                "snoop/V2__seen.sql", v2, "snoop/V3__more.sql", "CREATE TABLE SNOOP_TAG (ID INTEGER);")), "snoop"),
                "a script that only adds runs");
    }

    @Test
    void aModuleNamedAfterThePlatformsTablesIsRefusedBeforeItsScriptsRun() throws Exception {
        BundleMigrations migrations = new BundleMigrations(UNREACHABLE, verified());
        // The review's modules: their schemas' prefixes are the host's journal and the migrations' history.
        for (String[] attack : new String[][] {
            {"host-operation", "INSERT INTO HOST_OPERATION (MODULE) VALUES ('courrier');"},
            {"platform-schema-history", "INSERT INTO PLATFORM_SCHEMA_HISTORY (COMPONENT) VALUES ('courrier');"},
            {"repository-release", "INSERT INTO REPOSITORY_RELEASE (PATH) VALUES ('x');"},
            {"store", "CREATE TABLE STORE_X (ID INTEGER);"}}) {
            Bundle evil = module("aa.evil", attack[0], Map.of(attack[0] + "/V1__init.sql", attack[1]));
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> migrations.migrate(evil, attack[0]), attack[0]);
            assertTrue(refused.getMessage().startsWith("the schema '" + attack[0] + "' of module aa.evil:" + attack[0]
                    + " has a name reserved to the platform"), refused.getMessage());
        }
    }

    @Test
    void aModuleWhoseTablesMeetAnotherModulesIsRefusedAndTheOtherKeepsItsData() throws Exception {
        EmbeddedDataSource database = database();
        BundleMigrations migrations = new BundleMigrations(database, verified());
        assertEquals(1, migrations.migrate(module("be.imio.platform", "courrier",
                Map.of("courrier/V1__mail.sql", COURRIER_V1)), "courrier"));
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO COURRIER_MAIL (ID, SUBJECT) VALUES (1, 'registered by staff')");
        }
        // The review's attack: courrier-mail owns COURRIER_MAIL, courrier's own table.
        Bundle evil = module("aa.evil", "courrier-mail", Map.of("courrier-mail/V1__init.sql",
                "INSERT INTO COURRIER_MAIL (ID, SUBJECT) VALUES (777, 'Ecrit par le module aa.evil:courrier-mail');"));
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> migrations.migrate(evil, "courrier-mail"));
        assertTrue(refused.getMessage().startsWith("the schema 'courrier-mail' (tables COURRIER_MAIL_...) would share"
                + " tables with the schema 'courrier'"), refused.getMessage());
        assertEquals(1, count(database, "SELECT COUNT(*) FROM COURRIER_MAIL"), "courrier's data unchanged");
        assertEquals(0, count(database, "SELECT COUNT(*) FROM PLATFORM_SCHEMA_HISTORY WHERE COMPONENT = 'courrier-mail'"));

        // A deeper name, and the other way round: a shorter name owning every table of one already there.
        for (String name : new String[] {"courrier-mail-archive", "courrier-x"}) {
            Bundle deeper = module("aa.evil", name, Map.of(name + "/V1__init.sql",
                    "CREATE TABLE " + name.toUpperCase().replace('-', '_') + "_T (ID INTEGER);"));
            assertThrows(IllegalArgumentException.class, () -> migrations.migrate(deeper, name), name);
        }
        EmbeddedDataSource other = database();
        BundleMigrations second = new BundleMigrations(other, verified());
        assertEquals(1, second.migrate(module("aa.evil", "courrier-mail", Map.of("courrier-mail/V1__init.sql",
                "CREATE TABLE COURRIER_MAIL_X (ID INTEGER);")), "courrier-mail"));
        IllegalArgumentException shorter = assertThrows(IllegalArgumentException.class, () -> second.migrate(
                module("be.imio.platform", "courrier", Map.of("courrier/V1__mail.sql", COURRIER_V1)), "courrier"));
        assertTrue(shorter.getMessage().contains("'courrier-mail'"), shorter.getMessage());
        assertEquals(0, count(other, "SELECT COUNT(*) FROM SYS.SYSTABLES WHERE TABLENAME = 'COURRIER_MAIL'"));

        // Names that only share letters are other prefixes; a module without scripts touches nothing.
        assertEquals(1, migrations.migrate(module("aa.evil", "courriers", Map.of("courriers/V1__init.sql",
                "CREATE TABLE COURRIERS_T (ID INTEGER);")), "courriers"));
        assertEquals(0, migrations.migrate(module("aa.evil", "courrier-y", Map.of()), "courrier-y"));
        // The first module migrates on as before.
        assertEquals(1, migrations.migrate(module("be.imio.platform", "courrier", Map.of("courrier/V1__mail.sql",
                COURRIER_V1, "courrier/V2__more.sql", "CREATE TABLE COURRIER_TAG (ID INTEGER);")), "courrier"));
    }

    @Test
    void thePlatformsOwnBundlesKeepTheirRules() throws Exception {
        EmbeddedDataSource database = database();
        BundleMigrations migrations = new BundleMigrations(database, verified());
        Bundle platform = bundle("be.imio.platform.commune", "mvn:be.imio.platform/imio-platform-commune/0.1.0",
                Map.of("host/V1__a.sql", "CREATE TABLE HOST_A (ID INTEGER);", "host/V2__b.sql", "DROP TABLE HOST_A;"));
        assertEquals(2, migrations.migrate(platform, "host"), "not a module: not held to adding only");
    }

    private static int count(DataSource database, String sql) throws SQLException {
        try (Connection connection = database.getConnection(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getInt(1);
        }
    }
}
