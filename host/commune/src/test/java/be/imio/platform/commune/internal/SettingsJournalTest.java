package be.imio.platform.commune.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Hashtable;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** What the activity says of a settings change made outside the console. */
class SettingsJournalTest {

    @Test
    void namesWhatChangedInOrderAndNeverASecretsValue() {
        assertEquals("channel: stable → testing; hostToken: (secret modifié / secret changed); repositoryUrl: "
                + "https://depot.imio.be → http://mirror.example", SettingsJournal.changes(
                        Map.of("repositoryUrl", "https://depot.imio.be", "channel", "stable", "hostToken", "old-secret"),
                        Map.of("repositoryUrl", "http://mirror.example", "channel", "testing", "hostToken", "new-secret")));
        assertEquals("maintenanceWindow:  → 22:00-05:00", SettingsJournal.changes(Map.of(),
                Map.of("maintenanceWindow", "22:00-05:00")));
        assertEquals("", SettingsJournal.changes(Map.of("channel", "stable"), Map.of("channel", "stable")));
        // Jetty's TLS settings, the shell's: no password, token or secret is ever written.
        assertEquals("org.ops4j.pax.web.ssl.keystore.password: (secret modifié / secret changed)",
                SettingsJournal.changes(Map.of("org.ops4j.pax.web.ssl.keystore.password", "a"),
                        Map.of("org.ops4j.pax.web.ssl.keystore.password", "b")));
        assertEquals("apiToken: (secret modifié / secret changed); sshHost: 127.0.0.1 → 0.0.0.0",
                SettingsJournal.changes(Map.of("sshHost", "127.0.0.1"), Map.of("sshHost", "0.0.0.0", "apiToken", "x")));
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
    void neverWritesThePasswordOfAUrl() {
        assertEquals("org.ops4j.pax.url.mvn.repositories: https://repo1.maven.org/maven2@id=central → "
                + "https://***@evil.example/m2@id=x, http://***@other.example",
                SettingsJournal.changes(Map.of("org.ops4j.pax.url.mvn.repositories", "https://repo1.maven.org/maven2@id=central"),
                        Map.of("org.ops4j.pax.url.mvn.repositories",
                                "https://user:s3cret@evil.example/m2@id=x, http://tok@other.example")));
        assertEquals("jdbc:derby:data/platform", SettingsJournal.withoutUserInfo("jdbc:derby:data/platform"));
    }
}
