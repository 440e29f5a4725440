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
 * secret's name only, never its value). The instance's other settings that decide who may reach
 * it and how ({@link #WATCHED}: the trusted proxies and request bounds, the SSH shell's address,
 * Jetty's, backups) are journalled the same way, with their PID.
 */
@Component(service = ConfigurationListener.class, immediate = true)
public final class SettingsJournal implements ConfigurationListener {

    private static final Logger LOG = LoggerFactory.getLogger(SettingsJournal.class);
    /** Keys ConfigurationAdmin and File Install add, which are no setting. */
    private static final Set<String> NOT_SETTINGS = Set.of("service.pid", "service.factoryPid", "felix.fileinstall.filename",
            "component.name", "component.id");
    private static final Set<String> SECRETS = Set.of("hostToken");
    /** The user information of a URL ({@code scheme://user:password@}), never written either. */
    private static final java.util.regex.Pattern USER_INFO =
            java.util.regex.Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://)[^/@\\s,]+@");
    /**
     * The configurations journalled besides the host's own settings: those that decide who may
     * reach the instance (proxies and request bounds, Jetty, the SSH shell, JAAS, the shell's and
     * JMX's access lists), where its code comes from and what it starts (Pax URL's Maven
     * repositories, Karaf's boot features and feature repositories, KAR and File Install folders),
     * its database, its backups and its log.
     */
    static final Set<String> WATCHED = Set.of("be.imio.platform.web", "org.apache.karaf.shell", "org.ops4j.pax.web",
            "be.imio.platform.backup", "org.apache.karaf.jaas", "org.ops4j.pax.url.mvn", "org.apache.karaf.features",
            "org.apache.karaf.features.repos", "org.apache.karaf.kar", "org.apache.karaf.management",
            "org.ops4j.pax.logging");
    /** Families of PIDs journalled the same way, by prefix. */
    private static final Set<String> WATCHED_PREFIXES = Set.of("org.apache.karaf.command.acl.", "jmx.acl");
    /** Factory configurations journalled, one row per instance (its PID names it). */
    private static final Set<String> WATCHED_FACTORIES = Set.of("org.apache.felix.fileinstall", "org.ops4j.datasource");

    private final ModuleEngine engine;
    private final ConfigurationAdmin configurations;
    /** Each watched configuration's settings as last seen, by PID; guarded by this. */
    private final Map<String, Map<String, String>> seen = new java.util.HashMap<>();

    /** The settings as last journalled, kept across restarts (secrets as a digest only). */
    private final java.nio.file.Path remembered;

    @Activate
    public SettingsJournal(@Reference ModuleEngine engine, @Reference ConfigurationAdmin configurations,
            org.osgi.framework.BundleContext context) {
        this.engine = engine;
        this.configurations = configurations;
        this.remembered = java.nio.file.Path.of(context.getProperty("karaf.data"), "host", "settings-seen.properties");
        Map<String, Map<String, String>> before = load();
        seen.put(HostConfig.PID, read(HostConfig.PID));
        WATCHED.forEach(pid -> seen.put(pid, read(pid)));
        try {
            Configuration[] all = configurations.listConfigurations(null);
            for (Configuration configuration : all == null ? new Configuration[0] : all) {
                if (watched(configuration.getPid(), configuration.getFactoryPid())) {
                    seen.put(configuration.getPid(), settingsOf(configuration.getProperties()));
                }
            }
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot list the instance's configurations: {}", e.getMessage());
        }
        // Removed while the instance was stopped: what was remembered and is there no more.
        before.keySet().stream().filter(pid -> !seen.containsKey(pid)).forEach(pid -> seen.put(pid, Map.of()));
        // Changed while the instance was stopped (an edit of etc/): journalled at start.
        for (var entry : seen.entrySet()) {
            Map<String, String> was = before.get(entry.getKey());
            String changes = was == null ? "" : changes(was, masked(entry.getValue()));
            if (!changes.isEmpty()) {
                String what = HostConfig.PID.equals(entry.getKey()) ? changes : entry.getKey() + " : " + changes;
                journal(Bilingual.of("modifié pendant l'arrêt de l'instance : " + what,
                        "changed while the instance was stopped: " + what), what);
            }
        }
        save();
    }

    private void journal(Bilingual text, String what) {
        try {
            engine.ledger().recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, "configuration",
                    "hors console", Instant.now(), text.stored());
            LOG.warn("Settings changed outside the console: {}", what);
        } catch (SQLException | RuntimeException e) {
            LOG.error("Settings changed outside the console, and the change could not be journalled: {} ({})", what,
                    e.getMessage());
        }
    }

    /** {@code settings} as remembered: a secret's value replaced by its SHA-256, so that a change still shows. */
    private static Map<String, String> masked(Map<String, String> settings) {
        Map<String, String> masked = new TreeMap<>();
        settings.forEach((key, value) -> {
            String shown = withoutUserInfo(value);
            // A password in a URL: its digest kept beside, so that changing only it still shows.
            masked.put(key, secret(key) ? digest(value) : shown.equals(value) ? value
                    : shown + " (SHA-256 " + digest(value).substring(0, 16) + ")");
        });
        return masked;
    }

    private static String digest(String value) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(value.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Map<String, Map<String, String>> load() {
        Map<String, Map<String, String>> loaded = new java.util.HashMap<>();
        if (!java.nio.file.Files.isRegularFile(remembered)) {
            return loaded;
        }
        java.util.Properties stored = new java.util.Properties();
        try (var in = java.nio.file.Files.newBufferedReader(remembered, java.nio.charset.StandardCharsets.UTF_8)) {
            stored.load(in);
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", remembered, e.getMessage());
            return loaded;
        }
        for (String name : stored.stringPropertyNames()) {
            int bar = name.indexOf('|');
            if (bar > 0) {
                loaded.computeIfAbsent(name.substring(0, bar), pid -> new TreeMap<>())
                        .put(name.substring(bar + 1), stored.getProperty(name));
            }
        }
        // A PID with no setting at all was remembered by its marker only.
        stored.stringPropertyNames().stream().filter(n -> n.endsWith("|")).forEach(n -> loaded.get(n.substring(0,
                n.length() - 1)).remove(""));
        return loaded;
    }

    private synchronized void save() {
        java.util.Properties stored = new java.util.Properties();
        seen.forEach((pid, settings) -> {
            stored.setProperty(pid + "|", "");
            masked(settings).forEach((key, value) -> stored.setProperty(pid + "|" + key, value));
        });
        try {
            java.nio.file.Files.createDirectories(remembered.getParent());
            java.nio.file.Path part = remembered.resolveSibling(remembered.getFileName() + ".part");
            try (var out = java.nio.file.Files.newBufferedWriter(part, java.nio.charset.StandardCharsets.UTF_8)) {
                stored.store(out, "Settings as last journalled: a change made while the instance was stopped is"
                        + " journalled at start");
            }
            java.nio.file.Files.move(part, remembered, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", remembered, e.getMessage());
        }
    }

    @Override
    public void configurationEvent(ConfigurationEvent event) {
        String pid = event.getPid();
        boolean host = HostConfig.PID.equals(pid);
        if (!host && !watched(pid, event.getFactoryPid())) {
            return;
        }
        String changes;
        synchronized (this) {
            Map<String, String> now = read(pid);
            changes = changes(seen.getOrDefault(pid, Map.of()), now);
            seen.put(pid, now);
            save();
            if (changes.isEmpty() || host && engine.savedByTheConsole(now)) {
                return; // the console journalled it, in one unit with the change
            }
        }
        String what = host ? changes : pid + " : " + changes;
        journal(Bilingual.of("modifié hors de la console : " + what, "changed outside the console: " + what), what);
    }

    /** Whether the configuration {@code pid} (of {@code factoryPid}, or {@code null}) is journalled. */
    static boolean watched(String pid, String factoryPid) {
        if (factoryPid != null) {
            return WATCHED_FACTORIES.contains(factoryPid);
        }
        return HostConfig.PID.equals(pid) || WATCHED.contains(pid)
                || WATCHED_PREFIXES.stream().anyMatch(pid::startsWith);
    }

    /** A setting whose value is never written: the host's credential, any password, token or secret. */
    static boolean secret(String key) {
        String lower = key.toLowerCase(java.util.Locale.ROOT);
        return SECRETS.contains(key) || lower.contains("password") || lower.contains("token") || lower.contains("secret");
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
                        .append(secret(key) ? "(secret modifié / secret changed)"
                                : withoutUserInfo(old) + " → " + withoutUserInfo(now));
            }
        }
        return text.toString();
    }

    /**
     * {@code value} with the user information of every URL in it ({@code https://user:password@host},
     * as Pax URL's repository lists carry them) replaced by {@code ***}.
     */
    static String withoutUserInfo(String value) {
        return USER_INFO.matcher(value).replaceAll("$1***@");
    }

    private Map<String, String> read(String pid) {
        try {
            Configuration[] found = configurations.listConfigurations("(service.pid=" + pid + ")");
            return settingsOf(found == null || found.length == 0 ? null : found[0].getProperties());
        } catch (IOException | org.osgi.framework.InvalidSyntaxException e) {
            LOG.warn("Cannot read the settings of {}: {}", pid, e.getMessage());
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
