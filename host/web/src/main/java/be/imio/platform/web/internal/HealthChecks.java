package be.imio.platform.web.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.web.metrics.PlatformMetrics;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.HealthVerdicts;

/** Every registered {@link HealthCheck}, asked together and folded into one verdict. */
@Component(service = {HealthChecks.class, PlatformMetrics.HealthStates.class})
public final class HealthChecks implements PlatformMetrics.HealthStates {

    /** One check's answer, with the module it speaks for. */
    record Result(String module, HealthStatus status) {
    }

    private record Registered(HealthCheck check, String module) {
    }

    /** How long one check may take (its contract says a second). */
    static final java.time.Duration LIMIT = java.time.Duration.ofSeconds(2);

    private final List<Registered> checks = new CopyOnWriteArrayList<>();

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCheck(HealthCheck check, Map<String, Object> properties) {
        Object module = properties.get(HealthCheck.MODULE);
        checks.add(new Registered(check, module == null ? "platform" : module.toString()));
    }

    void removeCheck(HealthCheck check) {
        checks.removeIf(registered -> registered.check() == check);
    }

    @Override
    public Map<String, HealthStatus.State> states() {
        Map<String, HealthStatus.State> states = new java.util.TreeMap<>();
        for (Result result : runAll()) {
            states.merge(result.module(), result.status().state(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
        }
        return states;
    }

    List<Result> runAll() {
        return checks.stream().map(registered -> new Result(registered.module(), run(registered.check()))).toList();
    }

    /** The worst of {@code results}, or up when there is nothing to check. */
    static HealthStatus overall(List<Result> results) {
        HealthStatus overall = HealthStatus.up("");
        for (Result result : results) {
            overall = overall.worst(result.status());
        }
        return overall;
    }

    /** A module's check that blocks or throws must not take {@code /health} and {@code /api/status} with it. */
    private static HealthStatus run(HealthCheck check) {
        return HealthVerdicts.ask(check, LIMIT);
    }
}
