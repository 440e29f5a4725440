package be.imio.platform.commune.internal.lifecycle;

import java.sql.SQLException;
import java.time.Instant;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.sync.Catalogue;

/**
 * The host's own verdict for {@code /health} and {@code /api/status}: down while its module
 * engine is not running; degraded (the host still serves) while no trusted repository is
 * configured, while the repository is unreachable,
 * metadata was refused, an enabled module is unhealthy or runs a revoked release.
 */
@Component(property = HealthCheck.MODULE + "=host")
public final class HostHealth implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile CatalogueSync sync;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ModuleEngine engine;

    @Reference
    private HostSettings settings;

    @Override
    public HealthStatus check() {
        CatalogueSync catalogue = sync;
        ModuleEngine modules = engine;
        if (catalogue == null || modules == null) {
            return verdict(HealthStatus.State.DOWN, Message.of("health.host.not-running"));
        }
        if (settings.repositoryUrl().isEmpty() || !settings.rootFingerprint().matches("[0-9a-f]{64}")) {
            return verdict(HealthStatus.State.DEGRADED, Message.of("health.host.untrusted"));
        }
        SyncStatus status = catalogue.status();
        if (status.offlineSince() != null) {
            return verdict(HealthStatus.State.DEGRADED, Message.of("health.host.offline",
                    Message.day(status.offlineSince()), Message.time(status.offlineSince())));
        }
        if (status.warning() != null) {
            return verdict(HealthStatus.State.DEGRADED, status.warning());
        }
        try {
            for (InstalledModule module : modules.ledger().modules()) {
                if (!module.enabled()) {
                    continue;
                }
                var release = catalogue.catalogue().release(module.id(), module.version());
                if (release.isPresent() && release.get().revoked()) {
                    return verdict(HealthStatus.State.DEGRADED, Message.of("health.host.revoked", module.name(),
                            module.version(), release.get().revokedReason()));
                }
                HealthStatus health = modules.healthOf(module);
                if (health.state() == HealthStatus.State.DOWN) {
                    return verdict(HealthStatus.State.DEGRADED, Message.of("health.host.module-down", module.name(),
                            Message.given(health::message)));
                }
            }
        } catch (SQLException e) {
            return verdict(HealthStatus.State.DOWN, Message.of("health.host.database", e.getMessage()));
        }
        Instant last = status.lastSync();
        return verdict(HealthStatus.State.UP, last == null ? Message.of("health.host.never-synced")
                : Message.of("health.host.synced", Message.day(last), Message.time(last)));
    }

    private static HealthStatus verdict(HealthStatus.State state, Message message) {
        return HealthStatus.of(state, message.words());
    }
}
