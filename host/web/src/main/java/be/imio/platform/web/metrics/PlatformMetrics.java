package be.imio.platform.web.metrics;

import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import javax.management.MBeanServer;
import javax.management.ObjectName;

import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthStatus;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;

/**
 * The instance's metrics registry and the figures the web bundle knows: the JVM's (heap, threads,
 * garbage collection), the HTTP requests every context of the platform served and how long they
 * took, the state of every health check, and the database pool (the JMX beans of commons-pool2,
 * which pax-jdbc's DBCP2 pool registers). Other bundles add theirs as {@link MultiCollector} services.
 */
@Component(service = PlatformMetrics.class)
public final class PlatformMetrics {

    private static final Logger LOG = LoggerFactory.getLogger(PlatformMetrics.class);
    /** commons-pool2's pools, under the domain pax-jdbc gives them ({@code org.ops4j.pax.jdbc.pool.dbcp2}). */
    private static final String POOLS = "*:type=GenericObjectPool,*";

    /** Where the platform's own bundles are installed from (Maven coordinates in the distribution's system/). */
    private static final String PLATFORM_LOCATION = "mvn:be.imio.platform/imio-platform-";

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final java.util.Map<MultiCollector, Guarded> collectors = new java.util.concurrent.ConcurrentHashMap<>();
    private final Histogram requests;

    /** Reads the health checks' states; a function so that this class stays out of the web bundle's internals. */
    public interface HealthStates {
        /** Each check's module (or "platform") and its state now. */
        java.util.Map<String, HealthStatus.State> states();
    }

    @Activate
    public PlatformMetrics(@Reference HealthStates health) {
        JvmMetrics.builder().register(registry);
        requests = Histogram.builder().name("imio_http_request_duration_seconds")
                .help("HTTP requests the platform answered, by context (/api, /console, /modules...), method and"
                        + " status, and how long each took")
                .labelNames("context", "method", "status")
                // No exemplars: they need a tracer, which the platform has not.
                .withoutExemplars().register(registry);
        GaugeWithCallback.builder().name("imio_health_state")
                .help("1 for each health check's current state (UP, DEGRADED, DOWN), 0 for the others")
                .labelNames("check", "state")
                .callback(callback -> health.states().forEach((check, state) -> {
                    for (HealthStatus.State one : HealthStatus.State.values()) {
                        callback.call(one == state ? 1 : 0, check, one.name());
                    }
                })).register(registry);
        MBeanServer beans = ManagementFactory.getPlatformMBeanServer();
        GaugeWithCallback.builder().name("imio_db_pool_connections")
                .help("Connections of the platform's database pool: active (lent out), idle, max (the bound),"
                        + " waiting (threads waiting for one)")
                .labelNames("pool", "state")
                .callback(callback -> pools(beans, callback)).register(registry);
    }

    /** The registry {@code /metrics} writes. */
    public PrometheusRegistry registry() {
        return registry;
    }

    /** Counts one answered request of {@code context} and its duration in nanoseconds. */
    public void request(String context, String method, int status, long nanos) {
        String known = switch (method) {
            case "GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH" -> method;
            default -> "other";
        };
        requests.labelValues(context, known, Integer.toString(status)).observe(nanos / (double) TimeUnit.SECONDS.toNanos(1));
    }

    /**
     * Adds the figures of a platform bundle (installed from the distribution's {@code system/},
     * {@code mvn:be.imio.platform/imio-platform-...}); a collector registered by any other bundle,
     * a module's above all, is ignored: a module could otherwise forge the platform's figures (a
     * health state, an operation count) or break every scrape.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCollector(MultiCollector collector, ServiceReference<MultiCollector> reference) {
        Bundle bundle = reference.getBundle();
        if (bundle == null || !bundle.getLocation().startsWith(PLATFORM_LOCATION)) {
            LOG.warn("Figures of bundle {} not added to /metrics: only the platform's bundles give them",
                    bundle == null ? "(gone)" : bundle.getSymbolicName());
            return;
        }
        Guarded guarded = new Guarded(collector);
        collectors.put(collector, guarded);
        registry.register(guarded);
    }

    void removeCollector(MultiCollector collector) {
        Guarded guarded = collectors.remove(collector);
        if (guarded != null) {
            registry.unregister(guarded);
        }
    }

    /** A collector whose failure leaves its figures out of one scrape, not the whole scrape. */
    private record Guarded(MultiCollector collector) implements MultiCollector {
        @Override
        public MetricSnapshots collect() {
            try {
                return collector.collect();
            } catch (RuntimeException e) {
                LOG.warn("Figures of {} left out of /metrics: {}", collector.getClass().getName(), e.toString());
                return new MetricSnapshots(java.util.List.of());
            }
        }
    }

    private static void pools(MBeanServer beans, GaugeWithCallback.Callback callback) {
        try {
            Set<ObjectName> names = beans.queryNames(new ObjectName(POOLS), null);
            for (ObjectName name : names) {
                String pool = name.getKeyProperty("name");
                callback.call(number(beans.getAttribute(name, "NumActive")), pool, "active");
                callback.call(number(beans.getAttribute(name, "NumIdle")), pool, "idle");
                callback.call(number(beans.getAttribute(name, "MaxTotal")), pool, "max");
                callback.call(number(beans.getAttribute(name, "NumWaiters")), pool, "waiting");
            }
        } catch (javax.management.JMException | RuntimeException e) {
            LOG.debug("Database pool figures unavailable: {}", e.toString());
        }
    }

    private static double number(Object value) {
        return value instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
