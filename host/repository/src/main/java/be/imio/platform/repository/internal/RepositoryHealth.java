package be.imio.platform.repository.internal;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
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

    private static final Texts TEXTS = Texts.of(RepositoryHealth.class.getClassLoader(), "repository");

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile MetadataPublisher metadata;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile ReleaseDesk releases;

    @Override
    public HealthStatus check() {
        if (metadata == null) {
            return verdict(HealthStatus.State.DOWN, "health.repository.unpublished");
        }
        if (releases == null) {
            return verdict(HealthStatus.State.DOWN, "health.repository.closed");
        }
        Message cannotSign = metadata.signingProblemWords();

        if (cannotSign != null) {
            return verdict(HealthStatus.State.DEGRADED, "health.repository.unsigned", cannotSign);
        }
        Message due = metadata.signingDue();
        if (due != null) {
            // Hosts refuse expired metadata: past that day they install nothing more from here (or of that publisher).
            return verdict(HealthStatus.State.DEGRADED, "health.repository.signing-due", due);
        }
        try {
            Staging.Space space = releases.staging().space();
            if (space.low()) {
                return verdict(HealthStatus.State.DEGRADED, "health.repository.disk_full", space.usable() / 1024,
                        space.reserve() / 1024);
            }
        } catch (java.io.IOException e) {
            return verdict(HealthStatus.State.DEGRADED, "health.repository.disk_unreadable", e.getMessage());
        }
        return HealthStatus.up("");
    }

    private static HealthStatus verdict(HealthStatus.State state, String key, Object... arguments) {
        return HealthStatus.of(state, TEXTS.message(key, arguments));
    }
}
