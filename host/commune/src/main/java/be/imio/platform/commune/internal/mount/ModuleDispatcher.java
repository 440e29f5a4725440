package be.imio.platform.commune.internal.mount;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import javax.servlet.Servlet;
import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Html;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.web.Languages;
import be.imio.platform.commune.api.Message;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.commune.internal.lifecycle.ModuleComponents;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * Serves every module's pages under {@code /modules/<module>/}. A module registers its servlet as
 * a service with {@code imio.module=<module>}; this one servlet, registered once with the HTTP
 * Whiteboard, hands each request to the module's servlet of the moment. When the host swaps a
 * module, the servlet changes here, in one step, and the web container's mappings never change:
 * Pax Web rebuilding a context's mappings under load was seen to answer the odd 404 or 500. A
 * module's old servlet is destroyed only once the requests it is serving have ended; while no
 * servlet is there for a module being swapped (or expected back), requests wait for it
 * ({@code swapWaitSeconds}, at most {@code swapMaxWaiting} at once) and get 503 with
 * {@code Retry-After} only past that; for a module that is not enabled, 404.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.MODULES + ")"))
@HttpWhiteboardServletName("imio.modules.dispatcher")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.MODULES + ")")
public final class ModuleDispatcher extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ModuleDispatcher.class);
    static final String RETRY_AFTER_SECONDS = "2";

    private final transient SwapGuard guard;
    private final transient HostSettings settings;
    private final transient BundleContext context;
    private final transient Map<String, MountedServlet> mounted = new ConcurrentHashMap<>();
    private transient ServiceTracker<Servlet, Offer> tracker;
    private transient ExecutorService mounting;

    /** The console's frame for modules' pages, while the console runs (optional: see PageFrame). */
    @Reference(cardinality = org.osgi.service.component.annotations.ReferenceCardinality.OPTIONAL,
            policy = org.osgi.service.component.annotations.ReferencePolicy.DYNAMIC,
            policyOption = org.osgi.service.component.annotations.ReferencePolicyOption.GREEDY)
    private transient volatile be.imio.platform.api.web.PageFrame frame;

    private final transient ModuleServlets fates;
    private final transient ModuleComponents components;

    @Activate
    public ModuleDispatcher(@Reference SwapGuard guard, @Reference HostSettings settings,
            @Reference ModuleServlets fates, BundleContext context) {
        this.guard = guard;
        this.settings = settings;
        this.fates = fates;
        this.context = context;
        this.components = new ModuleComponents(context);
    }

    /** Starts following modules' servlets once the container gave this servlet its context. */
    @Override
    public void init() throws ServletException {
        try {
            tracker = new ServiceTracker<>(context, context.createFilter("(&(" + Constants.OBJECTCLASS + "="
                    + Servlet.class.getName() + ")(" + WebContexts.MODULE + "=*))"), new Mounter());
        } catch (InvalidSyntaxException e) {
            throw new ServletException(e);
        }
        mounting = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "imio-module-mount");
            thread.setDaemon(true);
            return thread;
        });
        tracker.open(true);
        fates.following(true);
    }

    @Override
    public void destroy() {
        fates.following(false);
        if (tracker != null) {
            tracker.close();
        }
        if (mounting != null) {
            mounting.shutdownNow();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.length() > 1 ? path.substring(1).split("/", 2) : new String[] {""};
        String module = parts[0];
        // A module being swapped has no servlet for a moment: the request waits for the new one
        // (or the old one restored), and a servlet retired while the request got it is tried again.
        // While a swap is under way no servlet of the module takes a new request: they wait for the
        // release the swap leaves running, and the swap waits for the ones already inside the old
        // release to finish in it (SwapGuard).
        // One bound for the whole request, however many swaps it meets (swapWaitSeconds).
        long deadline = System.nanoTime() + settings.swapWait().toNanos();
        MountedServlet servlet;
        while ((servlet = module.isEmpty() ? null : guard.await(module, () -> {
            MountedServlet current = mounted.get(module);
            return current != null && !guard.holds(module) ? current : null;
        }, java.time.Duration.ofNanos(Math.max(0, deadline - System.nanoTime())), settings.swapMaxWaiting())) != null) {
            guard.entered(module);
            try {
                if (guard.holds(module)) {
                    continue;
                }
                if (servlet.enter()) {
                    try {
                        be.imio.platform.api.web.PageFrame current = frame;
                        if (current != null) {
                            request.setAttribute(be.imio.platform.api.web.PageFrame.ATTRIBUTE, current);
                        }
                        servlet.servlet().service(new ModuleRequest(request, "/" + module,
                                parts.length > 1 ? "/" + parts[1] : null), new ModuleResponse(response));
                    } catch (RuntimeException | ServletException | LinkageError | AssertionError e) {
                        failed(module, request, response, e);
                    } finally {
                        servlet.leave();
                    }
                    return;
                }
                mounted.remove(module, servlet);
            } finally {
                guard.left(module);
            }
        }
        response.setHeader("Cache-Control", "no-store");
        if (!module.isEmpty() && guard.expectsModule(module)) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            send(request, response, 503, "dispatch.updating.title", "dispatch.updating.text");
        } else {
            send(request, response, 404, "dispatch.not-found.title", "dispatch.not-found.text");
        }
    }

    /**
     * A module's page threw: the log gets the exception, the visitor the platform's error page,
     * never the container's, which shows the exception's class and message to anyone.
     */
    private static void failed(String module, HttpServletRequest request, HttpServletResponse response, Throwable e)
            throws IOException {
        LOG.error("A page of module {} failed ({} {}): {}", module, request.getMethod(), request.getRequestURI(),
                e.toString(), e);
        if (response.isCommitted()) {
            return; // part of the page went out: the connection ends with what was sent
        }
        response.reset();
        response.setHeader("Cache-Control", "no-store");
        send(request, response, 500, "dispatch.failed.title", "dispatch.failed.text");
    }

    /** The platform's own page for {@code status}: its title and its text, in the reader's language. */
    private static void send(HttpServletRequest request, HttpServletResponse response, int status, String titleKey,
            String textKey) throws IOException {
        Locale language = Languages.of(request);
        String title = Html.escape(Message.of(titleKey).in(language));
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        String page = "<!DOCTYPE html><html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + title + "</title></head><body><main><h1>" + title + "</h1><p>"
                + Html.escape(Message.of(textKey).in(language)) + "</p></main></body></html>";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A module servlet service the dispatcher follows: mounted by {@link #mount} in a thread of its
     * own, or removed before that ended. Guarded by itself.
     */
    private static final class Offer {
        final String module;
        final ServiceReference<Servlet> reference;
        MountedServlet mount;
        boolean removed;

        Offer(String module, ServiceReference<Servlet> reference) {
            this.module = module;
            this.reference = reference;
        }
    }

    /**
     * Mounts a module's servlet when its service comes, unmounts it when the service goes. The
     * service is got in a thread of the dispatcher's, never in the one that registers it: that is
     * Karaf's deployment thread, where getting the service of an immediate component would start it
     * before Felix SCR does (a failing start-up then runs twice), and getting that of a delayed
     * component would run its start-up there, holding the deployment as long as it takes.
     */
    private final class Mounter implements ServiceTrackerCustomizer<Servlet, Offer> {

        @Override
        public Offer addingService(ServiceReference<Servlet> reference) {
            Object name = reference.getProperty(WebContexts.MODULE);
            if (!(name instanceof String module) || !module.matches("[A-Za-z0-9_.-]{1,200}")) {
                LOG.warn("Servlet of bundle {} ignored: {} must name a module", reference.getBundle().getSymbolicName(),
                        WebContexts.MODULE);
                return null;
            }
            Offer offer = new Offer(module, reference);
            fates.mounting(reference);
            mounting.execute(() -> mount(offer));
            return offer;
        }

        @Override
        public void modifiedService(ServiceReference<Servlet> reference, Offer offer) {
            // The module name is read once; a module changes it by registering again.
        }

        @Override
        public void removedService(ServiceReference<Servlet> reference, Offer offer) {
            MountedServlet mount;
            synchronized (offer) {
                offer.removed = true;
                mount = offer.mount;
            }
            fates.removed(reference);
            if (mount != null) {
                mounted.remove(mount.module(), mount);
                mount.retire();
                context.ungetService(reference);
                guard.changed();
            }
        }
    }

    /** Gets, starts and mounts the servlet {@code offer} names, unless its service went meanwhile. */
    private void mount(Offer offer) {
        ServiceReference<Servlet> reference = offer.reference;
        String module = offer.module;
        // Felix SCR starts an immediate component itself, just after registering its service.
        components.awaitStartUp(reference, settings.healthTimeout());
        if (components.failedActivation(reference)) {
            // The health wait reads the component's own failure; getting the service would only
            // run its failing start-up again.
            fates.failed(reference, new IllegalStateException("component failed to activate"));
            return;
        }
        Servlet servlet;
        try {
            servlet = context.getService(reference);
        } catch (IllegalStateException | IllegalArgumentException e) {
            return; // unregistered meanwhile, or the dispatcher is stopping
        }
        if (servlet == null) {
            fates.failed(reference, new IllegalStateException("the servlet service could not be obtained"));
            return;
        }
        try {
            servlet.init(new ModuleServletConfig(module, getServletContext(), reference));
        } catch (ServletException | RuntimeException | LinkageError e) {
            // Said to the health wait, which rolls the release back with this reason.
            LOG.error("The servlet of module {} failed to start: {}", module, e.getMessage(), e);
            fates.failed(reference, e instanceof ServletException && e.getCause() != null ? e.getCause() : e);
            context.ungetService(reference);
            return;
        }
        MountedServlet mount = new MountedServlet(module, servlet);
        synchronized (offer) {
            if (offer.removed) {
                mount.retire();
                context.ungetService(reference);
                return;
            }
            offer.mount = mount;
            MountedServlet previous = mounted.put(module, mount);
            if (previous != null) {
                previous.retire();
            }
            fates.mounted(reference);
        }
        guard.changed();
        LOG.info("Module {} serves its pages under /modules/{}/ (bundle {})", module, module,
                reference.getBundle() == null ? "?" : reference.getBundle().getSymbolicName() + " "
                        + reference.getBundle().getVersion());
    }
}
