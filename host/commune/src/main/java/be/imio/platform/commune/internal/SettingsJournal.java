package be.imio.platform.commune.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Journals every change of the host's settings ({@code be.imio.platform.host}) made other than
 * through the console, which journals its own in one unit with the change: the Karaf shell
 * ({@code config:property-set}), an edit of {@code etc/be.imio.platform.host.cfg}, a program using
 * ConfigurationAdmin. Such a change cannot be refused, but it is never without its row in the
 * activity: "modifié hors de la console / changed outside the console", with what changed (a
 * secret's name only, never its value).
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class SettingsJournal implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsJournal.class);
    /** Keys ConfigurationAdmin and File Install add, which are no setting. */
    private static final Set<String> NOT_SETTINGS = Set.of("service.pid", "service.factoryPid", "felix.fileinstall.filename",
            "component.name", "component.id");
    private static final Set<String> SECRETS = Set.of("hostToken");

    private final ModuleEngine engine;
    private final ConfigurationAdmin configurations;
    /** The settings as last seen; guarded by this. */
    private Map<String, String> seen;

    @Activate
    public SettingsJournal(@Reference ModuleEngine engine, @Reference ConfigurationAdmin configurations) {
        this.engine = engine;
        this.configurations = configurations;
        this.seen = read();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        if (!HostConfig.PID.equals(event.getPid()) || event.getFactoryPid() != null) {
            return;
        }
        String changes;
        synchronized (this) {
            Map<String, String> now = read();
            changes = changes(seen, now);
            seen = now;
            if (changes.isEmpty() || engine.savedByTheConsole(now)) {
                return; // the console journalled it, in one unit with the change
            }
        }
        try {
            engine.ledger().recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, "configuration",
                    "hors console", Instant.now(), Bilingual.of("modifié hors de la console : " + changes,
                            "changed outside the console: " + changes).stored());
            LOG.warn("Host settings changed outside the console (Karaf shell, etc/ file or ConfigurationAdmin): {}",
                    changes);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Host settings changed outside the console, and the change could not be journalled: {} ({})",
                    changes, e.getMessage());
        }
    }

    /**
     * What changed from {@code before} to {@code after}, as the console writes it: "field: old → new"
     * separated by "; ", keys in order; a secret is named, its value not shown.
     */
    static String changes(Map<String, String> before, Map<String, String> after) {
        StringBuilder text = new StringBuilder();
        Set<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(after.keySet());
        for (String key : keys) {
            String old = before.getOrDefault(key, "");
            String now = after.getOrDefault(key, "");
            if (!old.equals(now)) {
                text.append(text.length() == 0 ? "" : "; ").append(key).append(": ")
                        .append(SECRETS.contains(key) ? "(secret modifié / secret changed)" : old + " → " + now);
            }
        }
        return text.toString();
    }

    private Map<String, String> read() {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + HostConfig.PID + ")");
            return settingsOf(found == null || found.length == 0 ? null : found[0].getProperties());
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot read the host's settings: {}", e.getMessage());
            return Map.of();
        }
    }

    /** The settings {@code properties} hold, as text, without the keys ConfigurationAdmin and File Install add. */
    static Map<String, String> settingsOf(Dictionary<String, Object> properties) {
        Map<String, String> values = new TreeMap<>();
        if (properties != null) {
            for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                Object value = properties.get(key);
                if (!NOT_SETTINGS.contains(key) && value != null) {
                    values.put(key, String.valueOf(value).strip());
                }
            }
        }
        return values;
    }
}
