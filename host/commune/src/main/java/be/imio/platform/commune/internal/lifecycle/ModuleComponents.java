package be.imio.platform.commune.internal.lifecycle;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.component.runtime.dto.UnsatisfiedReferenceDTO;

import be.imio.platform.api.WebContexts;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * What Felix SCR says of a module's Declarative Services components, read through the
 * {@link ServiceComponentRuntime} service: every enabled component of the module's bundles must be
 * active, or satisfied and waiting to be used. A failed activation is final (SCR does not try
 * again until something changes); an unsatisfied reference or a missing configuration may be
 * transient (a service registered a moment later), so the caller decides how long to wait.
 */
public final class ModuleComponents {

    /** Servlets of the platform's web container: a module's pages are one of these, with {@code imio.module}. */
    static final String SERVLET = "javax.servlet.Servlet";
    private static final int MAX_FAILURE_CHARS = 600;
    /** The longest stack trace kept as an operation's detail (the journal's column holds 2,000 characters). */
    static final int MAX_TRACE_CHARS = 1_900;

    /** A component that does not run, and why, for people. */
    record Finding(String component, boolean failed, Bilingual words, String technical) {

        Finding(String component, boolean failed, Bilingual words) {
            this(component, failed, words, null);
        }

        /** Why, French then English, as the journal keeps it. */
        String reason() {
            return words.stored();
        }
    }

    /** What SCR reports of a module's components: their states (to see progress) and the worst finding. */
    record Report(String states, Finding finding, boolean declaresServlet) {
    }

    private final BundleContext context;

    public ModuleComponents(BundleContext context) {
        this.context = context;
    }

    /**
     * The components of {@code bundles} as SCR sees them for {@code module}; a report with no
     * finding and no states when SCR is not running (the framework then starts no component).
     */
    Report inspect(String module, Collection<Bundle> bundles) {
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = reference == null ? null : context.getService(reference);
        if (scr == null) {
            return new Report("", null, false);
        }
        try {
            StringBuilder states = new StringBuilder();
            Finding worst = null;
            boolean servlet = false;
            for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs(bundles.toArray(Bundle[]::new))) {
                servlet |= offersServlet(description, module);
                if (description.factory != null || !scr.isComponentEnabled(description)) {
                    continue; // a factory or a disabled component runs only when something asks for it
                }
                Collection<ComponentConfigurationDTO> configurations = scr.getComponentConfigurationDTOs(description);
                if (configurations.isEmpty()) {
                    states.append(description.name).append("=none;");
                    worst = worse(worst, waitingForConfiguration(description));
                }
                for (ComponentConfigurationDTO configuration : configurations) {
                    states.append(description.name).append('=').append(configuration.state).append(';');
                    worst = worse(worst, finding(description, configuration));
                }
            }
            return new Report(states.toString(), worst, servlet);
        } finally {
            context.ungetService(reference);
        }
    }

    /**
     * True when {@code service} was registered by a Declarative Services component whose activation
     * failed ({@code component.id} in state FAILED_ACTIVATION). Getting such a service makes SCR
     * try the activation again, in the getter's thread: the host, which rolls the release back
     * anyway, does not, so that a start-up that fails slowly runs once, not once per consumer.
     */
    public boolean failedActivation(ServiceReference<?> service) {
        return componentOf(service, (description, configuration) ->
                configuration.state == ComponentConfigurationDTO.FAILED_ACTIVATION);
    }

    /**
     * Waits, at most {@code limit}, while the immediate component that registered {@code service}
     * is satisfied but not yet active: Felix SCR registers such a component's service, then starts
     * it, in the same thread. Returns at once for a delayed component (getting its service is
     * what starts it) or a service not registered by a component.
     */
    public void awaitStartUp(ServiceReference<?> service, java.time.Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline && componentOf(service, (description, configuration) ->
                description.immediate && configuration.state == ComponentConfigurationDTO.SATISFIED)) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Whether {@code test} holds for the component configuration that registered {@code service}
     * (its {@code component.name} and {@code component.id} properties); false for a service no
     * component registered, or when SCR is not running.
     */
    private boolean componentOf(ServiceReference<?> service,
            java.util.function.BiPredicate<ComponentDescriptionDTO, ComponentConfigurationDTO> test) {
        Object name = service.getProperty("component.name");
        Object id = service.getProperty("component.id");
        Bundle bundle = service.getBundle();
        if (!(name instanceof String component) || !(id instanceof Long componentId) || bundle == null) {
            return false;
        }
        ServiceReference<ServiceComponentRuntime> reference = context.getServiceReference(ServiceComponentRuntime.class);
        ServiceComponentRuntime scr = reference == null ? null : context.getService(reference);
        if (scr == null) {
            return false;
        }
        try {
            ComponentDescriptionDTO description = scr.getComponentDescriptionDTO(bundle, component);
            return description != null && scr.getComponentConfigurationDTOs(description).stream()
                    .anyMatch(c -> c.id == componentId && test.test(description, c));
        } finally {
            context.ungetService(reference);
        }
    }

    /** What is wrong with one configuration of a component, or null when it runs or may run. */
    static Finding finding(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String who = who(description);
        return switch (configuration.state) {
            case ComponentConfigurationDTO.FAILED_ACTIVATION -> new Finding(description.name, true,
                    Bilingual.of(Message.of("health.component-failed", who, failure(configuration.failure))),
                    technical(configuration.failure));
            case ComponentConfigurationDTO.UNSATISFIED_REFERENCE -> new Finding(description.name, false,
                    unsatisfied(description, configuration));
            case ComponentConfigurationDTO.UNSATISFIED_CONFIGURATION -> waitingForConfiguration(description);
            default -> null;
        };
    }

    private static Finding waitingForConfiguration(ComponentDescriptionDTO description) {
        String who = who(description);
        String pids = description.configurationPid == null ? description.name
                : String.join(", ", description.configurationPid);
        return new Finding(description.name, false, Bilingual.of(Message.of("health.component-waits-for-configuration",
                who, pids)));
    }

    private static Bilingual unsatisfied(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String who = who(description);
        List<String> missing = new ArrayList<>();
        for (UnsatisfiedReferenceDTO reference : configuration.unsatisfiedReferences == null
                ? new UnsatisfiedReferenceDTO[0] : configuration.unsatisfiedReferences) {
            String service = reference.name;
            for (ReferenceDTO declared : description.references == null ? new ReferenceDTO[0] : description.references) {
                if (declared.name.equals(reference.name)) {
                    service = declared.interfaceName + " (" + reference.name + ")";
                }
            }
            missing.add(reference.target == null ? service : service + " " + reference.target);
        }
        String services = missing.isEmpty() ? "?" : String.join(", ", missing);
        return Bilingual.of(Message.of("health.component-lacks-service", who, services));
    }

    /** The component's name and its bundle, as Karaf's {@code scr:list} and {@code bundle:list} show them. */
    private static String who(ComponentDescriptionDTO description) {
        return description.name + (description.bundle == null ? ""
                : " (" + description.bundle.symbolicName + " " + description.bundle.version + ")");
    }

    /**
     * The exception SCR recorded ({@code failure} holds its stack trace): its first line, and the
     * root cause's when it has one, which is where a module's own message usually is.
     */
    static Message failure(String failure) {
        if (failure == null || failure.isBlank()) {
            return Message.of("cause.unknown-reason");
        }
        String[] lines = failure.strip().split("\\R");
        String first = lines[0].strip();
        String cause = null;
        for (String line : lines) {
            if (line.strip().startsWith("Caused by:")) {
                cause = line.strip().substring("Caused by:".length()).strip();
            }
        }
        String text = cause == null || first.contains(cause) ? first : first + " ; " + cause;
        String shown = text.length() > MAX_FAILURE_CHARS ? text.substring(0, MAX_FAILURE_CHARS) + "…" : text;
        return Message.pair(shown, shown);
    }

    /** For the operation's detail: the stack trace SCR recorded, its first lines. */
    static String technical(String failure) {
        if (failure == null || failure.isBlank()) {
            return null;
        }
        String trace = failure.strip();
        return trace.length() > MAX_TRACE_CHARS ? trace.substring(0, MAX_TRACE_CHARS) + "…" : trace;
    }

    /** A failed activation over anything; else the first finding. */
    private static Finding worse(Finding so, Finding found) {
        if (so == null || found != null && found.failed() && !so.failed()) {
            return found;
        }
        return so;
    }

    /** True when {@code description} offers a servlet for {@code module}: the module has pages to serve. */
    private static boolean offersServlet(ComponentDescriptionDTO description, String module) {
        return description.serviceInterfaces != null && Arrays.asList(description.serviceInterfaces).contains(SERVLET)
                && description.properties != null && module.equals(String.valueOf(description.properties.get(WebContexts.MODULE)));
    }
}
