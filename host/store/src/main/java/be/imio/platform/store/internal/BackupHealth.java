package be.imio.platform.store.internal;

import java.time.ZonedDateTime;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.BelgianFormats;

/**
 * Whether the instance's backups are kept: degraded when the last attempt failed, so that the
 * status page, monitoring and the console say so instead of a failure showing only in the log.
 */
@Component(property = HealthCheck.MODULE + "=" + BackupHealth.MODULE)
public final class BackupHealth implements HealthCheck {

    static final String MODULE = "backups";

    static final Texts TEXTS = Texts.of(BackupHealth.class.getClassLoader(), "store");

    private final InstanceBackups backups;

    @Activate
    public BackupHealth(@Reference InstanceBackups backups) {
        this.backups = backups;
    }

    @Override
    public HealthStatus check() {
        InstanceBackups.Attempt last = backups.last();
        ZonedDateTime scheduled = backups.nextScheduled();
        Message next = scheduled == null ? TEXTS.message("health.backup.unscheduled")
                : TEXTS.message("health.backup.next", at(scheduled));
        if (last == null) {
            return HealthStatus.of(HealthStatus.State.UP, TEXTS.message("health.backup.none", next));
        }
        ZonedDateTime at = last.at().atZone(BelgianFormats.BRUSSELS);
        if (last.failure() != null) {
            return HealthStatus.of(HealthStatus.State.DEGRADED, TEXTS.message("health.backup.failed", at(at), last.failure()));
        }
        return HealthStatus.of(HealthStatus.State.UP,
                TEXTS.message("health.backup.last", at(at), last.written().sizeText(), next));
    }

    /** "le 30/11/2026 à 02:00", "on 30/11/2026 at 02:00", "am 30.11.2026 um 02:00" ({@link BelgianFormats}). */
    private static Message at(ZonedDateTime at) {
        return TEXTS.message("health.backup.at", Message.written(language -> BelgianFormats.date(language, at.toLocalDate())),
                Message.written(language -> BelgianFormats.time(language, at.toLocalTime())));
    }
}
