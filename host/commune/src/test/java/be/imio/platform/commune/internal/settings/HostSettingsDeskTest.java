package be.imio.platform.commune.internal.settings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

import be.imio.platform.api.Texts;
import be.imio.platform.commune.api.ActivityFilter;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.ledger.HostSchema;

/** The host's settings as staff change them: checked whole, saved with their row in the activity, or not at all. */
class HostSettingsDeskTest {

    @TempDir
    Path folder;

    private HostSchema schema;
    private ModuleLedger ledger;
    /** What ConfigurationAdmin holds for the host's PID: null until something is saved. */
    private Dictionary<String, Object> stored;
    private boolean failUpdates;
    private HostSettingsDesk desk;

    @BeforeEach
    void start() throws Exception {
        schema = new HostSchema(folder);
        ledger = new ModuleLedger(schema.dataSource);
        HostSettings running = new HostSettings();
        running.configure((HostConfig) Proxy.newProxyInstance(HostConfig.class.getClassLoader(),
                new Class<?>[] {HostConfig.class}, (proxy, method, args) -> method.getDefaultValue()));
        desk = new HostSettingsDesk(configurationAdmin(), folder, running, ledger);
    }

    @AfterEach
    void stop() {
        schema.close();
    }

    private static Map<String, String> good() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(HostSettingsService.REPOSITORY_URL, "https://depot.imio.be");
        values.put(HostSettingsService.ROOT_FINGERPRINT, "ab".repeat(32));
        values.put(HostSettingsService.CHANNEL, "testing");
        values.put(HostSettingsService.POLICY, "automatic");
        values.put(HostSettingsService.MAINTENANCE_WINDOW, "02:00-05:00");
        values.put(HostSettingsService.SYNC_INTERVAL_SECONDS, "300");
        return values;
    }

    private static Map<String, String> with(String field, String value) {
        Map<String, String> values = good();
        values.put(field, value);
        return values;
    }

    @Test
    void eachSettingIsCheckedAgainstWhatItExpects() {
        assertEquals(Map.of(), desk.check(good()));
        assertEquals(Map.of(), desk.check(with(HostSettingsService.REPOSITORY_URL, "")), "empty: none yet");
        assertEquals(Map.of(), desk.check(with(HostSettingsService.MAINTENANCE_WINDOW, "")), "empty: any time");
        Map<String, List<String>> bad = Map.of(
                HostSettingsService.REPOSITORY_URL, List.of("ftp://depot.imio.be", "https://user:pw@depot.imio.be",
                        "depot.imio.be", "https://"),
                HostSettingsService.ROOT_FINGERPRINT, List.of("ab".repeat(31), "AB".repeat(32), "zz".repeat(32)),
                HostSettingsService.CHANNEL, List.of("beta", "", "Stable"),
                HostSettingsService.POLICY, List.of("never", ""),
                HostSettingsService.MAINTENANCE_WINDOW, List.of("25:00-03:00", "02:00", "tonight"),
                HostSettingsService.SYNC_INTERVAL_SECONDS, List.of("29", "86401", "abc", "", "-300"));
        bad.forEach((field, values) -> values.forEach(value -> assertEquals(Map.of(field, "setting." + field),
                desk.check(with(field, value)), field + "=" + value)));
        Texts engine = Texts.of(getClass().getClassLoader(), "engine");
        for (String field : HostSettingsService.FIELDS) {
            assertFalse(engine.get(Texts.GERMAN, "setting." + field).equals("setting." + field), field + " has words");
        }
    }

    @Test
    void aChangeIsSavedAsTextWithItsRowInTheActivity() throws Exception {
        String changed = desk.change(good(), "directrice", "192.0.2.7");
        assertTrue(changed.contains("channel: stable → testing") && changed.contains("policy: manual → automatic"), changed);
        assertEquals("testing", stored.get("channel"), "saved as text, as a person writes the file");
        assertEquals("300", stored.get("syncIntervalSeconds"));
        List<Operation> rows = ledger.activity(new ActivityFilter(null, null, null, null, null), 10);
        assertEquals(1, rows.size());
        assertEquals(Operation.Action.SETTINGS, rows.get(0).action());
        assertEquals("directrice", rows.get(0).requestedBy());
        assertEquals("192.0.2.7", rows.get(0).requestedFrom());
        assertEquals(changed, rows.get(0).reason());
        assertTrue(desk.savedHere(SettingsJournal.settingsOf(stored)), "the journal of outside changes skips it");
        assertFalse(desk.savedHere(SettingsJournal.settingsOf(stored)), "once");
        assertEquals("testing", desk.values().get("channel"), "read back from ConfigurationAdmin");
        assertEquals("", desk.change(good(), "directrice", "192.0.2.7"), "the same again changes nothing");
        assertEquals(1, ledger.activity(new ActivityFilter(null, null, null, null, null), 10).size());
    }

    @Test
    void aRefusedChangeSavesNothing() throws Exception {
        Refusal refused = assertThrows(Refusal.class, () -> desk.change(with(HostSettingsService.CHANNEL, "beta"),
                "directrice", "192.0.2.7"));
        assertEquals(400, refused.status());
        assertEquals("bad_settings", refused.code());
        assertEquals("ungültige Einstellungen: channel; nichts wurde gespeichert", refused.message(Texts.GERMAN));
        assertNull(stored);
        assertEquals(List.of(), ledger.activity(new ActivityFilter(null, null, null, null, null), 10));
    }

    @Test
    void aChangeConfigurationAdminCannotWriteLeavesNoRow() throws Exception {
        failUpdates = true;
        Refusal refused = assertThrows(Refusal.class, () -> desk.change(good(), "directrice", "192.0.2.7"));
        assertEquals(503, refused.status());
        assertNull(stored);
        assertEquals(List.of(), ledger.activity(new ActivityFilter(null, null, null, null, null), 10),
                "no row without its change");
    }

    private ConfigurationAdmin configurationAdmin() {
        Configuration configuration = (Configuration) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Configuration.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getProperties" -> stored == null ? null : copy(stored);
                    case "update" -> {
                        if (failUpdates) {
                            throw new IOException("disk full");
                        }
                        @SuppressWarnings("unchecked")
                        Dictionary<String, Object> given = (Dictionary<String, Object>) args[0];
                        stored = copy(given);
                        yield null;
                    }
                    case "delete" -> {
                        stored = null;
                        yield null;
                    }
                    case "getPid" -> HostConfig.PID;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
        return (ConfigurationAdmin) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {ConfigurationAdmin.class}, (proxy, method, args) -> {
                    if (method.getName().equals("getConfiguration") && HostConfig.PID.equals(args[0])) {
                        return configuration;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Map<String, Object> map = new HashMap<>();
        for (var keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            map.put(key, properties.get(key));
        }
        return new Hashtable<>(map);
    }
}
