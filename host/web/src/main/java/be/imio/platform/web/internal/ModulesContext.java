package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

import be.imio.platform.api.WebContexts;
import be.imio.platform.web.access.Staff;
import be.imio.platform.web.access.StaffSessions;

/**
 * The HTTP context under {@code /modules}, where modules register their own pages. Pages for
 * citizens, read-only, live under {@code /modules/<module>/public/}; everything else needs an
 * account of the realm with the {@code admin} or {@code viewer} role, as under {@code /api}, given
 * with HTTP Basic or by the console's log-in (so that staff reach their modules from the console
 * without logging in twice).
 */
// Shared instance, for the same reason as ApiContext.
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = WebContexts.MODULES, path = "/modules")
public final class ModulesContext extends PlatformContext {

    private final BasicAuthentication authentication = new BasicAuthentication();

    /**
     * The console's sessions, while the console runs. Optional and dynamic: this context must not
     * go away and come back with the console's bundle (Pax Web was seen to map a servlet twice when
     * a context helper went away with a service it referenced); without it, HTTP Basic only.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile StaffSessions console;

    @Reference
    private ClientGate gate;

    @Override
    ClientGate gate() {
        return gate;
    }

    @Override
    boolean admit(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        if (isPublicRead(request.getMethod(), path)) {
            return true;
        }
        if (!ProgramsOnly.admitToModule(request, response)) {
            return false;
        }
        if (request.getHeader("Authorization") == null) {
            StaffSessions sessions = console;
            java.util.Optional<Staff> staff = sessions == null ? java.util.Optional.empty() : sessions.session(request);
            // A module's changes take JSON only, which no cross-site form can send, and the cookie
            // is SameSite=Strict; a foreign Origin is refused as well, and a change (anything but
            // a GET or HEAD) is let in on the cookie only when it says it comes from this host, as
            // in the console.
            boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
            // The staff only: a console session of another kind of account (a publisher's) opens no module page.
            if (staff.isPresent() && staff.get().roles().stream().anyMatch(ApiContext.ALLOWED_ROLES::contains)
                    && (read ? SameSite.sameOrigin(request) : SameSite.fromThisSite(request))) {
                if (!read && formBody(request) && !formCarriesToken(request, response, staff.get().formToken())) {
                    return false;
                }
                admit(request, staff.get());
                rememberLanguage(request, response);
                return true;
            }
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
                // A person in a browser: the console's log-in page rather than the browser's Basic prompt.
                response.setHeader("Cache-Control", "no-store");
                response.setStatus(303);
                response.setHeader("Location", StaffSessions.LOG_IN_PATH + "?next="
                        + java.net.URLEncoder.encode(request.getRequestURI(), java.nio.charset.StandardCharsets.UTF_8));
                // Committed now: a security handler that returns false on an uncommitted answer gets
                // it replaced by the container's own 403 page.
                response.flushBuffer();
                return false;
            }
        }
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod()) && formBody(request)) {
            // HTTP Basic credentials a browser cached go with a cross-site form too: a form is taken
            // only with a console session's token, and programs send JSON.
            return formCarriesToken(request, response, null);
        }
        return authentication.admit(request, response, ApiContext.ALLOWED_ROLES);
    }

    /**
     * True for a body a cross-site HTML form can send without asking the browser first (the CORS
     * "simple" content types of the Fetch standard): url-encoded, multipart, plain text, or none named.
     */
    static boolean formBody(HttpServletRequest request) {
        String type = request.getContentType();
        if (type == null) {
            return request.getContentLengthLong() > 0 || request.getHeader("Transfer-Encoding") != null;
        }
        String media = type.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
        return media.equals("application/x-www-form-urlencoded") || media.equals("multipart/form-data")
                || media.equals("text/plain");
    }

    /**
     * True when a module's form carries {@code token} (the session's token for modules' forms) in
     * its field {@value WebContexts#CSRF_FIELD}, and its address has no query (what a change acts
     * on comes in its body, as in the console); else false once 403 {@code form_refused} is sent.
     */
    private static boolean formCarriesToken(HttpServletRequest request, HttpServletResponse response, String token) throws IOException {
        String sent = null;
        if (token != null && request.getQueryString() == null && request.getContentType() != null
                && request.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/x-www-form-urlencoded")) {
            sent = request.getParameter(WebContexts.CSRF_FIELD);
        }
        if (sent != null && java.security.MessageDigest.isEqual(token.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                sent.getBytes(java.nio.charset.StandardCharsets.US_ASCII))) {
            return true;
        }
        org.slf4j.LoggerFactory.getLogger(ModulesContext.class).warn(
                "Refused {} {} from {}: a form without this session's token for modules' forms (or with a query)",
                request.getMethod(), RoutedPath.printable(request.getRequestURI()), ClientGate.address(request));
        Problems.send(request, response, 403, "form_refused", "problem.form-refused");
        return false;
    }

    /**
     * A language asked in a staff page's address ({@code ?lang=de}, the frame's language switch)
     * is remembered as the console remembers it, so that the console and every module's page go
     * on in it.
     */
    private static void rememberLanguage(HttpServletRequest request, HttpServletResponse response) {
        String query = request.getQueryString();
        if (query == null) {
            return;
        }
        for (String pair : query.split("&")) {
            String tag = pair.startsWith("lang=") ? pair.substring(5) : null;
            if (tag != null && be.imio.platform.api.Texts.LANGUAGES.stream().anyMatch(l -> l.getLanguage().equals(tag))) {
                response.addHeader("Set-Cookie", WebContexts.LANGUAGE_COOKIE + "=" + tag
                        + "; Path=/; Max-Age=31536000; SameSite=Strict");
                request.setAttribute(WebContexts.LANGUAGE, be.imio.platform.api.Texts.language(tag, null));
                return;
            }
        }
    }

    /**
     * Lets a module's request through as the session's user, without the console's anti-forgery
     * token: modules share the console's origin and log-in, never its power to change the host.
     */
    static void admit(HttpServletRequest request, Staff staff) {
        request.setAttribute(REMOTE_USER, staff.user());
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.FORM_AUTH);
        request.setAttribute(WebContexts.ROLES, staff.roles());
        if (staff.formToken() != null) {
            request.setAttribute(WebContexts.FORM_TOKEN, staff.formToken());
        }
    }

    /**
     * GET or HEAD of {@code /<module>/public/...}; {@code path} is the routed path inside the
     * context, in normal form (see {@link RoutedPath}).
     */
    static boolean isPublicRead(String method, String path) {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        String[] segments = path.split("/", 4);
        return segments.length >= 3 && segments[0].isEmpty() && !segments[1].isEmpty()
                && WebContexts.PUBLIC_SEGMENT.equals(segments[2]) && RoutedPath.normal(path);
    }
}
