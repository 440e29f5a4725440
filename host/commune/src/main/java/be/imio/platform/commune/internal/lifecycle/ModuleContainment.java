package be.imio.platform.commune.internal.lifecycle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.hooks.service.EventListenerHook;
import org.osgi.framework.hooks.service.FindHook;
import org.osgi.framework.hooks.service.ListenerHook.ListenerInfo;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.api.WebContexts;
import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.ReservedNames;
import be.imio.platform.trust.SafeXml;

/**
 * Keeps a module to its own pages, with the framework's service hooks (OSGi Core, section 55):
 * <ul>
 * <li>a service a module's bundle registers with {@code imio.module=NAME} (a servlet, a health
 * check, a menu entry) is seen by the platform only when that bundle belongs to the feature
 * {@code NAME}: a module cannot serve another module's pages, fake its health, or pose as the
 * host's own checks ({@code imio.module=host}); its servlet is seen by the host's dispatcher only;</li>
 * <li>a service a module's bundle registers for the HTTP Whiteboard (any
 * {@code osgi.http.whiteboard.*} property: a servlet in the default context, a filter, a resource,
 * a context of its own, or a servlet selecting the console's context) is hidden from the web
 * container, so a module never gets a page outside {@code /modules/NAME/} with the platform's
 * access checks; and the HTTP Service, the older way to the same, is hidden from modules;</li>
 * <li>a service a module's bundle registers under a type of the platform's own packages (a
 * {@code ConsolePage} or {@code ConsoleMenu} of the console, an engine service), anything but the
 * SDK's ({@link ReservedNames#SDK_PACKAGES}), or under one of the SDK's types that only the platform
 * provides ({@code SchemaMigrations}, {@code PlatformInstance}), is hidden from every other bundle:
 * a module never adds a page to the console, where it would get staff's session and anti-forgery
 * token, nor poses as the platform's services;</li>
 * <li>a health check a module's bundle registers without naming its module is hidden: the platform
 * would take it for one of its own, and its verdict for the host's.</li>
 * </ul>
 * A module's bundle is one installed from the verified cache ({@code data/host/verified}), that is,
 * code that came from the repository; the platform's own bundles come from {@code system/}. What is
 * hidden is logged once per service.
 */
@Component(service = {FindHook.class, EventListenerHook.class}, immediate = true)
public final class ModuleContainment implements FindHook, EventListenerHook {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleContainment.class);
    /**
     * The SDK's services that the platform provides and modules use ({@code @ProviderType}): a
     * module registering one would stand in for the platform's (its database schema's migrations).
     */
    private static final java.util.Set<String> PROVIDED_BY_PLATFORM = java.util.Set.of(SchemaMigrations.class.getName(),
            PlatformInstance.class.getName());
    private static final String WHITEBOARD = "osgi.http.whiteboard.";
    private static final Set<String> HTTP_SERVICES = Set.of("org.osgi.service.http.HttpService",
            "org.ops4j.pax.web.service.WebContainer");

    private final Path verified;
    private final BundleContext context;
    private final Map<Long, Boolean> moduleBundles = new ConcurrentHashMap<>();
    private final Map<String, Boolean> owners = new ConcurrentHashMap<>();
    private final Set<Long> reported = ConcurrentHashMap.newKeySet();
    private final SynchronousBundleListener forget = this::bundleChanged;

    @Activate
    public ModuleContainment(BundleContext context) {
        this.context = context;
        this.verified = Path.of(context.getProperty("karaf.data"), "host", "verified");
        context.addBundleListener(forget);
        containEarlierModules();
    }

    /**
     * Modules started before this hook (at a restart, Karaf starts every bundle at once) may have
     * reached the web container already: such a module is restarted, transiently, so that its
     * services register again through the hook.
     */
    private void containEarlierModules() {
        for (Bundle bundle : context.getBundles()) {
            ServiceReference<?>[] registered = bundle.getState() == Bundle.ACTIVE && isModule(bundle)
                    ? bundle.getRegisteredServices() : null;
            if (registered != null && java.util.Arrays.stream(registered).anyMatch(r -> hidden(r, context.getBundle()))) {
                Thread restart = new Thread(() -> {
                    try {
                        bundle.stop(Bundle.STOP_TRANSIENT);
                        bundle.start(Bundle.START_TRANSIENT);
                    } catch (Exception e) {
                        LOG.error("Could not restart module bundle {} to contain it: {}", bundle.getSymbolicName(),
                                e.getMessage(), e);
                    }
                }, "imio-module-containment");
                restart.setDaemon(true);
                restart.start();
            }
        }
    }

    @Deactivate
    void deactivate() {
        context.removeBundleListener(forget);
    }

    @Override
    public void find(BundleContext finder, String name, String filter, boolean allServices,
            Collection<ServiceReference<?>> references) {
        Bundle looking = finder.getBundle();
        for (Iterator<ServiceReference<?>> it = references.iterator(); it.hasNext();) {
            if (hidden(it.next(), looking)) {
                it.remove();
            }
        }
    }

    @Override
    public void event(ServiceEvent event, Map<BundleContext, Collection<ListenerInfo>> listeners) {
        ServiceReference<?> reference = event.getServiceReference();
        listeners.keySet().removeIf(listener -> hidden(reference, listener.getBundle()));
    }

    /** True when {@code looking} must not see {@code reference}. */
    boolean hidden(ServiceReference<?> reference, Bundle looking) {
        Bundle owner = reference.getBundle();
        if (owner == null || looking == null || owner.getBundleId() == looking.getBundleId()
                || looking.getBundleId() == 0) {
            return false;
        }
        if (isModule(owner)) {
            Object module = reference.getProperty(WebContexts.MODULE);
            if (module != null && !owns(owner, String.valueOf(module))) {
                report(reference, owner, "names module '" + module + "', which is not its own");
                return true;
            }
            if (module != null && looking.getBundleId() != context.getBundle().getBundleId() && isServlet(reference)) {
                // A module's pages are the host's dispatcher's only. Any other bundle that got the
                // service (the web container's whiteboard tracks every servlet) would start its
                // component again after a failed start-up, once per such bundle.
                return true;
            }
            if (module == null && hasType(reference, HealthCheck.class.getName())) {
                // The platform reads a check without a module's name as its own.
                report(reference, owner, "is a health check that names no module; a module's check names its own"
                        + " (" + WebContexts.MODULE + ", @ImioModule)");
                return true;
            }
            String platformType = platformType(reference);
            if (platformType != null) {
                report(reference, owner, "is a service of type " + platformType + ", which only the platform"
                        + " provides");
                return true;
            }
            for (String key : reference.getPropertyKeys()) {
                // Service property keys are case-insensitive (OSGi Core 5.2.5): the whiteboard reads
                // OSGI.HTTP.WHITEBOARD.SERVLET.PATTERN as it reads the lower-case key.
                if (key.toLowerCase(java.util.Locale.ROOT).startsWith(WHITEBOARD)) {
                    report(reference, owner, "is an HTTP Whiteboard service (" + key + "); a module serves its pages"
                            + " with " + WebContexts.MODULE + " under /modules/NAME/ only");
                    return true;
                }
            }
        }
        if (isModule(looking) && reference.getProperty(Constants.OBJECTCLASS) instanceof String[] classes) {
            for (String type : classes) {
                if (HTTP_SERVICES.contains(type)) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The first of the service's types that only the platform provides: one of its own packages
     * ({@link ReservedNames#isPlatformOnly}), such as a console page or an engine service, or of the
     * SDK's provided services; null when none is.
     */
    private static String platformType(ServiceReference<?> reference) {
        if (reference.getProperty(Constants.OBJECTCLASS) instanceof String[] classes) {
            for (String type : classes) {
                int dot = type.lastIndexOf('.');
                if (dot > 0 && ReservedNames.isPlatformOnly(type.substring(0, dot)) || PROVIDED_BY_PLATFORM.contains(type)) {
                    return type;
                }
            }
        }
        return null;
    }

    private static boolean hasType(ServiceReference<?> reference, String type) {
        return reference.getProperty(Constants.OBJECTCLASS) instanceof String[] classes
                && java.util.Arrays.asList(classes).contains(type);
    }

    private static boolean isServlet(ServiceReference<?> reference) {
        return hasType(reference, ModuleComponents.SERVLET);
    }

    /**
     * A bundle whose location is a Maven artifact of the verified cache: code from the repository.
     * The location says where a bundle came from, which is what containment is about, and only its
     * group and artifact are read here: a bundle Karaf updates in place (a micro version) keeps
     * the location of its first release, under the same group and artifact. Which release runs is
     * what the bundle is (its symbolic name and version), see {@link ModuleBundles}.
     */
    boolean isModule(Bundle bundle) {
        return moduleBundles.computeIfAbsent(bundle.getBundleId(),
                id -> ArtifactPaths.inCache(verified, bundle.getLocation()).isPresent());
    }

    /**
     * True when {@code bundle} is listed by a verified features XML of module {@code module} (any
     * release): {@code verified/GROUP/module/VERSION/module-VERSION-features.xml}. Read from the
     * verified cache rather than asked of FeaturesService, since hooks run inside the framework's
     * service calls, where waiting on Karaf's locks could deadlock a deployment.
     */
    private boolean owns(Bundle bundle, String module) {
        return owners.computeIfAbsent(bundle.getBundleId() + "\n" + module, key -> {
            java.util.Optional<ArtifactPaths.Coordinates> gav = ArtifactPaths.coordinatesOf(bundle.getLocation());
            if (gav.isEmpty() || !module.matches("[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}") || ReservedNames.isReserved(module)) {
                return false;
            }
            String listed = "mvn:" + gav.get().group() + "/" + gav.get().artifact() + "/";
            try (Stream<Path> files = Files.walk(verified, 12)) {
                return files.filter(f -> f.getFileName().toString().startsWith(module + "-")
                        && f.getFileName().toString().endsWith("-features.xml")
                        && f.getParent().getParent().getFileName().toString().equals(module))
                        .anyMatch(f -> lists(f, listed));
            } catch (IOException | UncheckedIOException e) {
                LOG.warn("Cannot tell whether bundle {} belongs to module {}: {}", bundle.getSymbolicName(), module,
                        e.getMessage());
                return false;
            }
        });
    }

    /**
     * True when the features XML {@code file} has a bundle whose location starts with {@code prefix}
     * ({@code mvn:GROUP/ARTIFACT/}, any version: see {@link #isModule}).
     */
    private static boolean lists(Path file, String prefix) {
        try {
            var bundles = SafeXml.parse(file).getElementsByTagNameNS("*", "bundle");
            for (int i = 0; i < bundles.getLength(); i++) {
                if (bundles.item(i).getTextContent().strip().startsWith(prefix)) {
                    return true;
                }
            }
            return false;
        } catch (Exception e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return false;
        }
    }

    private void report(ServiceReference<?> reference, Bundle owner, String why) {
        Object id = reference.getProperty(Constants.SERVICE_ID);
        if (id instanceof Long serviceId && reported.add(serviceId)) {
            LOG.warn("Service {} of module bundle {} {} {}: hidden from the platform", id, owner.getSymbolicName(),
                    owner.getVersion(), why);
        }
    }

    private void bundleChanged(BundleEvent event) {
        if (event.getType() == BundleEvent.UNINSTALLED || event.getType() == BundleEvent.UPDATED
                || event.getType() == BundleEvent.INSTALLED) {
            long id = event.getBundle().getBundleId();
            moduleBundles.remove(id);
            owners.keySet().removeIf(key -> key.startsWith(id + "\n"));
        }
    }
}
