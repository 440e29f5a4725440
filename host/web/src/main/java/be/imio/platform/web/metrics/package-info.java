/**
 * The platform's metrics for the monitoring local IT runs ({@code /metrics}, OpenMetrics or
 * Prometheus text, from Prometheus' own Java client): one registry per instance, to which the
 * platform's bundles add their figures as {@code io.prometheus.metrics.model.registry.MultiCollector}
 * services (a whiteboard). Internal: not exported.
 */
package be.imio.platform.web.metrics;
