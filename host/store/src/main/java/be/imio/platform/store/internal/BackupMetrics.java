package be.imio.platform.store.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The instance's backups for {@code /metrics}: when the last one was written and how long ago,
 * and whether the last attempt failed. A monitoring alert on the age catches a backup that stopped
 * running as well as one that fails.
 */
@Component(service = MultiCollector.class)
public final class BackupMetrics implements MultiCollector {

    private final InstanceBackups backups;

    @Activate
    public BackupMetrics(@Reference InstanceBackups backups) {
        this.backups = backups;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        Instant written = backups.lastWritten();
        if (written != null) {
            snapshots.add(gauge("imio_backup_last_success_timestamp_seconds",
                    "When the instance's last backup was written (Unix time)", written.getEpochSecond()));
            snapshots.add(gauge("imio_backup_last_success_age_seconds",
                    "Seconds since the instance's last backup was written",
                    Math.max(0, Instant.now().getEpochSecond() - written.getEpochSecond())));
        }
        InstanceBackups.Attempt last = backups.last();
        snapshots.add(gauge("imio_backup_last_attempt_failed",
                "1 when the instance's last backup attempt failed (see /api/status), else 0",
                last != null && last.failure() != null ? 1 : 0));
        return new MetricSnapshots(snapshots);
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
