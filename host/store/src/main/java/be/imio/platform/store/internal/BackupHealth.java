package be.imio.platform.store.internal;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;

/**
 * Whether the instance's backups are kept: degraded when the last attempt failed, so that the
 * status page, monitoring and the console say so instead of a failure showing only in the log.
 */
@Component(property = HealthCheck.MODULE + "=" + BackupHealth.MODULE)
public final class BackupHealth implements HealthCheck {

    static final String MODULE = "backups";

    private static final DateTimeFormatter FR = DateTimeFormatter.ofPattern("'le' dd/MM/yyyy 'à' HH:mm");
    private static final DateTimeFormatter EN = DateTimeFormatter.ofPattern("'on' dd/MM/yyyy 'at' HH:mm");
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
        String nextFr = next == null ? "aucune sauvegarde planifiée" : "prochaine " + FR.format(next);
        String nextEn = next == null ? "no backup scheduled" : "next " + EN.format(next);
        if (last == null) {
            return HealthStatus.up("aucune sauvegarde encore ; " + nextFr + " / no backup yet; " + nextEn);
        }
        ZonedDateTime at = last.at().atZone(BRUSSELS);
        if (last.failure() != null) {
            return HealthStatus.degraded("la sauvegarde lancée " + FR.format(at) + " a échoué : " + last.failure()
                    + " / the backup started " + EN.format(at) + " failed: " + last.failure());
        }
        String size = last.written().sizeText();
        return HealthStatus.up("dernière sauvegarde " + FR.format(at) + " (" + size + ") ; " + nextFr
                + " / last backup " + EN.format(at) + " (" + size + "); " + nextEn);
    }
}
