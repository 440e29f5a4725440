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
    private final Clock clock;

    public FleetReader(HostRegistry hosts, ReleaseLedger releases, RequiredLedger required) {
        this(hosts, releases, required, Clock.systemUTC());
    }

    FleetReader(HostRegistry hosts, ReleaseLedger releases, RequiredLedger required, Clock clock) {
        this.hosts = hosts;
        this.releases = releases;
        this.required = required;
        this.clock = clock;
    }

    /** The fleet now. */
    public Fleet now() throws SQLException {
        return Fleet.of(hosts.all(), releases.all(), required.published(), clock.instant());
    }
}
