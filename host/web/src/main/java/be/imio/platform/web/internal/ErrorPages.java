package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.servlet.RequestDispatcher;
import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.http.whiteboard.HttpWhiteboardConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * The platform's answer to an error the container raises itself (a method a servlet does not
 * implement, a path no servlet serves, a request body that ends early, an exception no servlet
 * caught), in each of the platform's contexts: registered as the context's error page (HTTP
 * Whiteboard, OSGi Compendium 140.4.1, for {@code 4xx}, {@code 5xx} and every exception), so that
 * the container's own page, which names the servlet and the exception's class and message, is
 * never sent. Programs' addresses get a JSON body with a stable code, as every other error of the
 * platform ({@link Problems}); people's pages a short page. The exception goes to the log only.
 */
@Component(immediate = true)
public final class ErrorPages {

    private static final Logger LOG = LoggerFactory.getLogger(ErrorPages.class);
    /** The contexts served as error pages, by name; the default context holds the public pages. */
    static final List<String> CONTEXTS = List.of(LiveContext.DEFAULT, WebContexts.API, WebContexts.CONSOLE, WebContexts.MODULES,
            WebContexts.PUBLISH);

    private final Map<String, ServiceRegistration<Servlet>> registrations = new ConcurrentHashMap<>();
    private final BundleContext bundleContext;

    @Activate
    public ErrorPages(BundleContext bundleContext) {
        this.bundleContext = bundleContext;
    }

    /**
     * A context became live: its error page is registered now, after the context (see
     * {@link LiveContext}). One registration per context rather than one selecting all: Pax Web
     * rebuilds every context's chain whenever a context goes, for a service that selects several.
     */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addContext(LiveContext live) {
        String name = live.name();
        if (!CONTEXTS.contains(name)) {
            return;
        }
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_NAME, "imio.errors." + name);
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_SERVLET_ERROR_PAGE,
                new String[] {"4xx", "5xx", Throwable.class.getName()});
        properties.put(HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_SELECT,
                "(" + HttpWhiteboardConstants.HTTP_WHITEBOARD_CONTEXT_NAME + "=" + name + ")");
        registrations.computeIfAbsent(name,
                key -> bundleContext.registerService(Servlet.class, new ErrorPage(), properties));
    }

    void removeContext(LiveContext live) {
        ServiceRegistration<Servlet> registration = registrations.remove(live.name());
        if (registration != null) {
            unregister(registration);
        }
    }

    @Deactivate
    void deactivate() {
        registrations.values().forEach(ErrorPages::unregister);
        registrations.clear();
    }

    private static void unregister(ServiceRegistration<Servlet> registration) {
        try {
            registration.unregister();
        } catch (IllegalStateException alreadyGone) {
            // This bundle is stopping (a context of another bundle may go after it): the
            // framework took the error page back already.
        }
    }

    /** An error's stable code and its words, French first. */
    record Wording(String code, String fr, String en) {
    }

    private static final Map<Integer, Wording> WORDINGS = Map.of(
            400, new Wording("bad_request", "Requête invalide.", "Bad request."),
            404, new Wording("not_found", "Rien à cette adresse.", "Nothing at this address."),
            405, new Wording("method_not_allowed", "Méthode non permise à cette adresse.",
                    "Method not allowed at this address."),
            408, new Wording("request_timeout", "La requête n'est pas arrivée à temps.", "The request came too slowly."),
            413, new Wording("too_large", "Requête trop grande.", "Request too large."),
            415, new Wording("unsupported_media_type", "Type de contenu non accepté.", "Content type not accepted."),
            500, new Wording("internal_error", "Erreur interne ; elle est consignée dans le journal de l'instance.",
                    "Internal error; it is in the instance's log."),
            503, new Wording("unavailable", "Service momentanément indisponible.", "Service unavailable for a moment."));

    /** What the answer says for {@code status}: its own wording, or its class's (4xx, 5xx). */
    static Wording wording(int status) {
        Wording known = WORDINGS.get(status);
        if (known != null) {
            return known;
        }
        return status >= 500 ? new Wording("http_" + status, WORDINGS.get(500).fr(), WORDINGS.get(500).en())
                : new Wording("http_" + status, "Requête refusée.", "Request refused.");
    }

    /**
     * True for the dispatch of a request to its context's error page: the request went through the
     * context's security before its error, so the context lets this dispatch through without deciding
     * again (which would log in a second time, count the request twice, or send an anonymous
     * visitor's "not found" to the log-in page instead).
     */
    static boolean errorDispatch(javax.servlet.http.HttpServletRequest request) {
        return request.getDispatcherType() == javax.servlet.DispatcherType.ERROR;
    }

    /** Whether the request's address is one people open in a browser (console, modules, home page). */
    static boolean forPeople(String requestUri) {
        String uri = requestUri == null ? "" : requestUri;
        for (String programs : new String[] {"/api", "/repository", "/health"}) {
            if (uri.equals(programs) || uri.startsWith(programs + "/")) {
                return false;
            }
        }
        return true;
    }

    private static final class ErrorPage extends HttpServlet {

        private static final long serialVersionUID = 1L;

        @Override
        protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
            Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
            int status = code instanceof Integer number ? number : 500;
            String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
            Object thrown = request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            if (thrown instanceof Throwable exception) {
                if (status >= 500) {
                    LOG.error("{} {} failed: {}", request.getMethod(), uri, exception.toString(), exception);
                } else {
                    LOG.info("{} {} answered {}: {}", request.getMethod(), uri, status, exception.toString());
                }
            }
            if (response.isCommitted()) {
                return;
            }
            response.resetBuffer();
            response.setStatus(status);
            response.setHeader("Cache-Control", "no-store");
            SecurityHeadersFilter.apply(response);
            Wording wording = wording(status);
            if (forPeople(uri)) {
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>"
                        + status + "</title></head><body><main><h1>" + status + "</h1><p>" + wording.fr()
                        + "</p><p lang=\"en\">" + wording.en() + "</p></main></body></html>\n");
            } else {
                Problems.send(response, status, wording.code(), wording.fr(), wording.en());
            }
        }
    }
}
