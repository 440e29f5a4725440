package be.imio.platform.repository.internal.fleet;

import java.sql.SQLException;
import java.time.Clock;

import be.imio.platform.repository.internal.release.ReleaseLedger;

/** Reads the fleet as it stands: the hosts and the releases, read against each other ({@link Fleet#of}). */
public final class FleetReader {

    private final HostRegistry hosts;
    private final ReleaseLedger releases;
    private final Clock clock;

    public FleetReader(HostRegistry hosts, ReleaseLedger releases) {
        this(hosts, releases, Clock.systemUTC());
    }

    FleetReader(HostRegistry hosts, ReleaseLedger releases, Clock clock) {
        this.hosts = hosts;
        this.releases = releases;
        this.clock = clock;
    }

    /** The fleet now. */
    public Fleet now() throws SQLException {
        return Fleet.of(hosts.all(), releases.all(), clock.instant());
    }
}
