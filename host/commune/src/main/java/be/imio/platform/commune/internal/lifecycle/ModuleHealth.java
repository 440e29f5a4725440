package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

import org.apache.karaf.features.Feature;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleRevision;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.internal.mount.ModuleServlets;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * Decides whether a module that was just enabled or updated works, and says why not: every bundle
 * of its feature active (fragments resolved), found by what it is ({@link ModuleBundles}); every
 * Declarative Services component of those bundles active or satisfied ({@link ModuleComponents});
 * its servlet ({@code imio.module=NAME}) registered when it declares one (a component offering it,
 * or an {@code osgi.service} capability in a manifest); every health check it registers, or
 * declares in its manifest, passing.
 * <p>
 * {@link #await} waits for that up to a time limit, but gives up at once on what waiting cannot
 * mend: a bundle missing, a component whose activation failed. A bundle that is not started, an
 * unsatisfied reference or configuration, or a servlet not registered may be transient (a service
 * registered a moment later), so they end the wait only once nothing in the module has changed for
 * {@link #STUCK_GRACE}. A module's own health check may take the whole time limit to come up.
 */
public final class ModuleHealth implements ModuleProbe {

    /** The module did not become healthy; the message says why, for people. */
    static final class Unhealthy extends Exception implements Worded {
        private static final long serialVersionUID = 1L;
        private final transient Bilingual words;
        private final String technical;

        Unhealthy(Bilingual words, String technical) {
            super(words.stored());
            this.words = words;
            this.technical = technical;
        }

        @Override
        public Bilingual words() {
            return words;
        }

        /** What the framework recorded (a component's stack trace), for the operation's detail; or null. */
        @Override
        public String technical() {
            return technical;
        }
    }

    /**
     * How long a module may stay without any change of its bundles' and components' states while
     * something is not started or unsatisfied, before that is its verdict.
     */
    static final Duration STUCK_GRACE = Duration.ofSeconds(2);

    /** How long waiting can help with a problem. */
    private enum Wait {
        /** Nothing that comes later can mend it. */
        NEVER,
        /** Only while the module still changes: within {@link #STUCK_GRACE} of its last change. */
        WHILE_CHANGING,
        /** Until the time limit: the module's own checks decide when it is ready. */
        UNTIL_TIMEOUT
    }

    /** Why the module is not healthy now, and whether waiting can help. */
    private record Problem(Bilingual reason, Wait patience, String technical) {

        Problem(Bilingual reason, Wait patience) {
            this(reason, patience, null);
        }
    }

    /**
     * The module as seen now: its problem (null when healthy) and its states, to tell progress;
     * {@code platformReady} when all that is left, if anything, is the module's own health checks.
     */
    private record Look(Problem problem, String states, boolean platformReady) {
        Look(Problem problem, String states) {
            this(problem, states, false);
        }
    }

    private final BundleContext context;
    private final ModuleServlets servlets;
    private final ModuleBundles bundles;
    private final ModuleComponents components;
    private final ModuleChecks checks;

    ModuleHealth(BundleContext context, ModuleServlets servlets) {
        this(context, servlets, ModuleBundles.verifiedFolder(context));
    }

    ModuleHealth(BundleContext context, ModuleServlets servlets, Path verified) {
        this.context = context;
        this.servlets = servlets;
        this.bundles = new ModuleBundles(context, verified);
        this.components = new ModuleComponents(context);
        this.checks = new ModuleChecks(context);
    }

    /**
     * {@link #await}, running {@code platformReady} once, as soon as the platform's own checks pass
     * (bundles, components, pages mounted) and only the module's own health checks may be left:
     * from then on its pages may serve, while its checks have the rest of the time limit.
     */
    @Override
    public void await(String module, Feature feature, Duration timeout, Runnable platformReady)
            throws Unhealthy, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String states = null;
        long changed = System.nanoTime();
        boolean ready = false;
        Problem problem;
        do {
            Look look = look(module, feature);
            if (look.platformReady() && !ready) {
                ready = true;
                platformReady.run();
            }
            problem = look.problem();
            if (problem == null) {
                return;
            }
            if (!look.states().equals(states)) {
                states = look.states();
                changed = System.nanoTime();
            }
            boolean stuck = System.nanoTime() - changed > STUCK_GRACE.toNanos();
            if (problem.patience() == Wait.NEVER || problem.patience() == Wait.WHILE_CHANGING && stuck) {
                throw new Unhealthy(problem.reason(), problem.technical());
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new Unhealthy(Bilingual.of(Message.of("health.after", problem.reason().message(), timeout.toSeconds())),
                problem.technical());
    }

    /** What each bundle {@code feature} names is (symbolic name and version), installed or not. */
    @Override
    public Collection<ModuleBundles.Identity> identities(Feature feature) throws ModuleBundles.Unknown {
        return feature == null ? List.of() : List.copyOf(bundles.of(feature).keySet());
    }

    /** The bundles of {@code feature} installed now, found by what they are; none when Karaf does not know it. */
    @Override
    public Collection<Bundle> bundlesOf(Feature feature) {
        if (feature == null) {
            return List.of();
        }
        try {
            return bundles.of(feature).values().stream().filter(java.util.Objects::nonNull).toList();
        } catch (ModuleBundles.Unknown e) {
            return List.of();
        }
    }

    /** The present verdict on the module: DOWN when it does not run as it should, else the worst of its checks. */
    HealthStatus status(String module, Feature feature) {
        Problem problem = feature == null ? null : look(module, feature).problem();
        if (problem != null) {
            return HealthStatus.of(HealthStatus.State.DOWN, problem.reason().message().words());
        }
        HealthStatus verdict = null;
        for (ServiceReference<HealthCheck> reference : checks.of(module)) {
            HealthStatus one = checks.ask(reference);
            verdict = verdict == null ? one : verdict.worst(one);
        }
        return verdict == null ? HealthStatus.up("") : verdict;
    }

    private Look look(String module, Feature feature) {
        Map<ModuleBundles.Identity, Bundle> found;
        try {
            found = bundles.of(feature);
        } catch (ModuleBundles.Unknown e) {
            return new Look(new Problem(e.words(), Wait.NEVER), "");
        }
        StringBuilder states = new StringBuilder();
        boolean declaresCheck = false;
        boolean declaresServlet = false;
        for (Map.Entry<ModuleBundles.Identity, Bundle> entry : found.entrySet()) {
            Bundle bundle = entry.getValue();
            if (bundle == null) {
                return new Look(new Problem(words("health.bundle-not-installed", entry.getKey()), Wait.NEVER), "");
            }
            int state = bundle.getState();
            states.append(bundle.getBundleId()).append('=').append(state).append(';');
            boolean fragment = bundle.getHeaders().get("Fragment-Host") != null;
            if (fragment ? state != Bundle.RESOLVED : state != Bundle.ACTIVE) {
                return new Look(new Problem(words("health.bundle-not-active", entry.getKey(), stateName(state)),
                        state == Bundle.STARTING ? Wait.UNTIL_TIMEOUT : Wait.WHILE_CHANGING),
                        states.toString());
            }
            declaresCheck |= declares(bundle, HealthCheck.class.getName());
            declaresServlet |= declares(bundle, ModuleComponents.SERVLET);
        }
        if (!servlets.following()) {
            activatePages(module, found.values());
        }
        ModuleComponents.Report report = components.inspect(module, found.values());
        states.append(report.states());
        if (report.finding() != null) {
            return new Look(new Problem(report.finding().words(),
                    report.finding().failed() ? Wait.NEVER : Wait.WHILE_CHANGING, report.finding().technical()),
                    states.toString());
        }
        List<ServiceReference<?>> offered = servletsOf(module, found.values());
        for (ServiceReference<?> servlet : offered) {
            ModuleServlets.Fate fate = servlets.fate(servlet);
            if (fate instanceof ModuleServlets.Failed failed) {
                return new Look(new Problem(words("health.pages-failed", failed.reason()), Wait.NEVER), states.toString());
            }
            if (fate instanceof ModuleServlets.Mounting) {
                // Its start-up runs: a component may take its time, up to the time limit.
                return new Look(new Problem(words("health.pages-starting"), Wait.UNTIL_TIMEOUT), states.toString());
            }
            if (fate == null && servlets.following()) {
                return new Look(new Problem(words("health.pages-starting"), Wait.WHILE_CHANGING), states.toString());
            }
        }
        if ((report.declaresServlet() || declaresServlet) && offered.isEmpty()) {
            return new Look(new Problem(words("health.pages-not-registered", ModuleComponents.SERVLET,
                    WebContexts.MODULE + "=" + module), Wait.WHILE_CHANGING), states.toString());
        }
        return new Look(checks(module, declaresCheck), states.toString(), true);
    }

    /**
     * Before the modules' dispatcher has served its first request (the web container starts it
     * then), nothing has got the module's page servlets, and a page component whose activation
     * fails would go unseen: each is got once here, so that its component starts, or fails to and
     * says so (FAILED_ACTIVATION, read next by {@link ModuleComponents}).
     */
    private void activatePages(String module, Collection<Bundle> moduleBundles) {
        for (ServiceReference<?> servlet : servletsOf(module, moduleBundles)) {
            try {
                if (context.getService(servlet) != null) {
                    context.ungetService(servlet);
                }
            } catch (RuntimeException e) {
                // SCR logs the activation's failure and records it; the inspection reads it.
            }
        }
    }

    /** The module's own health checks: null when they pass. */
    private Problem checks(String module, boolean declaresCheck) {
        List<ServiceReference<HealthCheck>> registered = checks.of(module);
        if (registered.isEmpty()) {
            return declaresCheck ? new Problem(words("health.check-not-registered"), Wait.UNTIL_TIMEOUT) : null;
        }
        for (ServiceReference<HealthCheck> reference : registered) {
            HealthStatus verdict = checks.ask(reference);
            if (verdict.state() == HealthStatus.State.DOWN) {
                return new Problem(words("health.check-down", ModuleChecks.quoted(verdict)), Wait.UNTIL_TIMEOUT);
            }
        }
        return null;
    }

    /**
     * The servlets {@code moduleBundles} registered for {@code module}, as the host sees them (the
     * containment hook hides one naming another module).
     */
    private List<ServiceReference<?>> servletsOf(String module, Collection<Bundle> moduleBundles) {
        List<ServiceReference<?>> offered = new ArrayList<>();
        try {
            ServiceReference<?>[] registered = context.getServiceReferences(ModuleComponents.SERVLET,
                    "(" + WebContexts.MODULE + "=" + module + ")");
            for (ServiceReference<?> servlet : registered == null ? new ServiceReference<?>[0] : registered) {
                if (servlet.getBundle() != null && moduleBundles.contains(servlet.getBundle())) {
                    offered.add(servlet);
                }
            }
        } catch (InvalidSyntaxException e) {
            // The module's name is checked before; a name that makes no filter offers no servlet.
        }
        return offered;
    }

    /** True when {@code bundle} says in its manifest that it registers a service of {@code type}. */
    private static boolean declares(Bundle bundle, String type) {
        BundleRevision revision = bundle.adapt(BundleRevision.class);
        if (revision == null) {
            return false;
        }
        for (BundleCapability capability : revision.getDeclaredCapabilities("osgi.service")) {
            Object classes = capability.getAttributes().get("objectClass");
            if (classes instanceof List<?> list && list.contains(type)) {
                return true;
            }
        }
        return false;
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

    /** One reason for staff: the engine's text {@code key} with {@code arguments}. */
    private static Bilingual words(String key, Object... arguments) {
        return Bilingual.of(Message.of(key, arguments));
    }
}
