package be.imio.platform.commune.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;
import org.osgi.util.tracker.ServiceTracker;
import org.osgi.util.tracker.ServiceTrackerCustomizer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;

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
// Registered only once its context is: a servlet that reaches Pax Web before its context waits
// in a state that Pax Web mishandles when the framework stops (it maps the servlet twice).
@Component(service = Servlet.class, reference = @Reference(name = "context", service = ServletContextHelper.class,
        target = "(osgi.http.whiteboard.context.name=" + WebContexts.MODULES + ")"))
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
    private transient ServiceTracker<Servlet, MountedServlet> tracker;

    private final transient ModuleServlets fates;

    @Activate
    public ModuleDispatcher(@Reference SwapGuard guard, @Reference HostSettings settings,
            @Reference ModuleServlets fates, BundleContext context) {
        this.guard = guard;
        this.settings = settings;
        this.fates = fates;
        this.context = context;
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
        tracker.open(true);
        fates.following(true);
    }

    @Override
    public void destroy() {
        fates.following(false);
        if (tracker != null) {
            tracker.close();
        }
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws ServletException, IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        String[] parts = path.length() > 1 ? path.substring(1).split("/", 2) : new String[] {""};
        String module = parts[0];
        // A module being swapped has no servlet for a moment: the request waits for the new one
        // (or the old one restored), and a servlet retired while the request got it is tried again.
        // Once a swap began, the old servlet takes no new request: those wait for the new one, and
        // the swap waits for the ones already inside to finish in the old release (SwapGuard).
        MountedServlet servlet;
        while ((servlet = module.isEmpty() ? null : guard.await(module, () -> {
            MountedServlet current = mounted.get(module);
            return current != null && !guard.holds(module, current.mountedAt()) ? current : null;
        }, settings.swapWait(), settings.swapMaxWaiting())) != null) {
            guard.entered(module);
            try {
                if (guard.holds(module, servlet.mountedAt())) {
                    continue;
                }
                if (servlet.enter()) {
                    try {
                        servlet.servlet().service(new ModuleRequest(request, "/" + module,
                                parts.length > 1 ? "/" + parts[1] : null), new ModuleResponse(response));
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
            send(response, 503, "Module en cours de mise à jour", "Ce module est en cours de mise à jour ; réessayez"
                    + " dans quelques secondes.", "This module is being updated; try again in a few seconds.");
        } else {
            send(response, 404, "Module introuvable", "Aucun module activé à cette adresse.",
                    "No enabled module at this address.");
        }
    }

    private static void send(HttpServletResponse response, int status, String title, String fr, String en)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        String page = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><main><h1>" + title + "</h1><p>" + fr + "</p><p lang=\"en\">" + en
                + "</p></main></body></html>";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }

    /** Mounts a module's servlet when its service comes, unmounts it when the service goes. */
    private final class Mounter implements ServiceTrackerCustomizer<Servlet, MountedServlet> {

        @Override
        public MountedServlet addingService(ServiceReference<Servlet> reference) {
            Object name = reference.getProperty(WebContexts.MODULE);
            if (!(name instanceof String module) || !module.matches("[A-Za-z0-9_.-]{1,200}")) {
                LOG.warn("Servlet of bundle {} ignored: {} must name a module", reference.getBundle().getSymbolicName(),
                        WebContexts.MODULE);
                return null;
            }
            Servlet servlet = context.getService(reference);
            if (servlet == null) {
                return null;
            }
            try {
                servlet.init(new ModuleServletConfig(module, getServletContext(), reference));
            } catch (ServletException | RuntimeException | LinkageError e) {
                // Said to the health wait, which rolls the release back with this reason.
                LOG.error("The servlet of module {} failed to start: {}", module, e.getMessage(), e);
                fates.failed(reference, e instanceof ServletException && e.getCause() != null ? e.getCause() : e);
                context.ungetService(reference);
                return null;
            }
            fates.mounted(reference);
            MountedServlet mount = new MountedServlet(module, servlet);
            MountedServlet previous = mounted.put(module, mount);
            if (previous != null) {
                previous.retire();
            }
            guard.changed();
            LOG.info("Module {} serves its pages under /modules/{}/ (bundle {})", module, module,
                    reference.getBundle().getSymbolicName() + " " + reference.getBundle().getVersion());
            return mount;
        }

        @Override
        public void modifiedService(ServiceReference<Servlet> reference, MountedServlet mount) {
            // The module name is read once; a module changes it by registering again.
        }

        @Override
        public void removedService(ServiceReference<Servlet> reference, MountedServlet mount) {
            fates.removed(reference);
            mounted.remove(mount.module(), mount);
            mount.retire();
            context.ungetService(reference);
            guard.changed();
        }
    }
}
