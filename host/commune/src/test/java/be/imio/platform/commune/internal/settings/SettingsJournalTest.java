package be.imio.platform.commune.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** What the activity says of a settings change made outside the console. */
class SettingsJournalTest {

    @Test
    void namesWhatChangedInOrderAndNeverASecretsValue() {
        assertEquals("channel: stable → testing; hostToken: *** → ***; repositoryUrl: "
                + "https://depot.imio.be → http://mirror.example", SettingsText.changes(
                        Map.of("repositoryUrl", "https://depot.imio.be", "channel", "stable", "hostToken", "old-secret"),
                        Map.of("repositoryUrl", "http://mirror.example", "channel", "testing", "hostToken", "new-secret")));
        assertEquals("maintenanceWindow:  → 22:00-05:00", SettingsText.changes(Map.of(),
                Map.of("maintenanceWindow", "22:00-05:00")));
        assertEquals("", SettingsText.changes(Map.of("channel", "stable"), Map.of("channel", "stable")));
        // Jetty's TLS settings, the shell's: no password, token or secret is ever written.
        assertEquals("org.ops4j.pax.web.ssl.keystore.password: *** → ***",
                SettingsText.changes(Map.of("org.ops4j.pax.web.ssl.keystore.password", "a"),
                        Map.of("org.ops4j.pax.web.ssl.keystore.password", "b")));
        assertEquals("apiToken: *** → ***; sshHost: 127.0.0.1 → 0.0.0.0",
                SettingsText.changes(Map.of("sshHost", "127.0.0.1"), Map.of("sshHost", "0.0.0.0", "apiToken", "x")));
    }

    @Test
    void readsSettingsAsTextWithoutTheKeysConfigurationAdminAdds() {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put("service.pid", HostConfig.PID);
        properties.put("felix.fileinstall.filename", "file:/srv/imio/etc/be.imio.platform.host.cfg");
        properties.put("syncIntervalSeconds", 240);
        properties.put("channel", " testing ");
        assertEquals(Map.of("syncIntervalSeconds", "240", "channel", "testing"), SettingsJournal.settingsOf(properties));
        assertEquals(Map.of(), SettingsJournal.settingsOf(null));
    }

    @Test
    void watchesWhatDecidesWhoReachesTheInstanceAndWhereItsCodeComesFrom() {
        for (String pid : new String[] {HostConfig.PID, "be.imio.platform.web", "org.ops4j.pax.url.mvn",
                "org.apache.karaf.features", "org.apache.karaf.features.repos", "org.apache.karaf.kar",
                "org.apache.karaf.command.acl.bundle", "jmx.acl.org.apache.karaf.config", "jmx.acl"}) {
            assertTrue(SettingsJournal.watched(pid, null), pid);
        }
        assertTrue(SettingsJournal.watched("org.apache.felix.fileinstall~deploy", "org.apache.felix.fileinstall"));
        assertTrue(SettingsJournal.watched("org.ops4j.datasource~platform", "org.ops4j.datasource"));
        // A module's own configuration, and Karaf's that decide nothing of the kind: not journalled here.
        assertFalse(SettingsJournal.watched("be.imio.solutions.courrier", null));
        assertFalse(SettingsJournal.watched("org.apache.felix.eventadmin.impl.EventAdmin", null));
        assertFalse(SettingsJournal.watched("be.imio.solutions.courrier~x", "be.imio.solutions.courrier"));
    }

    @Test
    void neverWritesASecretCarriedInAValue() {
        assertEquals("org.ops4j.pax.url.mvn.repositories: https://repo1.maven.org/maven2@id=central → "
                + "https://***@evil.example/m2@id=x, http://***@other.example",
                SettingsText.changes(Map.of("org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central"),
                        Map.of("org.ops4j.pax.url.mvn.repositories",
                                "https://user:s3cret@evil.example/m2@id=x, http://tok@other.example")));
        // A password with an @ in it, a JDBC URL's password, a query's token.
        assertEquals("https://***@repo.example/m2", SettingsText.withoutSecrets("https://fleet:P@ssw0rd-Xy@repo.example/m2"));
        assertEquals("jdbc:derby:data/platform;user=app;password=***",
                SettingsText.withoutSecrets("jdbc:derby:data/platform;user=app;password=DerbyS3cret"));
        assertEquals("jdbc:postgresql://db/imio?user=u&password=***&ssl=true",
                SettingsText.withoutSecrets("jdbc:postgresql://db/imio?user=u&password=Pg5ecret&ssl=true"));
        assertEquals("https://x.example/?access_token=***", SettingsText.withoutSecrets("https://x.example/?access_token=abc"));
        assertEquals("jdbc:derby:data/platform", SettingsText.withoutSecrets("jdbc:derby:data/platform"));
        // More ways of carrying a secret: Oracle's user/password@, a password with a space, ODBC braces, other key words.
        assertEquals("jdbc:oracle:thin:scott/***@db.example:1521/imio",
                SettingsText.withoutSecrets("jdbc:oracle:thin:scott/tiger@db.example:1521/imio"));
        assertEquals("jdbc:x:y;password=***;user=app", SettingsText.withoutSecrets("jdbc:x:y;password=two words;user=app"));
        assertEquals("Driver=x;Pwd=***;Server=db", SettingsText.withoutSecrets("Driver=x;Pwd={a;b};Server=db"));
        assertEquals("https://x.example/?apikey=***&q=1", SettingsText.withoutSecrets("https://x.example/?apikey=k&q=1"));
        for (String key : new String[] {"passphrase", "apiKey", "credentials", "Authorization", "db.pwd", "sshPrivateKey"}) {
            assertTrue(SettingsText.secret(key), key);
        }
        assertFalse(SettingsText.secret("sshHost"));
        // Remembered on disk without the secret, yet a change of the secret alone still shows.
        Map<String, String> one = SettingsText.masked(Map.of("url", "jdbc:derby:x;password=one"));
        Map<String, String> two = SettingsText.masked(Map.of("url", "jdbc:derby:x;password=two"));
        assertFalse(one.toString().contains("one") && !one.toString().contains("SHA-256"), one.toString());
        assertFalse(one.get("url").contains("=one"), one.toString());
        assertFalse(one.equals(two), "the change shows");
    }

    @Test
    void accountsAndKeysShowTheirRolesNeverTheirCredentials(@org.junit.jupiter.api.io.TempDir java.nio.file.Path etc)
            throws Exception {
        java.nio.file.Files.writeString(etc.resolve("users.properties"), "admin = {CRYPT}abc{CRYPT},_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer\n");
        Map<String, String> users = EtcFiles.read(etc, "users.properties");
        assertEquals("_g_:admingroup", users.get("admin"));
        assertEquals("admin,manager,viewer", users.get("_g_:admingroup"));
        java.nio.file.Files.writeString(etc.resolve("users.properties"), "admin = {CRYPT}new{CRYPT},_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer\nevil = {CRYPT}x{CRYPT},_g_:admingroup\n");
        String changes = SettingsText.changes(users, EtcFiles.read(etc, "users.properties"));
        assertEquals("admin (secret): *** → ***; evil:  → _g_:admingroup; evil (secret):"
                + " *** → ***", changes);
        assertFalse(changes.contains("CRYPT"), changes);
        // A file that is not a properties file: its digest.
        java.nio.file.Files.writeString(etc.resolve("org.apache.karaf.features.xml"), "<featuresProcessing/>");
        assertEquals(Set.of("SHA-256"), EtcFiles.read(etc, "org.apache.karaf.features.xml").keySet());
        assertEquals(Map.of(), EtcFiles.read(etc, "keys.properties"), "no file, no settings");
    }
}
