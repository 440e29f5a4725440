package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.dto.BundleDTO;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;
import org.osgi.service.component.runtime.dto.ReferenceDTO;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.FailedServletDTO;
import org.osgi.service.http.runtime.dto.FilterDTO;
import org.osgi.service.http.runtime.dto.RuntimeDTO;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.runtime.dto.ServletDTO;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.web.whiteboard.LiveContext;

/** {@code /health}'s readiness: up only once every platform servlet and filter is served. */
class WebReadinessTest {

    private static final long BUNDLE = 7;

    /** One component of the fake SCR: its name, its state, and the service id it registered (0: none). */
    private record Fake(String name, String type, boolean waitsForContext, int state, long serviceId) {
    }

    private final List<Fake> components = new ArrayList<>();
    private final RuntimeDTO runtime = emptyRuntime();

    @Test
    void aServletThatWaitsForItsContextKeepsTheInstanceStarting() {
        components.add(new Fake("imio.host.api", "javax.servlet.Servlet", true,
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE, 0));
        HealthStatus status = readiness().check();
        assertEquals(HealthStatus.State.DOWN, status.state());
        assertTrue(status.message().contains("imio.host.api"), status.message());
    }

    @Test
    void aRegisteredServletTheContainerDoesNotListYetKeepsTheInstanceStarting() {
        components.add(new Fake("imio.health", "javax.servlet.Servlet", true, ComponentConfigurationDTO.ACTIVE, 41));
        components.add(new Fake("imio.host.api", "javax.servlet.Servlet", true, ComponentConfigurationDTO.SATISFIED, 42));
        serve(41);
        HealthStatus status = readiness().check();
        assertEquals(HealthStatus.State.DOWN, status.state());
        assertTrue(status.message().contains("imio.host.api") && !status.message().contains("imio.health"),
                status.message());
        serve(42);
        assertEquals(HealthStatus.State.UP, readiness().check().state());
    }

    @Test
    void aServletOrFilterTheContainerRefusedIsReported() {
        components.add(new Fake("imio.console", "javax.servlet.Servlet", true, ComponentConfigurationDTO.ACTIVE, 50));
        FailedServletDTO failed = new FailedServletDTO();
        failed.serviceId = 50;
        failed.failureReason = 3;
        runtime.failedServletDTOs = new FailedServletDTO[] {failed};
        HealthStatus status = readiness().check();
        assertEquals(HealthStatus.State.DOWN, status.state());
        assertTrue(status.message().contains("refuse") && status.message().contains("imio.console"), status.message());
        // Shadowed in one context and served in another: what users reach works.
        serve(50);
        assertEquals(HealthStatus.State.UP, readiness().check().state());
        components.add(new Fake("imio.headers", "javax.servlet.Filter", true, ComponentConfigurationDTO.ACTIVE, 60));
        assertEquals(HealthStatus.State.DOWN, readiness().check().state(), "a filter not listed yet");
        FilterDTO filter = new FilterDTO();
        filter.serviceId = 60;
        runtime.servletContextDTOs[0].filterDTOs = new FilterDTO[] {filter};
        assertEquals(HealthStatus.State.UP, readiness().check().state());
    }

    @Test
    void componentsThatAreNotThePlatformsServletsDoNotCount() {
        components.add(new Fake("a.module.servlet", "javax.servlet.Servlet", false,
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE, 0));
        components.add(new Fake("imio.marker.user", "java.lang.Runnable", true,
                ComponentConfigurationDTO.UNSATISFIED_REFERENCE, 0));
        assertEquals(HealthStatus.State.UP, readiness().check().state());
    }

    private void serve(long serviceId) {
        ServletDTO servlet = new ServletDTO();
        servlet.serviceId = serviceId;
        ServletContextDTO context = runtime.servletContextDTOs[0];
        List<ServletDTO> servlets = new ArrayList<>(List.of(context.servletDTOs));
        servlets.add(servlet);
        context.servletDTOs = servlets.toArray(ServletDTO[]::new);
    }

    private static RuntimeDTO emptyRuntime() {
        RuntimeDTO dto = new RuntimeDTO();
        ServletContextDTO context = new ServletContextDTO();
        context.name = "default";
        context.servletDTOs = new ServletDTO[0];
        context.errorPageDTOs = new org.osgi.service.http.runtime.dto.ErrorPageDTO[0];
        context.filterDTOs = new FilterDTO[0];
        dto.servletContextDTOs = new ServletContextDTO[] {context};
        dto.failedServletDTOs = new FailedServletDTO[0];
        dto.failedErrorPageDTOs = new org.osgi.service.http.runtime.dto.FailedErrorPageDTO[0];
        dto.failedFilterDTOs = new org.osgi.service.http.runtime.dto.FailedFilterDTO[0];
        return dto;
    }

    private WebReadiness readiness() {
        return new WebReadiness(context(), scr(), proxy(HttpServiceRuntime.class, (name, args) -> runtime));
    }

    private ServiceComponentRuntime scr() {
        return proxy(ServiceComponentRuntime.class, (name, args) -> switch (name) {
            case "getComponentDescriptionDTOs" -> components.stream().map(WebReadinessTest::description).toList();
            case "isComponentEnabled" -> true;
            case "getComponentConfigurationDTOs" -> components.stream()
                    .filter(c -> c.name().equals(((ComponentDescriptionDTO) args[0]).name))
                    .map(WebReadinessTest::configuration).toList();
            default -> throw new UnsupportedOperationException(name);
        });
    }

    private static ComponentDescriptionDTO description(Fake fake) {
        ComponentDescriptionDTO description = new ComponentDescriptionDTO();
        description.name = fake.name();
        description.serviceInterfaces = new String[] {fake.type()};
        ReferenceDTO reference = new ReferenceDTO();
        reference.name = "context";
        reference.interfaceName = fake.waitsForContext() ? LiveContext.class.getName() : "some.Other";
        description.references = new ReferenceDTO[] {reference};
        description.bundle = new BundleDTO();
        description.bundle.id = BUNDLE;
        return description;
    }

    private static ComponentConfigurationDTO configuration(Fake fake) {
        ComponentConfigurationDTO configuration = new ComponentConfigurationDTO();
        configuration.id = fake.name().hashCode();
        configuration.state = fake.state();
        return configuration;
    }

    /** A bundle context that finds the service each fake component registered, by component name and id. */
    private BundleContext context() {
        Bundle bundle = proxy(Bundle.class, (name, args) -> name.equals("getBundleId") ? BUNDLE : null);
        return proxy(BundleContext.class, (name, args) -> {
            if (!name.equals("getAllServiceReferences")) {
                throw new UnsupportedOperationException(name);
            }
            String filter = (String) args[1];
            for (Fake fake : components) {
                if (fake.serviceId() != 0 && filter.contains("(component.name=" + fake.name() + ")")
                        && filter.contains("(component.id=" + fake.name().hashCode() + ")")) {
                    Dictionary<String, Object> properties = new Hashtable<>(Map.of("service.id", fake.serviceId()));
                    return new ServiceReference<?>[] {proxy(ServiceReference.class, (called, a) -> switch (called) {
                        case "getBundle" -> bundle;
                        case "getProperty" -> properties.get((String) a[0]);
                        default -> throw new UnsupportedOperationException(called);
                    })};
                }
            }
            return null;
        });
    }

    private interface Answer {
        Object answer(String method, Object[] args);
    }

    @SuppressWarnings("unchecked")
    private static <T> T proxy(Class<T> type, Answer answer) {
        return (T) Proxy.newProxyInstance(WebReadinessTest.class.getClassLoader(), new Class<?>[] {type},
                (self, method, args) -> method.getDeclaringClass() == Object.class
                        ? (method.getName().equals("hashCode") ? System.identityHashCode(self) : method.getName().equals("equals") ? self == args[0] : type.getName())
                        : answer.answer(method.getName(), args));
    }
}
