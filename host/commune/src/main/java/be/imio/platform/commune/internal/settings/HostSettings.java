package be.imio.platform.commune.internal.settings;

import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Locale;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.Designate;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.Channel;

/**
 * The host's settings as configured now. A changed configuration is taken as it comes, without
 * restarting the components that read it, so that an operation in progress is never cut off.
 */
@Component(service = HostSettings.class, configurationPid = HostConfig.PID, immediate = true)
@Designate(ocd = HostConfig.class)
public final class HostSettings {

    /** Belgian local time, for maintenance windows. */
    public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private volatile HostConfig config;

    @Activate
    @Modified
    public void configure(HostConfig config) {
        this.config = config;
    }

    /** Where the fleet report, with the host's credential, goes; empty when it goes nowhere. */
    public String reportUrl() {
        String url = config.reportUrl().strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String repositoryUrl() {
        String url = config.repositoryUrl().strip();
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    public String rootFingerprint() {
        return config.rootFingerprint().strip().toLowerCase(Locale.ROOT);
    }

    /** The channel configured; stable when it names none. */
    public Channel channel() {
        return Channel.fromId(config.channel()).orElse(Channel.STABLE);
    }

    /** True when a release in the channel {@code releaseChannel} may be offered on this host's channel. */
    public boolean offers(String releaseChannel) {
        return Channel.fromId(releaseChannel).map(channel()::offers).orElse(false);
    }

    /** The host's update policy; manual when the configuration names none. */
    public UpdatePolicy policy() {
        return UpdatePolicy.fromId(config.policy()).orElse(UpdatePolicy.MANUAL);
    }

    public Duration syncInterval() {
        return Duration.ofSeconds(Math.max(1, config.syncIntervalSeconds()));
    }

    /** At least how often the host reports when nothing changed. */
    public Duration reportInterval() {
        return Duration.ofSeconds(Math.max(1, config.reportIntervalSeconds()));
    }

    public String hostId() {
        return config.hostId().strip();
    }

    public String hostToken() {
        return config.hostToken().strip();
    }

    public Duration healthTimeout() {
        return Duration.ofSeconds(Math.max(1, config.healthTimeoutSeconds()));
    }

    /** How long a request waits for a module being swapped; zero when it must not wait. */
    public Duration swapWait() {
        return Duration.ofSeconds(Math.max(0, config.swapWaitSeconds()));
    }

    /** How many requests may wait for modules being swapped at once. */
    public int swapMaxWaiting() {
        return Math.max(0, config.swapMaxWaiting());
    }

    public Duration downloadTimeout() {
        return Duration.ofSeconds(Math.max(1, config.downloadTimeoutSeconds()));
    }

    public long downloadMaxBytes() {
        return Math.max(1, config.downloadMaxMegabytes()) * 1024L * 1024L;
    }

    String maintenanceWindow() {
        return config.maintenanceWindow().strip();
    }

    /** True when automatic updates may run at {@code now} (always, without a window). */
    public boolean inMaintenanceWindow(ZonedDateTime now) {
        return MaintenanceWindow.parse(maintenanceWindow()).contains(now.withZoneSameInstant(BRUSSELS).toLocalTime());
    }

    /** A daily window such as {@code 22:00-05:00}; empty means any time. */
    record MaintenanceWindow(LocalTime from, LocalTime to) {

        static MaintenanceWindow parse(String text) {
            if (text == null || text.isBlank()) {
                return new MaintenanceWindow(null, null);
            }
            String[] parts = text.strip().split("\\s*-\\s*");
            if (parts.length != 2) {
                throw new IllegalArgumentException("fenêtre de maintenance attendue sous la forme 02:00-05:00 / "
                        + "maintenance window expected as 02:00-05:00: " + text);
            }
            return new MaintenanceWindow(LocalTime.parse(parts[0]), LocalTime.parse(parts[1]));
        }

        boolean contains(LocalTime time) {
            if (from == null) {
                return true;
            }
            return from.isBefore(to) ? !time.isBefore(from) && time.isBefore(to)
                    : !time.isBefore(from) || time.isBefore(to);
        }
    }
}
