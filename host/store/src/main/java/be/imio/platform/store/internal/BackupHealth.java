package be.imio.platform.store.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Texts;
import be.imio.platform.api.BelgianFormats;

/**
 * Whether the instance's backups are kept: degraded when the last attempt failed, so that the
 * status page, monitoring and the console say so instead of a failure showing only in the log.
 */
@Component(property = HealthCheck.MODULE + "=" + BackupHealth.MODULE)
public final class BackupHealth implements HealthCheck {

    static final String MODULE = "backups";

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final InstanceBackups backups;

    @Activate
    public BackupHealth(@Reference InstanceBackups backups) {
        this.backups = backups;
    }

    @Override
    public HealthStatus check() {
        InstanceBackups.Attempt last = backups.last();
        ZonedDateTime next = backups.nextScheduled();
        String nextFr = next == null ? "aucune sauvegarde planifiée" : "prochaine " + fr(next);
        String nextEn = next == null ? "no backup scheduled" : "next " + en(next);
        if (last == null) {
            return HealthStatus.up("aucune sauvegarde encore ; " + nextFr + " / no backup yet; " + nextEn);
        }
        ZonedDateTime at = last.at().atZone(BRUSSELS);
        if (last.failure() != null) {
            return HealthStatus.degraded("la sauvegarde lancée " + fr(at) + " a échoué : " + last.failure()
                    + " / the backup started " + en(at) + " failed: " + last.failure());
        }
        String size = last.written().sizeText();
        return HealthStatus.up("dernière sauvegarde " + fr(at) + " (" + size + ") ; " + nextFr
                + " / last backup " + en(at) + " (" + size + "); " + nextEn);
    }

    /** "le 30/11/2026 à 02:00", as Belgians write it ({@link BelgianFormats}). */
    private static String fr(ZonedDateTime at) {
        return "le " + BelgianFormats.date(Texts.FRENCH, at.toLocalDate()) + " à " + BelgianFormats.time(Texts.FRENCH, at.toLocalTime());
    }

    /** "on 30/11/2026 at 02:00". */
    private static String en(ZonedDateTime at) {
        return "on " + BelgianFormats.date(Texts.ENGLISH, at.toLocalDate()) + " at " + BelgianFormats.time(Texts.ENGLISH, at.toLocalTime());
    }
}
