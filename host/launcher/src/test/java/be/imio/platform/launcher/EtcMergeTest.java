package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EtcMergeTest {

    private static final PlatformVersion FROM = PlatformVersion.parse("0.1.0");
    private static final PlatformVersion TO = PlatformVersion.parse("0.2.0-SNAPSHOT");

    @TempDir
    Path tmp;

    private Path ours;
    private Path base;
    private Path theirs;

    @BeforeEach
    void folders() throws Exception {
        ours = Files.createDirectories(tmp.resolve("instance/etc"));
        base = Files.createDirectories(ours.resolve(InstanceVersion.DEFAULTS));
        theirs = Files.createDirectories(tmp.resolve("new/etc"));
    }

    private void write(Path folder, String name, String text) throws Exception {
        Files.createDirectories(folder.resolve(name).getParent());
        Files.writeString(folder.resolve(name), text, StandardCharsets.ISO_8859_1);
    }

    /** The same file in the base and the instance, and the new distribution's. */
    private void shipped(String name, String before, String after) throws Exception {
        write(base, name, before);
        write(ours, name, before);
        write(theirs, name, after);
    }

    private EtcMerge.Result merge() throws Exception {
        return new EtcMerge(ours, base, theirs, FROM, TO).merge();
    }

    private static String text(EtcMerge.Result result, String name) {
        byte[] bytes = result.files().get(name);
        return bytes == null ? null : new String(bytes, StandardCharsets.ISO_8859_1);
    }

    private static Properties values(EtcMerge.Result result, String name) throws Exception {
        Properties properties = new Properties();
        properties.load(new StringReader(text(result, name)));
        return properties;
    }

    @Test
    void whatTheCommuneSetIsKeptWhatItNeverTouchedFollowsTheNewDefaults() throws Exception {
        write(base, "be.imio.platform.host.cfg", "# The host.\nchannel = stable\npolicy = manual\nsyncIntervalSeconds = 300\n");
        write(ours, "be.imio.platform.host.cfg", "# The host.\nchannel = testing\npolicy = manual\nsyncIntervalSeconds = 300\n"
                + "\n# Set by local IT.\nmaintenanceWindow = 22:00-05:00\n");
        write(theirs, "be.imio.platform.host.cfg", "# The host, 0.2.\nchannel = stable\npolicy = manual\n"
                + "syncIntervalSeconds = 600\n\n# Whether /metrics answers.\nmetricsEnabled = true\n");

        EtcMerge.Result result = merge();

        Properties merged = values(result, "be.imio.platform.host.cfg");
        assertEquals("testing", merged.getProperty("channel"), "set by the commune");
        assertEquals("600", merged.getProperty("syncIntervalSeconds"), "a default never changed follows the new one");
        assertEquals("true", merged.getProperty("metricsEnabled"), "a new key gets its default");
        assertEquals("22:00-05:00", merged.getProperty("maintenanceWindow"), "a key the commune added");
        String text = text(result, "be.imio.platform.host.cfg");
        assertTrue(text.startsWith("# The host.\nchannel = testing\npolicy = manual\nsyncIntervalSeconds = 600\n\n"
                + "# Set by local IT.\nmaintenanceWindow = 22:00-05:00\n"), "the instance's layout and comments: " + text);
        assertTrue(text.endsWith("# Added by the upgrade from 0.1.0 to 0.2.0-SNAPSHOT (the new distribution's file:"
                + " etc/platform-defaults/be.imio.platform.host.cfg).\n# Whether /metrics answers.\nmetricsEnabled = true\n"), text);
        assertTrue(result.changes().contains("be.imio.platform.host.cfg: new setting metricsEnabled = true"), result.changes().toString());
    }

    @Test
    void aValueSetWhereTheDefaultChangedTooIsKeptAndSaid() throws Exception {
        write(base, "org.ops4j.pax.web.cfg", "org.osgi.service.http.port = 8181\n");
        write(ours, "org.ops4j.pax.web.cfg", "org.osgi.service.http.port = 9181\n");
        write(theirs, "org.ops4j.pax.web.cfg", "org.osgi.service.http.port = 8282\n");

        EtcMerge.Result result = merge();

        assertEquals("9181", values(result, "org.ops4j.pax.web.cfg").getProperty("org.osgi.service.http.port"));
        assertTrue(result.changes().contains("org.ops4j.pax.web.cfg: kept this instance's org.osgi.service.http.port = 9181"
                + " (the new default is 8282)"), result.changes().toString());
    }

    @Test
    void keysTheDistributionDropsGoUnlessTheCommuneChangedThem() throws Exception {
        write(base, "a.cfg", "old = 1\nalso = 2\nkept = x\n");
        write(ours, "a.cfg", "old = 1\nalso = 3\nkept = x\n");
        write(theirs, "a.cfg", "kept = x\n");

        Properties merged = values(merge(), "a.cfg");

        assertNull(merged.getProperty("old"));
        assertEquals("3", merged.getProperty("also"));
        assertEquals("x", merged.getProperty("kept"));
    }

    @Test
    void aKeyTheCommuneRemovedStaysRemoved() throws Exception {
        write(base, Instance.DATASOURCE_CFG, "osgi.jdbc.driver.name = derby\ndatabaseName = ${karaf.data}/derby/platform\n");
        write(ours, Instance.DATASOURCE_CFG, "osgi.jdbc.driver.name = PostgreSQL JDBC Driver\n"
                + "url = jdbc:postgresql://db:5432/imio\nuser = imio\npassword = s3cr\u00e8t\n");
        write(theirs, Instance.DATASOURCE_CFG, "osgi.jdbc.driver.name = derby\ndatabaseName = ${karaf.data}/derby/platform\n"
                + "pool = dbcp2\n");

        Properties merged = values(merge(), Instance.DATASOURCE_CFG);

        assertEquals("PostgreSQL JDBC Driver", merged.getProperty("osgi.jdbc.driver.name"));
        assertNull(merged.getProperty("databaseName"));
        assertEquals("jdbc:postgresql://db:5432/imio", merged.getProperty("url"));
        assertEquals("s3cr\u00e8t", merged.getProperty("password"));
        assertEquals("dbcp2", merged.getProperty("pool"));
    }

    @Test
    void bootFeaturesAreTheNewOnesWithTheInstancesRoleAndDriver() throws Exception {
        String before = "featuresRepositories = \\\n    mvn:org.apache.karaf.features/standard/4.4.10/xml/features, \\\n"
                + "    mvn:be.imio.platform/imio-platform-features/0.1.0/xml/features\n"
                + "featuresBoot = \\\n    scr/4.4.10, \\\n    imio-derby/0.1.0, \\\n    imio-platform/0.1.0\nautoRefresh=true\n";
        write(base, Instance.FEATURES_CFG, before);
        write(ours, Instance.FEATURES_CFG, before.replace("imio-derby/0.1.0", "imio-postgresql/0.1.0")
                .replace("imio-platform/0.1.0\n", "imio-platform/0.1.0, imio-host\n"));
        write(theirs, Instance.FEATURES_CFG, before.replace("4.4.10", "4.4.11").replace("0.1.0", "0.2.0.SNAPSHOT")
                .replace("features/0.2.0.SNAPSHOT", "features/0.2.0-SNAPSHOT"));

        Properties merged = values(merge(), Instance.FEATURES_CFG);

        assertEquals("scr/4.4.11, imio-platform/0.2.0.SNAPSHOT, imio-postgresql/0.2.0.SNAPSHOT, imio-host",
                merged.getProperty("featuresBoot"));
        assertEquals("mvn:org.apache.karaf.features/standard/4.4.11/xml/features, "
                + "mvn:be.imio.platform/imio-platform-features/0.2.0-SNAPSHOT/xml/features",
                merged.getProperty("featuresRepositories"));
        assertEquals("true", merged.getProperty("autoRefresh"));
    }

    @Test
    void karafsOwnFilesAreTheNewDistributionsAccountsAreNeverTouched() throws Exception {
        shipped("startup.properties", "mvn\\:org.apache.felix/felix/7.0.5 = 1\nmvn\\:old/gone/1.0 = 5\n",
                "mvn\\:org.apache.felix/felix/7.0.6 = 1\n");
        write(base, Instance.USERS, "# no accounts\n");
        write(ours, Instance.USERS, "# no accounts\nadmin = {CRYPT}abc{CRYPT},_g_:admingroup\n");
        write(theirs, Instance.USERS, "# no accounts, 0.2\n");

        EtcMerge.Result result = merge();

        assertEquals("mvn\\:org.apache.felix/felix/7.0.6 = 1\n", text(result, "startup.properties"));
        assertArrayEquals(Files.readAllBytes(ours.resolve(Instance.USERS)), result.files().get(Instance.USERS));
    }

    @Test
    void aSymbolicLinkLocalItMadeStaysALink() throws Exception {
        Path shared = Files.writeString(tmp.resolve("shared-web.cfg"), "org.osgi.service.http.port = 9000\n");
        write(base, Instance.WEB_CFG, "org.osgi.service.http.port = 8181\n");
        write(theirs, Instance.WEB_CFG, "org.osgi.service.http.port = 8181\nnew = 1\n");
        Files.createSymbolicLink(ours.resolve(Instance.WEB_CFG), shared);

        EtcMerge.Result result = merge();
        Path target = tmp.resolve("merged");
        EtcMerge.write(result, target);

        assertTrue(Files.isSymbolicLink(target.resolve(Instance.WEB_CFG)));
        assertEquals(shared, Files.readSymbolicLink(target.resolve(Instance.WEB_CFG)));
    }

    @Test
    void filesAddedRemovedOrEditedByTheCommune() throws Exception {
        write(ours, "be.imio.platform.salles.cfg", "opens = 07:30\n");
        write(base, "jmx.acl.cfg", "list = viewer\n");
        write(theirs, "jmx.acl.cfg", "list = viewer, admin\n");
        shipped("shell.init.script", "// 0.1\n", "// 0.2\n");
        write(ours, "shell.init.script", "// 0.1, edited here\n");
        write(theirs, "org.ops4j.pax.logging.cfg", "log4j2.appender.rolling.strategy.max = 10\n");
        write(base, "gone.cfg", "x = 1\n");
        write(ours, "gone.cfg", "x = 1\n");

        EtcMerge.Result result = merge();

        assertEquals("opens = 07:30\n", text(result, "be.imio.platform.salles.cfg"));
        assertFalse(result.files().containsKey("jmx.acl.cfg"), "removed from this instance: stays removed");
        assertEquals("// 0.1, edited here\n", text(result, "shell.init.script"));
        assertEquals("log4j2.appender.rolling.strategy.max = 10\n", text(result, "org.ops4j.pax.logging.cfg"));
        assertFalse(result.files().containsKey("gone.cfg"), "no longer shipped and never changed");
        assertTrue(result.changes().contains("shell.init.script: changed in this instance, kept; the new distribution's"
                + " is in etc/platform-defaults/shell.init.script"), result.changes().toString());
        assertFalse(result.files().keySet().stream().anyMatch(n -> n.startsWith(InstanceVersion.DEFAULTS)));
    }
}
