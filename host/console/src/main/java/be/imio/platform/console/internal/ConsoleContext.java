package be.imio.platform.console.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.access.ContextGate;

/**
 * The HTTP context under {@code /console}, the staff's web console of either role. After the
 * platform's gate ({@link ContextGate}: headers, client bounds, routed path), before any servlet
 * runs, it settles for every request: the language (chosen, remembered, or the browser's), who is
 * logged in (otherwise a GET is sent to the log-in page), and for any request but a GET or HEAD
 * that it comes from this site ({@link ContextGate#fromThisSite}), with no query in its address,
 * with the session's anti-forgery token in its body, from an administrator. So a servlet of the
 * console only ever sees legitimate requests, and a refused one changes nothing.
 */
// One shared instance rather than the bundle scope the specification suggests: this helper serves
// no resources, and with a bundle-scoped service Pax Web and SCR race when Karaf stops (an
// "Error ungetting service" logged at shutdown).
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = WebContexts.CONSOLE, path = ConsoleContext.PATH)
public final class ConsoleContext extends ServletContextHelper {

    static final String PATH = "/console";
    static final String LANGUAGE_COOKIE = WebContexts.LANGUAGE_COOKIE;
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleContext.class);

    private final ConsoleAccess access = ConsoleAccess.INSTANCE;

    @Reference
    private ContextGate gate;
    private ConsoleHtml html;

    @Activate
    void activate(BundleContext context) {
        html = new ConsoleHtml(Texts.of(context.getBundle(), "console"));
    }

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (errorDispatch(request)) {
            return true;
        }
        if (!gate.enter(request, response)) {
            return false;
        }
        // A page opened by a module's script (window.open) lands in another browsing context
        // group: the module's script cannot read the console's pages, nor their token.
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        Locale language = language(request, response);
        request.setAttribute(WebContexts.LANGUAGE, language);
        java.util.Optional<String> routed = gate.routedPath(request, response);
        if (routed.isEmpty()) {
            return false;
        }
        // Decided on the path Jetty routes on, never on the raw one (see ContextGate#routedPath).
        String path = routed.get();
        boolean change = !isRead(request.getMethod());
        if (change && !gate.fromThisSite(request)) {
            LOG.warn("Refused console {} {} from {}: Origin {} (Sec-Fetch-Site {}) is not this site",
                    request.getMethod(), path, gate.clientAddress(request), request.getHeader("Origin"),
                    request.getHeader("Sec-Fetch-Site"));
            html.refuse(response, 403, language, "refused.origin");
            return false;
        }
        if (change && request.getQueryString() != null) {
            // What a change acts on, the anti-forgery token first, comes in the form's body: a token
            // in an address would be kept in logs and histories and sent on in Referer headers. No
            // form of the console posts to an address with a query.
            LOG.warn("Refused console {} {} from {}: a change carries its fields in its body, not in the address",
                    request.getMethod(), path, gate.clientAddress(request));
            html.refuse(response, 403, language, "refused.query");
            return false;
        }
        if (path.equals("/login") && isRead(request.getMethod()) && readByScript(request, path)) {
            // The log-in page carries the token its form must send back (LoginTokens): a module's
            // script that could read it could post the form, counting failures in staff's name.
            LOG.warn("Refused console {} {} from {}: asked as {} by a script or an embedding page",
                    request.getMethod(), path, gate.clientAddress(request), request.getHeader("Sec-Fetch-Dest"));
            html.refuse(response, 403, language, "refused.embedded");
            return false;
        }
        if (path.startsWith("/static/") || path.equals("/login")) {
            return true;
        }
        if (request.getHeader("Service-Worker-Navigation-Preload") != null) {
            // Only a service worker asks for navigation preload, and the console registers none:
            // one left by a module's page would read the page (and its token) as it passes.
            LOG.warn("Refused console {} {} from {}: asked for by a service worker", request.getMethod(), path,
                    gate.clientAddress(request));
            response.setHeader("Clear-Site-Data", "\"storage\"");
            html.refuse(response, 403, language, "refused.embedded");
            return false;
        }
        if (isRead(request.getMethod()) && readByScript(request, path)) {
            // Modules' pages share this origin: their scripts must not read the console's pages,
            // which carry the anti-forgery token. Browsers say who asks in Fetch Metadata. A POST
            // needs that token already, so only reads are checked here.
            LOG.warn("Refused console {} {} from {}: asked as {} by a script or an embedding page",
                    request.getMethod(), path, gate.clientAddress(request), request.getHeader("Sec-Fetch-Dest"));
            html.refuse(response, 403, language, "refused.embedded");
            return false;
        }
        ConsoleSessions.Found found = access.session(request);
        if (found.lookup() != ConsoleSessions.Lookup.VALID) {
            String next = URLEncoder.encode(request.getRequestURI(), StandardCharsets.UTF_8);
            response.setHeader("Cache-Control", "no-store");
            ConsoleHtml.seeOther(response, PATH + "/login?next=" + next
                    + (found.lookup() == ConsoleSessions.Lookup.EXPIRED ? "&expired=1" : ""));
            return false;
        }
        ConsoleSessions.Session session = found.session();
        if (change) {
            // The form's field, or the header a script of the console itself would set (a header no
            // other site can send without a CORS preflight, which this host never grants).
            String token = request.getHeader("X-CSRF-Token");
            if (token == null) {
                token = request.getParameter(WebContexts.CSRF_FIELD);
            }
            // Log-out also takes the log-out token of modules' pages: the frame of a module's
            // page offers it, and must not hold the console's token.
            if (!session.csrfMatches(token) && !(path.equals("/logout") && session.logOutTokenMatches(token))) {
                LOG.warn("Refused console {} {} of '{}' from {}: no valid anti-forgery token", request.getMethod(),
                        path, session.user(), gate.clientAddress(request));
                html.refuse(response, 403, language, "refused.csrf");
                return false;
            }
            if (!path.equals("/logout") && !session.roles().contains(WebContexts.ADMIN)) {
                LOG.warn("Refused console {} {} of '{}' from {}: not an administrator", request.getMethod(), path,
                        session.user(), gate.clientAddress(request));
                html.refuse(response, 403, language, "refused.viewer");
                return false;
            }
        }
        ConsoleAccess.admit(request, session);
        return true;
    }

    @Override
    public void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (!errorDispatch(request)) {
            gate.leave(request, response);
        }
    }

    /**
     * True for the dispatch of a request to the context's error page: the request went through
     * this context's security before its error, which is not decided again.
     */
    static boolean errorDispatch(HttpServletRequest request) {
        return request.getDispatcherType() == javax.servlet.DispatcherType.ERROR;
    }

    /**
     * True for a console page asked for other than as a document the person navigates to (a
     * script's fetch, a frame, an object): Fetch Metadata's {@code Sec-Fetch-Dest} says so. Only
     * an operation's progress ({@code /operations/ID.json}, no token in it) is read by script.
     */
    static boolean readByScript(HttpServletRequest request, String path) {
        String destination = request.getHeader("Sec-Fetch-Dest");
        return destination != null && !destination.equals("document")
                && !(destination.equals("empty") && path.matches("/operations/\\d{1,18}\\.json"));
    }

    private static boolean isRead(String method) {
        return "GET".equals(method) || "HEAD".equals(method);
    }

    /**
     * {@code ?lang=} (fr, en or de) chooses and is remembered in a cookie; otherwise the cookie;
     * otherwise the browser's {@code Accept-Language}; otherwise French.
     */
    static Locale language(HttpServletRequest request, HttpServletResponse response) {
        // From the address only: getParameter would first read a form's whole body, here before the
        // client is even known, and a client that sends its body slowly would hold this thread.
        String asked = offered(queryParameter(request.getQueryString(), "lang"));
        if (asked != null) {
            // Path=/: the modules' pages, outside the console's path, speak the language chosen here.
            response.addHeader("Set-Cookie", LANGUAGE_COOKIE + "=" + asked + "; Path=/; Max-Age=31536000; SameSite=Strict");
            return Texts.language(asked, null);
        }
        String kept = offered(ConsoleAccess.cookie(request, LANGUAGE_COOKIE));
        return kept != null ? Texts.language(kept, null) : Texts.language(null, request.getHeader("Accept-Language"));
    }

    /** {@code tag} when it is exactly one of the offered languages' tags ({@code fr}, {@code en}, {@code de}); else null. */
    private static String offered(String tag) {
        return tag != null && Texts.LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(tag)) ? tag : null;
    }

    /** The first value of {@code name} in {@code query} (application/x-www-form-urlencoded), or null. */
    static String queryParameter(String query, String name) {
        if (query == null) {
            return null;
        }
        try {
            for (String pair : query.split("&")) {
                int equals = pair.indexOf('=');
                String key = equals < 0 ? pair : pair.substring(0, equals);
                if (java.net.URLDecoder.decode(key, java.nio.charset.StandardCharsets.UTF_8).equals(name)) {
                    return equals < 0 ? "" : java.net.URLDecoder.decode(pair.substring(equals + 1),
                            java.nio.charset.StandardCharsets.UTF_8);
                }
            }
        } catch (IllegalArgumentException malformed) {
            // A broken %-escape: no language asked.
        }
        return null;
    }
}
