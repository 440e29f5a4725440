package be.imio.platform.commune.internal.metrics;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.ledger.HostDatabase;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * A commune host's figures for {@code /metrics}, read at each scrape from what the host records:
 * its modules and their versions, its operations by action and outcome (from the journal, so
 * the counts survive restarts), and the age of its last successful sync.
 */
@Component(service = MultiCollector.class)
public final class HostMetrics implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(HostMetrics.class);

    private final HostDatabase database;
    private final CatalogueService catalogue;

    @Activate
    public HostMetrics(@Reference HostDatabase database, @Reference CatalogueService catalogue) {
        this.database = database;
        this.catalogue = catalogue;
    }

    @Override
    public MetricSnapshots collect() {
        List<MetricSnapshot> snapshots = new ArrayList<>();
        try {
            GaugeSnapshot.Builder modules = GaugeSnapshot.builder().name("imio_module_info")
                    .help("1 for each module this host has: its group, version, whether it is enabled and pinned");
            for (InstalledModule module : database.ledger().modules()) {
                modules.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(1)
                        .labels(Labels.of("module", module.name(), "group", module.groupId(), "version", module.version(),
                                "enabled", Boolean.toString(module.enabled()),
                                "pinned", module.pinnedVersion() == null ? "" : module.pinnedVersion()))
                        .build());
            }
            snapshots.add(modules.build());
            CounterSnapshot.Builder operations = CounterSnapshot.builder().name("imio_operations")
                    .help("Operations on modules (enable, update, disable, rollback...) by outcome (succeeded, failed,"
                            + " rolled_back...), since the host was created");
            for (Map.Entry<String, Map<String, Long>> action : database.ledger().outcomes().entrySet()) {
                for (Map.Entry<String, Long> outcome : action.getValue().entrySet()) {
                    operations.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(outcome.getValue())
                            .labels(Labels.of("action", action.getKey(), "outcome", outcome.getKey())).build());
                }
            }
            snapshots.add(operations.build());
        } catch (SQLException e) {
            LOG.warn("Module figures unavailable for /metrics: {}", e.getMessage());
        }
        SyncStatus sync = catalogue.status();
        if (sync.lastSync() != null) {
            Instant last = sync.lastSync();
            snapshots.add(gauge("imio_sync_last_success_timestamp_seconds",
                    "When the host last synced with the central repository successfully (Unix time)",
                    last.getEpochSecond()));
            snapshots.add(gauge("imio_sync_last_success_age_seconds",
                    "Seconds since the host last synced with the central repository successfully",
                    Math.max(0, Instant.now().getEpochSecond() - last.getEpochSecond())));
        }
        return new MetricSnapshots(snapshots);
    }

    private static GaugeSnapshot gauge(String name, String help, double value) {
        return GaugeSnapshot.builder().name(name).help(help)
                .dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder().value(value).build()).build();
    }
}
