package be.imio.platform.web.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.BaseServletDTO;
import org.osgi.service.http.runtime.dto.FailedErrorPageDTO;
import org.osgi.service.http.runtime.dto.FailedFilterDTO;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.FilterDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * Whether every servlet and filter of the platform is served: down while one is still on its way
 * (its component waits for its {@link LiveContext}, or the web container has not listed it yet)
 * and when the container refused one. {@code /health} says 200 only once this is up, so that a
 * supervisor that waits for it finds {@code /api}, the console and the modules' pages answering.
 *
 * <p>The platform's servlets and filters are the Declarative Services components, of any bundle,
 * that reference a {@link LiveContext}: their state comes from SCR's runtime DTOs
 * ({@link ServiceComponentRuntime}, OSGi Compendium 112.12), what the container serves from its
 * runtime DTO ({@link HttpServiceRuntime#getRuntimeDTO()}, 140.9), matched by service id.
 */
@Component(service = {WebReadiness.class, HealthCheck.class}, property = HealthCheck.MODULE + "=web")
public final class WebReadiness implements HealthCheck {

    private static final String SERVLET = "javax.servlet.Servlet";
    private static final String FILTER = "javax.servlet.Filter";
    private static final int MAX_NAMED = 3;

    private final BundleContext context;
    private final ServiceComponentRuntime scr;
    private final HttpServiceRuntime runtime;

    @Activate
    public WebReadiness(BundleContext context, @Reference ServiceComponentRuntime scr,
            @Reference HttpServiceRuntime runtime) {
        this.context = context;
        this.scr = scr;
        this.runtime = runtime;
    }

    @Override
    public HealthStatus check() {
        Served served = served(runtime.getRuntimeDTO());
        List<String> waiting = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        for (ComponentDescriptionDTO description : scr.getComponentDescriptionDTOs()) {
            if (!isPlatformWeb(description) || !scr.isComponentEnabled(description)) {
                continue;
            }
            for (ComponentConfigurationDTO configuration : scr.getComponentConfigurationDTOs(description)) {
                if (configuration.state != ComponentConfigurationDTO.ACTIVE
                        && configuration.state != ComponentConfigurationDTO.SATISFIED) {
                    waiting.add(description.name);
                    continue;
                }
                Long serviceId = serviceOf(description, configuration);
                String failure = serviceId == null ? null : served.failed().get(serviceId);
                if (failure != null) {
                    refused.add(description.name + " (" + failure + ")");
                } else if (serviceId == null || !served.ids().contains(serviceId)) {
                    waiting.add(description.name);
                }
            }
        }
        if (!refused.isEmpty()) {
            return HealthStatus.of(HealthStatus.State.DOWN, WebTexts.message("health.web.refused", named(refused)));
        }
        if (!waiting.isEmpty()) {
            return HealthStatus.of(HealthStatus.State.DOWN, WebTexts.message("health.web.starting", named(waiting)));
        }
        return HealthStatus.up("");
    }

    /** The service ids the container serves, and those it refused with the reason's code. */
    record Served(java.util.Set<Long> ids, Map<Long, String> failed) {
    }

    static Served served(RuntimeDTO dto) {
        java.util.Set<Long> ids = new java.util.HashSet<>();
        Map<Long, String> failed = new HashMap<>();
        for (ServletContextDTO servletContext : dto.servletContextDTOs) {
            for (BaseServletDTO servlet : servletContext.servletDTOs) {
                ids.add(servlet.serviceId);
            }
            for (BaseServletDTO page : servletContext.errorPageDTOs) {
                ids.add(page.serviceId);
            }
            for (FilterDTO filter : servletContext.filterDTOs) {
                ids.add(filter.serviceId);
            }
        }
        for (FailedServletDTO servlet : dto.failedServletDTOs) {
            failed.put(servlet.serviceId, "code " + servlet.failureReason);
        }
        for (FailedErrorPageDTO page : dto.failedErrorPageDTOs) {
            failed.put(page.serviceId, "code " + page.failureReason);
        }
        for (FailedFilterDTO filter : dto.failedFilterDTOs) {
            failed.put(filter.serviceId, "code " + filter.failureReason);
        }
        // A service the container serves in one context and refused in another (a shadowed
        // duplicate, 140.9) is served: what users reach works.
        failed.keySet().removeAll(ids);
        return new Served(ids, failed);
    }

    private static boolean isPlatformWeb(ComponentDescriptionDTO description) {
        boolean web = description.serviceInterfaces != null && Arrays.stream(description.serviceInterfaces)
                .anyMatch(type -> type.equals(SERVLET) || type.equals(FILTER));
        return web && description.references != null && Arrays.stream(description.references)
                .map(reference -> reference.interfaceName)
                .anyMatch(LiveContext.class.getName()::equals);
    }

    /** The id of the service {@code configuration} registered, or null while it has none. */
    private Long serviceOf(ComponentDescriptionDTO description, ComponentConfigurationDTO configuration) {
        String filter = "(&(component.name=" + description.name + ")(component.id=" + configuration.id + "))";
        try {
            ServiceReference<?>[] references = context.getAllServiceReferences(null, filter);
            if (references == null) {
                return null;
            }
            for (ServiceReference<?> reference : references) {
                Bundle bundle = reference.getBundle();
                if (bundle != null && bundle.getBundleId() == description.bundle.id) {
                    return (Long) reference.getProperty("service.id");
                }
            }
            return null;
        } catch (InvalidSyntaxException e) {
            return null; // a component name with filter characters: not one of the platform's
        }
    }

    private static String named(List<String> names) {
        String shown = String.join(", ", names.subList(0, Math.min(MAX_NAMED, names.size())));
        return names.size() > MAX_NAMED ? shown + " (+" + (names.size() - MAX_NAMED) + ")" : shown;
    }
}
