package be.imio.platform.web.internal;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.runtime.HttpServiceRuntime;
import org.osgi.service.http.runtime.dto.ServletContextDTO;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.web.whiteboard.LiveContext;

/**
 * Registers a {@link LiveContext} for each context a bundle of the platform registers (this one's,
 * the default included, and the console's), once the container's runtime lists that very context
 * (by service id: the Whiteboard implementation's own default context has the same name), and
 * takes it back when the context goes. The
 * runtime says nothing when a context arrives (its change count moves before the change, and
 * reading the runtime moves it too), so the runtime is read every {@value #POLL_MILLIS} ms while a
 * context is awaited, and not at all once every context is live.
 */
@Component(immediate = true)
public final class LiveContexts {

    private static final Logger LOG = LoggerFactory.getLogger(LiveContexts.class);
    static final long POLL_MILLIS = 100;
    /** The prefix of the symbolic names of the platform's bundles, whose contexts are awaited. */
    static final String PLATFORM_BUNDLES = "be.imio.platform.";

    private final BundleContext bundleContext;
    private final HttpServiceRuntime runtime;
    // Everything below is touched only on the executor's one thread.
    private final ScheduledExecutorService executor;
    /** Each context awaited, by name: the service id of its helper. */
    private final Map<String, Long> awaited = new HashMap<>();
    private final Set<String> listedOnce = new HashSet<>();
    private final Map<String, ServiceRegistration<LiveContext>> live = new HashMap<>();
    private boolean polling;

    @Activate
    public LiveContexts(BundleContext bundleContext, @Reference HttpServiceRuntime runtime) {
        this.bundleContext = bundleContext;
        this.runtime = runtime;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "imio-live-contexts");
            thread.setDaemon(true);
            return thread;
        });
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /** A context helper of this bundle: its context is awaited until the runtime lists it. */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            target = "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=*)")
    void addContext(ServiceReference<ServletContextHelper> reference) {
        String name = ownName(reference);
        Object id = reference.getProperty(org.osgi.framework.Constants.SERVICE_ID);
        if (name != null && id instanceof Long serviceId) {
            submit(() -> await(name, serviceId));
        }
    }

    void removeContext(ServiceReference<ServletContextHelper> reference) {
        String name = ownName(reference);
        if (name != null) {
            submit(() -> retire(name));
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        executor.execute(() -> {
            live.values().forEach(LiveContexts::unregister);
            live.clear();
        });
        executor.shutdown();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }

    /** Runs {@code task} on the executor's thread; nothing once this component is deactivated. */
    private void submit(Runnable task) {
        try {
            executor.execute(task);
        } catch (RejectedExecutionException deactivated) {
            // Unbinding after deactivation: every LiveContext is unregistered already.
        }
    }

    /** The name of a context the platform's bundles register (this one, the console's), else null. */
    private String ownName(ServiceReference<ServletContextHelper> reference) {
        org.osgi.framework.Bundle owner = reference.getBundle();
        String symbolicName = owner == null ? null : owner.getSymbolicName();
        if (!bundleContext.getBundle().equals(owner)
                && (symbolicName == null || !symbolicName.startsWith(PLATFORM_BUNDLES))) {
            return null;
        }
        Object name = reference.getProperty(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME);
        return name instanceof String text ? text : null;
    }

    private void await(String name, long serviceId) {
        if (!live.containsKey(name) && awaited.put(name, serviceId) == null && !polling) {
            polling = true;
            executor.execute(this::poll);
        }
    }

    private void retire(String name) {
        awaited.remove(name);
        listedOnce.remove(name);
        ServiceRegistration<LiveContext> registration = live.remove(name);
        if (registration != null) {
            unregister(registration);
        }
    }

    /**
     * Marks live each awaited context the runtime has listed at two reads in a row: the second read
     * leaves the Whiteboard time to finish taking the context it has just handed to the runtime.
     */
    private void poll() {
        Set<String> listed = new HashSet<>();
        try {
            for (ServletContextDTO context : runtime.getRuntimeDTO().servletContextDTOs) {
                if (Long.valueOf(context.serviceId).equals(awaited.get(context.name))) {
                    listed.add(context.name);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("The HTTP runtime could not be read yet: {}", e.toString());
        }
        for (String name : Set.copyOf(awaited.keySet())) {
            if (!listed.contains(name)) {
                listedOnce.remove(name);
            } else if (!listedOnce.add(name)) {
                awaited.remove(name);
                listedOnce.remove(name);
                live.put(name, register(name));
            }
        }
        polling = !awaited.isEmpty();
        if (polling) {
            executor.schedule(this::poll, POLL_MILLIS, TimeUnit.MILLISECONDS);
        }
    }

    private ServiceRegistration<LiveContext> register(String name) {
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(LiveContext.NAME, name);
        LOG.debug("HTTP context {} is live", name);
        return bundleContext.registerService(LiveContext.class, () -> name, properties);
    }

    private static void unregister(ServiceRegistration<LiveContext> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // The bundle is stopping: the framework took it back already.
        }
    }
}
