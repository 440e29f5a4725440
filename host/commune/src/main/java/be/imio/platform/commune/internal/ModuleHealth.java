package be.imio.platform.commune.internal;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;

/**
 * Decides whether a module that was just enabled or updated works: every bundle of its feature
 * active (fragments resolved), and every health check it registers, or declares in its manifest,
 * passing. Waits up to a time limit, then says why not.
 */
final class ModuleHealth {

    /** The module did not become healthy; the message says why, for people. */
    static final class Unhealthy extends Exception {
        private static final long serialVersionUID = 1L;

        Unhealthy(String message) {
            super(message);
        }
    }

    /** A bundle that stays resolved this long after Karaf started it has failed to start. */
    private static final Duration START_GRACE = Duration.ofSeconds(3);

    private final BundleContext context;

    ModuleHealth(BundleContext context) {
        this.context = context;
    }

    void await(String module, Feature feature, Duration timeout) throws Unhealthy, InterruptedException {
        long started = System.nanoTime();
        long deadline = started + timeout.toNanos();
        String problem;
        do {
            problem = problem(module, feature, System.nanoTime() - started > START_GRACE.toNanos());
            if (problem == null) {
                return;
            }
            if (problem.startsWith("!")) {
                throw new Unhealthy(problem.substring(1));
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new Unhealthy(problem + " (après " + timeout.toSeconds() + " s / after " + timeout.toSeconds() + " s)");
    }

    /** The present verdict on the module: DOWN when a bundle is not active, else the worst of its checks. */
    HealthStatus status(String module, Feature feature) {
        String problem = feature == null ? null : problem(module, feature, true);
        if (problem != null) {
            return HealthStatus.down(problem.startsWith("!") ? problem.substring(1) : problem);
        }
        HealthStatus verdict = null;
        for (ServiceReference<HealthCheck> reference : references(module)) {
            HealthCheck check = context.getService(reference);
            try {
                HealthStatus one = check == null ? HealthStatus.down("health check unavailable") : safeCheck(check);
                verdict = verdict == null ? one : verdict.worst(one);
            } finally {
                if (check != null) {
                    context.ungetService(reference);
                }
            }
        }
        return verdict == null ? HealthStatus.up("") : verdict;
    }

    /** Null when healthy; a reason otherwise, starting with '!' when waiting longer cannot help. */
    private String problem(String module, Feature feature, boolean graceOver) {
        boolean declaresCheck = false;
        for (BundleInfo info : feature.getBundles()) {
            Bundle bundle = context.getBundle(info.getLocation());
            if (bundle == null) {
                return "!le bundle " + info.getLocation() + " n'est pas installé / bundle is not installed";
            }
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            int state = bundle.getState();
            if (fragment ? state != Bundle.RESOLVED : state != Bundle.ACTIVE) {
                String message = "le bundle " + bundle.getSymbolicName() + " " + bundle.getVersion()
                        + " n'est pas actif / bundle is not active (" + stateName(state) + ")";
                return (graceOver && state != Bundle.STARTING ? "!" : "") + message;
            }
            declaresCheck |= declaresHealthCheck(bundle);
        }
        List<ServiceReference<HealthCheck>> checks = references(module);
        if (checks.isEmpty()) {
            return declaresCheck ? "le contrôle de santé du module n'est pas enregistré / the module's health check"
                    + " is not registered" : null;
        }
        for (ServiceReference<HealthCheck> reference : checks) {
            HealthCheck check = context.getService(reference);
            if (check == null) {
                return "le contrôle de santé n'a pas pu démarrer / the health check could not start";
            }
            try {
                HealthStatus verdict = safeCheck(check);
                if (verdict.state() == HealthStatus.State.DOWN) {
                    return "contrôle de santé en échec / health check down: " + verdict.message();
                }
            } finally {
                context.ungetService(reference);
            }
        }
        return null;
    }

    private List<ServiceReference<HealthCheck>> references(String module) {
        try {
            return new ArrayList<>(context.getServiceReferences(HealthCheck.class,
                    "(" + HealthCheck.MODULE + "=" + module + ")"));
        } catch (InvalidSyntaxException e) {
            return List.of();
        }
    }

    private static boolean declaresHealthCheck(Bundle bundle) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return false;
        }
        for (BundleCapability capability : revision.getDeclaredCapabilities("osgi.service")) {
            Object classes = capability.getAttributes().get("objectClass");
            if (classes instanceof List<?> list && list.contains(HealthCheck.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static HealthStatus safeCheck(HealthCheck check) {
        try {
            HealthStatus verdict = check.check();
            return verdict == null ? HealthStatus.down("no verdict") : verdict;
        } catch (RuntimeException e) {
            return HealthStatus.down(e.getMessage());
        }
    }

    private static String stateName(int state) {
        return switch (state) {
            case Bundle.INSTALLED -> "installed";
            case Bundle.RESOLVED -> "resolved";
            case Bundle.STARTING -> "starting";
            case Bundle.STOPPING -> "stopping";
            case Bundle.ACTIVE -> "active";
            default -> "uninstalled";
        };
    }
}
