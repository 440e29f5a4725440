package be.imio.platform.repository.internal.metrics;

import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.RepositoryDatabase;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The central repository's operations for {@code /metrics}: every audited change (release,
 * promote, revoke, publisher and host changes, signing ceremonies) by action and outcome, read from
 * the audit log at each scrape, so the counts survive restarts.
 */
@Component(service = MultiCollector.class)
public final class RepositoryMetrics implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryMetrics.class);

    private final RepositoryDatabase database;

    @Activate
    public RepositoryMetrics(@Reference RepositoryDatabase database) {
        this.database = database;
    }

    @Override
    public MetricSnapshots collect() {
        CounterSnapshot.Builder operations = CounterSnapshot.builder().name("imio_operations")
                .help("The repository's audited changes (release, promote, revoke, publisher, host...) by outcome,"
                        + " since the repository was created");
        try {
            for (Map.Entry<String, Map<String, Long>> action : database.audit().outcomes().entrySet()) {
                for (Map.Entry<String, Long> outcome : action.getValue().entrySet()) {
                    operations.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder().value(outcome.getValue())
                            .labels(Labels.of("action", action.getKey(), "outcome", outcome.getKey())).build());
                }
            }
        } catch (SQLException e) {
            LOG.warn("The audit log's figures are unavailable for /metrics: {}", e.getMessage());
            return new MetricSnapshots(List.of());
        }
        return new MetricSnapshots(operations.build());
    }
}
