package be.imio.solutions.probe;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;

/** The test module's own health check, in the release that declares it: always DOWN. */
public final class ProbeHealth implements HealthCheck {

    @Override
    public HealthStatus check() {
        return HealthStatus.down("file des sondes bloquée / probe queue stuck");
    }
}
