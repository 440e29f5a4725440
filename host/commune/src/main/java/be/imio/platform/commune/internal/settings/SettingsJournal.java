package be.imio.platform.commune.internal.settings;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.cm.ConfigurationEvent;
import org.osgi.service.cm.ConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.ledger.HostDatabase;
import be.imio.platform.commune.internal.ledger.ModuleLedger;

/**
 * Journals every change of the host's settings ({@code be.imio.platform.host}) made other than
 * through the console, which journals its own in one unit with the change: the Karaf shell
 * ({@code config:property-set}), an edit of {@code etc/be.imio.platform.host.cfg}, a program using
 * ConfigurationAdmin. Such a change cannot be refused, but it is never without its row in the
 * activity: "modifié hors de la console / changed outside the console", with what changed (a
 * secret's name only, never its value, {@link SettingsText}). The instance's other settings that
 * decide who may reach it, where its code comes from and what it starts are journalled the same
 * way: the configurations of {@link #WATCHED} (by PID) and the files of {@link EtcFiles} (read
 * every {@link #FILES_EVERY_SECONDS} seconds, compared by content). A change made while the instance was stopped, a
 * configuration or file created or removed included, is journalled at the next start ("modifié
 * pendant l'arrêt de l'instance"), against what was last seen ({@link SeenSettings}).
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class SettingsJournal implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsJournal.class);
    /** Keys ConfigurationAdmin and File Install add, which are no setting. */
    private static final Set<String> NOT_SETTINGS = Set.of("service.pid", "service.factoryPid", "felix.fileinstall.filename",
            "component.name", "component.id");
    /**
     * The configurations journalled besides the host's own settings: those that decide who may
     * reach the instance (proxies and request bounds, Jetty, Karaf's HTTP proxies, the SSH shell,
     * JAAS, the shell's and JMX's access lists), where its code comes from and what it starts (Pax
     * URL's Maven repositories, Karaf's boot features and feature repositories, KAR and File Install
     * folders), its database, its backups and its log.
     */
    static final Set<String> WATCHED = Set.of("be.imio.platform.web", "org.apache.karaf.shell", "org.ops4j.pax.web",
            "be.imio.platform.backup", "org.apache.karaf.jaas", "org.ops4j.pax.url.mvn", "org.apache.karaf.features",
            "org.apache.karaf.features.repos", "org.apache.karaf.kar", "org.apache.karaf.management",
            "org.ops4j.pax.logging", "org.apache.karaf.http");
    /** Families of PIDs journalled the same way, by prefix. */
    private static final Set<String> WATCHED_PREFIXES = Set.of("org.apache.karaf.command.acl.", "jmx.acl");
    /** Factory configurations journalled, one row per instance (its PID names it). */
    private static final Set<String> WATCHED_FACTORIES = Set.of("org.apache.felix.fileinstall", "org.ops4j.datasource");
    static final int FILES_EVERY_SECONDS = 5;
    static final long SETTLE_MILLIS = 400;
    static final int SETTLE_TRIES = 10;

    private final ModuleLedger ledger;
    private final HostSettingsDesk desk;
    private final ConfigurationAdmin configurations;
    private final Path etc;
    private final SeenSettings remembered;
    /** Each watched source's settings as last seen, by PID or {@code etc/NAME}; guarded by this. */
    private final Map<String, Map<String, String>> seen = new HashMap<>();
    private final ScheduledExecutorService files = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "imio-settings-journal");
        thread.setDaemon(true);
        return thread;
    });

    @Activate
    public SettingsJournal(@Reference HostDatabase database, @Reference HostSettingsDesk desk,
            @Reference ConfigurationAdmin configurations, BundleContext context) {
        this.ledger = database.ledger();
        this.desk = desk;
        this.configurations = configurations;
        this.etc = Path.of(context.getProperty("karaf.etc"));
        this.remembered = new SeenSettings(Path.of(context.getProperty("karaf.data"), "host", "settings-seen.properties"));
        boolean firstStart = !remembered.exists();
        Map<String, Map<String, String>> before = remembered.load();
        synchronized (this) {
            seen.put(HostConfig.PID, read(HostConfig.PID));
            WATCHED.forEach(pid -> seen.put(pid, read(pid)));
            try {
                Configuration[] all = configurations.listConfigurations(null);
                for (Configuration configuration : all == null ? new Configuration[0] : all) {
                    if (watched(configuration.getPid(), configuration.getFactoryPid())) {
                        seen.put(configuration.getPid(), settingsOf(configuration.getProperties()));
                    }
                }
            } catch (IOException | InvalidSyntaxException e) {
                LOG.warn("Cannot list the instance's configurations: {}", e.getMessage());
            }
            for (String name : EtcFiles.WATCHED) {
                seen.put(EtcFiles.PREFIX + name, readFile(name));
            }
            // Removed while the instance was stopped: what was remembered and is there no more.
            before.keySet().stream().filter(source -> !seen.containsKey(source)).forEach(source -> seen.put(source, Map.of()));
        }
        // Changed, created or removed while the instance was stopped (an edit of etc/): journalled at start.
        // At the first start there is nothing to compare with: what is there is the instance's making.
        for (var entry : Map.copyOf(seen).entrySet()) {
            Map<String, String> was = before.get(entry.getKey());
            if (was == null && firstStart) {
                continue;
            }
            String changes = SettingsText.changes(was == null ? Map.of() : was, SettingsText.masked(entry.getValue()));
            if (!changes.isEmpty()) {
                String what = HostConfig.PID.equals(entry.getKey()) ? changes : entry.getKey() + " : " + changes;
                journal(Bilingual.of(Message.of("reason.settings-changed-while-stopped", what)), what);
            }
        }
        save();
        files.scheduleWithFixedDelay(this::readFiles, FILES_EVERY_SECONDS, FILES_EVERY_SECONDS, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        files.shutdownNow();
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        boolean host = HostConfig.PID.equals(pid);
        if (!host && !watched(pid, event.getFactoryPid())) {
            return;
        }
        Map<String, String> now = read(pid);
        if (host && desk.savedHere(now)) {
            noteSeen(pid, now); // the console journalled it, in one unit with the change
            return;
        }
        changed(pid, now, host);
    }

    /** Whether the configuration {@code pid} (of {@code factoryPid}, or {@code null}) is journalled. */
    static boolean watched(String pid, String factoryPid) {
        if (factoryPid != null) {
            return WATCHED_FACTORIES.contains(factoryPid);
        }
        return HostConfig.PID.equals(pid) || WATCHED.contains(pid)
                || WATCHED_PREFIXES.stream().anyMatch(pid::startsWith);
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

    /** Journals what changed in {@code source} since it was last seen, if anything did. */
    private void changed(String source, Map<String, String> now, boolean host) {
        String changes;
        synchronized (this) {
            changes = SettingsText.changes(seen.getOrDefault(source, Map.of()), now);
            if (changes.isEmpty()) {
                return;
            }
            seen.put(source, now);
            save();
        }
        String what = host ? changes : source + " : " + changes;
        journal(Bilingual.of(Message.of("reason.settings-changed-outside", what)), what);
    }

    private synchronized void noteSeen(String source, Map<String, String> now) {
        seen.put(source, now);
        save();
    }

    /**
     * Reads each watched file again and journals what changed in it: by content, not by size or
     * modification time, which an edit can leave as they were.
     */
    private void readFiles() {
        for (String name : EtcFiles.WATCHED) {
            try {
                changed(EtcFiles.PREFIX + name, settled(name), false);
            } catch (RuntimeException e) {
                LOG.warn("Cannot read etc/{}: {}", name, e.getMessage());
            }
        }
    }

    /** The settings of {@code etc/name} once it holds still (see {@link EtcFiles#settled}). */
    private Map<String, String> settled(String name) {
        Map<String, String> was;
        synchronized (this) {
            was = seen.getOrDefault(EtcFiles.PREFIX + name, Map.of());
        }
        return EtcFiles.settled(() -> readFile(name), was, SETTLE_MILLIS, SETTLE_TRIES);
    }

    private Map<String, String> readFile(String name) {
        try {
            return EtcFiles.read(etc, name);
        } catch (IOException e) {
            LOG.warn("Cannot read etc/{}: {}", name, e.getMessage());
            synchronized (this) {
                return seen.getOrDefault(EtcFiles.PREFIX + name, Map.of());
            }
        }
    }

    private void journal(Bilingual text, String what) {
        try {
            ledger.recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, "configuration",
                    // From the instance's configuration (its etc/ folder, Karaf's shell): a place, not an address.
                    "etc", Instant.now(), text.stored(), text.message(), null);
            LOG.warn("Settings changed outside the console: {}", what);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Settings changed outside the console, and the change could not be journalled: {} ({})", what,
                    e.getMessage());
        }
    }

    private Map<String, String> read(String pid) {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + pid + ")");
            return settingsOf(found == null || found.length == 0 ? null : found[0].getProperties());
        } catch (IOException | InvalidSyntaxException e) {
            LOG.warn("Cannot read the settings of {}: {}", pid, e.getMessage());
            return Map.of();
        }
    }

    private synchronized void save() {
        remembered.save(seen);
    }
}
