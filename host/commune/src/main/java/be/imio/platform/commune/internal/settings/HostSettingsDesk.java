package be.imio.platform.commune.internal.settings;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.Channel;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.ledger.HostDatabase;
import be.imio.platform.store.etc.EtcConfigurations;

/**
 * The host's settings as staff read and change them: checked whole, then saved through
 * ConfigurationAdmin in one unit with their row in the activity. {@link SettingsJournal} journals
 * every other change of the same settings; it asks {@link #savedHere} so as not to journal one of
 * these twice.
 */
@Component(service = {HostSettingsService.class, HostSettingsDesk.class})
public final class HostSettingsDesk implements HostSettingsService {

    private static final Logger LOG = LoggerFactory.getLogger(HostSettingsDesk.class);

    private final ConfigurationAdmin configurations;
    /** The instance's etc folder, where the settings' file is. */
    private final Path etc;
    private final HostSettings running;
    private final ModuleLedger ledger;
    private final Clock clock = Clock.systemUTC();
    /** The settings being saved here now, journalled by this class. */
    private final AtomicReference<Map<String, String>> saving = new AtomicReference<>();

    @Activate
    public HostSettingsDesk(@Reference ConfigurationAdmin configurations, @Reference HostSettings running,
            @Reference HostDatabase database) {
        this(configurations, Path.of(System.getProperty("karaf.etc", "etc")), running, database.ledger());
    }

    HostSettingsDesk(ConfigurationAdmin configurations, Path etc, HostSettings running, ModuleLedger ledger) {
        this.configurations = configurations;
        this.etc = etc;
        this.running = running;
        this.ledger = ledger;
    }

    @Override
    public Map<String, String> effective() {
        Map<String, String> values = new LinkedHashMap<>();
        values.put(REPOSITORY_URL, running.repositoryUrl());
        values.put(ROOT_FINGERPRINT, running.rootFingerprint());
        values.put(CHANNEL, running.channel().id());
        values.put(POLICY, running.policy().id());
        values.put(MAINTENANCE_WINDOW, running.maintenanceWindow());
        values.put(SYNC_INTERVAL_SECONDS, Long.toString(running.syncInterval().toSeconds()));
        return values;
    }

    @Override
    public Map<String, String> values() {
        Map<String, String> values = effective();
        try {
            Dictionary<String, Object> stored = configurations.getConfiguration(HostConfig.PID, "?").getProperties();
            if (stored != null) {
                for (String field : FIELDS) {
                    Object value = stored.get(field);
                    if (value != null) {
                        values.put(field, String.valueOf(value).strip());
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read the host's settings from ConfigurationAdmin: {}", e.getMessage());
        }
        return values;
    }

    @Override
    public Map<String, String> check(Map<String, String> asked) {
        Map<String, String> errors = new LinkedHashMap<>();
        if (!valid(asked.getOrDefault(REPOSITORY_URL, ""), HostSettingsDesk::validUrl, true)) {
            errors.put(REPOSITORY_URL, "setting." + REPOSITORY_URL);
        }
        if (!valid(asked.getOrDefault(ROOT_FINGERPRINT, ""), f -> f.matches("[0-9a-f]{64}"), true)) {
            errors.put(ROOT_FINGERPRINT, "setting." + ROOT_FINGERPRINT);
        }
        if (Arrays.stream(Channel.values()).noneMatch(c -> c.id().equals(asked.get(CHANNEL)))) {
            errors.put(CHANNEL, "setting." + CHANNEL);
        }
        if (Arrays.stream(UpdatePolicy.values()).noneMatch(p -> p.id().equals(asked.get(POLICY)))) {
            errors.put(POLICY, "setting." + POLICY);
        }
        try {
            HostSettings.MaintenanceWindow.parse(asked.getOrDefault(MAINTENANCE_WINDOW, ""));
        } catch (RuntimeException e) {
            errors.put(MAINTENANCE_WINDOW, "setting." + MAINTENANCE_WINDOW);
        }
        try {
            int seconds = Integer.parseInt(asked.getOrDefault(SYNC_INTERVAL_SECONDS, ""));
            if (seconds < 30 || seconds > 86_400) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            errors.put(SYNC_INTERVAL_SECONDS, "setting." + SYNC_INTERVAL_SECONDS);
        }
        return errors;
    }

    @Override
    public String change(Map<String, String> given, String actor, String address) throws Refusal {
        Map<String, String> asked = new LinkedHashMap<>();
        for (String field : FIELDS) {
            String value = given.get(field);
            asked.put(field, value == null ? "" : value.strip());
        }
        asked.put(ROOT_FINGERPRINT, asked.get(ROOT_FINGERPRINT).toLowerCase(Locale.ROOT));
        Map<String, String> errors = check(asked);
        if (!errors.isEmpty()) {
            throw new Refusal(400, "bad_settings", "refusal.bad-settings", String.join(", ", errors.keySet()));
        }
        Map<String, String> before = values();
        StringBuilder changes = new StringBuilder();
        for (String field : FIELDS) {
            if (!asked.get(field).equals(before.get(field))) {
                changes.append(changes.length() == 0 ? "" : "; ").append(field).append(": ").append(before.get(field))
                        .append(" → ").append(asked.get(field));
            }
        }
        if (changes.length() == 0) {
            return "";
        }
        try {
            Configuration configuration = configurations.getConfiguration(HostConfig.PID, "?");
            Dictionary<String, Object> stored = configuration.getProperties();
            Dictionary<String, Object> previous = stored == null ? null : copy(stored);
            Dictionary<String, Object> properties = stored == null ? new Hashtable<>() : copy(stored);
            // Text only: a typed value makes ConfigurationAdmin write the whole file in its typed
            // form (I"240", "testing"), which a later edit by hand in the plain form breaks.
            asked.forEach(properties::put);
            ledger.recordDone(Operation.HOST, Operation.Action.SETTINGS, null, null, actor, address, clock.instant(),
                    changes.toString(), null, new ModuleLedger.JournalledChange() {
                        @Override
                        public void apply() throws IOException {
                            saving.set(Map.copyOf(SettingsJournal.settingsOf(properties)));
                            EtcConfigurations.update(configuration, etc, properties);
                        }

                        @Override
                        public void undo() throws IOException {
                            if (previous == null) {
                                EtcConfigurations.delete(configuration, etc);
                            } else {
                                EtcConfigurations.update(configuration, etc, previous);
                            }
                        }
                    });
        } catch (SQLException | IOException | IllegalStateException e) {
            LOG.error("Host settings not changed by {} from {}: {}", actor, address, e.getMessage());
            throw new Refusal(503, "unavailable", "refusal.unavailable", e.getMessage());
        }
        LOG.info("Host settings changed by {} from {}: {}", actor, address, changes);
        return changes.toString();
    }

    /** True, once, when {@code settings} are the ones this class saves now (and journalled). */
    boolean savedHere(Map<String, String> settings) {
        Map<String, String> expected = saving.get();
        return expected != null && expected.equals(settings) && saving.compareAndSet(expected, null);
    }

    private static boolean valid(String value, java.util.function.Predicate<String> test, boolean emptyAllowed) {
        return value.isEmpty() ? emptyAllowed : test.test(value);
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null
                    && uri.getUserInfo() == null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> properties) {
        Hashtable<String, Object> copy = new Hashtable<>();
        for (Enumeration<String> keys = properties.keys(); keys.hasMoreElements();) {
            String key = keys.nextElement();
            copy.put(key, properties.get(key));
        }
        return copy;
    }
}
