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
import be.imio.platform.api.web.Languages;
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

    /** An error's stable code and the key of its words in the web bundle's texts. */
    record Wording(String code, String key) {

        /** The words in {@code language}. */
        String in(java.util.Locale language) {
            return WebTexts.TEXTS.get(language, key);
        }
    }

    private static final Map<Integer, String> CODES = Map.of(400, "bad_request", 404, "not_found",
            405, "method_not_allowed", 408, "request_timeout", 413, "too_large", 415, "unsupported_media_type",
            500, "internal_error", 503, "unavailable");

    /** What the answer says for {@code status}: its own wording, or its class's (4xx, 5xx). */
    static Wording wording(int status) {
        String known = CODES.get(status);
        if (known != null) {
            return new Wording(known, "error." + known);
        }
        return new Wording("http_" + status, status >= 500 ? "error.internal_error" : "error.refused");
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
            SecurityHeaders.apply(response);
            Wording wording = wording(status);
            if (forPeople(uri)) {
                java.util.Locale language = Languages.of(request);
                response.setContentType("text/html;charset=UTF-8");
                response.getWriter().write("<!DOCTYPE html><html lang=\"" + language.getLanguage()
                        + "\"><head><meta charset=\"utf-8\"><title>" + status + "</title></head><body><main><h1>"
                        + status + "</h1><p>" + wording.in(language) + "</p></main></body></html>\n");
            } else {
                Problems.send(request, response, status, wording.code(), wording.key());
            }
        }
    }
}
