package be.imio.platform.repository.internal.fleet;

import java.sql.SQLException;
import java.time.Clock;

import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.repository.internal.rollout.RequiredLedger;

/** Reads the fleet as it stands: the hosts, the releases and their deadlines, read against each other ({@link Fleet#of}). */
public final class FleetReader {

    private final HostRegistry hosts;
    private final ReleaseLedger releases;
    private final RequiredLedger required;
    private final RolloutSource rollouts;
    private final Clock clock;

    /** The staged rollouts as signed, by {@code group:artifact:version}. */
    public interface RolloutSource {
        java.util.Map<String, be.imio.platform.trust.Rollout> get() throws SQLException;
    }

    public FleetReader(HostRegistry hosts, ReleaseLedger releases, RequiredLedger required, RolloutSource rollouts) {
        this(hosts, releases, required, rollouts, Clock.systemUTC());
    }

    FleetReader(HostRegistry hosts, ReleaseLedger releases, RequiredLedger required, RolloutSource rollouts,
            Clock clock) {
        this.hosts = hosts;
        this.releases = releases;
        this.required = required;
        this.rollouts = rollouts;
        this.clock = clock;
    }

    /** The fleet now. */
    public Fleet now() throws SQLException {
        return Fleet.of(hosts.all(), releases.all(), required.published(), rollouts.get(), clock.instant());
    }
}
