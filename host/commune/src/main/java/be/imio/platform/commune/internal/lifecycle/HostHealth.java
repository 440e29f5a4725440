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
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.BrusselsTime;
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
            return HealthStatus.down("La gestion des modules ne tourne pas (voir karaf.log)"
                    + " / module management is not running (see karaf.log)");
        }
        if (settings.repositoryUrl().isEmpty() || !settings.rootFingerprint().matches("[0-9a-f]{64}")) {
            return HealthStatus.degraded("Aucun dépôt central de confiance configuré (repositoryUrl, rootFingerprint"
                    + " dans etc/be.imio.platform.host.cfg) / no trusted central repository configured");
        }
        SyncStatus status = catalogue.status();
        if (status.offlineSince() != null) {
            return HealthStatus.degraded("Dépôt central injoignable depuis le " + BrusselsTime.of(status.offlineSince())
                    + " ; les modules continuent de tourner / central repository unreachable since "
                    + BrusselsTime.of(status.offlineSince()) + "; modules keep running");
        }
        if (status.warning() != null) {
            return HealthStatus.degraded(status.warning());
        }
        try {
            for (InstalledModule module : modules.ledger().modules()) {
                if (!module.enabled()) {
                    continue;
                }
                var release = catalogue.catalogue().release(module.id(), module.version());
                if (release.isPresent() && release.get().revoked()) {
                    return HealthStatus.degraded("Le module " + module.name() + " " + module.version()
                            + " est révoqué : " + release.get().revokedReason() + " / module " + module.name()
                            + " runs a revoked release");
                }
                HealthStatus health = modules.healthOf(module);
                if (health.state() == HealthStatus.State.DOWN) {
                    return HealthStatus.degraded("Module " + module.name() + " : " + health.message());
                }
            }
        } catch (SQLException e) {
            return HealthStatus.down("Base de données illisible / database unreadable: " + e.getMessage());
        }
        Instant last = status.lastSync();
        return HealthStatus.up(last == null ? "Jamais synchronisé / never synced"
                : "Catalogue synchronisé le " + BrusselsTime.of(last) + " / catalogue synced on " + BrusselsTime.of(last));
    }
}
