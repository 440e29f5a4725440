package be.imio.platform.commune.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.osgi.service.component.annotations.Component;

/**
 * Which modules are being swapped now, and which are enabled, so that requests to a module's
 * paths get a 503 with {@code Retry-After} rather than a 404 while its servlets come and go.
 */
@Component(service = SwapGuard.class)
public final class SwapGuard {

    private final Set<String> swapping = ConcurrentHashMap.newKeySet();
    private volatile Set<String> enabled = Set.of();

    void begin(String module) {
        swapping.add(module);
    }

    void end(String module) {
        swapping.remove(module);
    }

    void enabled(Set<String> modules) {
        enabled = Set.copyOf(modules);
    }

    boolean isSwapping(String module) {
        return swapping.contains(module);
    }

    /** True when requests to {@code module} should be retried shortly rather than refused. */
    boolean expectsModule(String module) {
        return swapping.contains(module) || enabled.contains(module);
    }
}
