package be.imio.platform.repository.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.release.Staging;

/**
 * Down while the repository's parts are not all running (a failed schema migration, unreadable
 * keys...), so that {@code /health} says so instead of a repository that answers but cannot release;
 * degraded while an online signing key is missing or not the published root's, or while the disk is
 * too full to take releases, with the reason.
 */
@Component(property = HealthCheck.MODULE + "=repository")
public final class RepositoryHealth implements HealthCheck {

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetadataPublisher metadata;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReleaseDesk releases;

    @Override
    public HealthStatus check() {
        if (metadata == null) {
            return HealthStatus.down("Les métadonnées signées ne sont pas publiées (voir karaf.log)"
                    + " / signed metadata is not published (see karaf.log)");
        }
        if (releases == null) {
            return HealthStatus.down("Le dépôt ne peut pas recevoir de publications (voir karaf.log)"
                    + " / the repository cannot receive releases (see karaf.log)");
        }
        String cannotSign = metadata.signingProblem();
        if (cannotSign != null) {
            return HealthStatus.degraded("Le dépôt ne signe plus ses métadonnées : " + cannotSign + " ; signez une"
                    + " nouvelle racine qui désigne une nouvelle clé (imio:root-sign --key root.key --rotate ...)"
                    + " / the repository signs no metadata: " + cannotSign + "; sign a new root listing a new key"
                    + " (imio:root-sign --key root.key --rotate ...)");
        }
        try {
            Staging.Space space = releases.staging().space();
            if (space.low()) {
                return HealthStatus.degraded("Le disque du dépôt est presque plein, les publications sont refusées : "
                        + space.usable() / 1024 + " Ko libres, au moins " + space.reserve() / 1024 + " Ko attendus"
                        + " / the repository's disk is almost full, releases are refused: " + space.usable() / 1024
                        + " KB free, at least " + space.reserve() / 1024 + " KB expected");
            }
        } catch (java.io.IOException e) {
            return HealthStatus.degraded("L'espace libre du dépôt est illisible : " + e.getMessage()
                    + " / the repository's free space cannot be read: " + e.getMessage());
        }
        return HealthStatus.up("");
    }
}
