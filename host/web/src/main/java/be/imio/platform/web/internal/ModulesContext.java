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
import be.imio.platform.web.access.FormTokens;
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
            rememberLanguage(request, response);
            return true;
        }
        if (!ProgramsOnly.admitToModule(request, response)) {
            return false;
        }
        String module = moduleOf(path);
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (request.getHeader("Authorization") == null) {
            StaffSessions sessions = console;
            java.util.Optional<Staff> staff = sessions == null ? java.util.Optional.empty() : sessions.session(request);
            // The cookie is SameSite=Strict; a foreign Origin is refused as well, and a change
            // (anything but a GET or HEAD) is let in on the cookie only when it says it comes from
            // this host, as in the console. A change in JSON cannot come from another site's form;
            // a form must carry the module's token (below).
            // The staff only: a console session of another kind of account (a publisher's) opens no module page.
            if (staff.isPresent() && staff.get().roles().stream().anyMatch(ApiContext.ALLOWED_ROLES::contains)
                    && (read ? SameSite.sameOrigin(request) : SameSite.fromThisSite(request))) {
                if (!read && formBody(request) && !formTaken(request, staff.get(), module)) {
                    refuseForm(request, response);
                    return false;
                }
                admit(request, staff.get(), module);
                rememberLanguage(request, response);
                return true;
            }
            String accept = request.getHeader("Accept");
            if ("GET".equals(request.getMethod()) && accept != null && accept.contains("text/html")) {
                // A person in a browser: the console's log-in page rather than the browser's Basic prompt.
                response.setHeader("Cache-Control", "no-store");
                response.setStatus(303);
                String asked = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
                response.setHeader("Location", StaffSessions.LOG_IN_PATH + "?next="
                        + java.net.URLEncoder.encode(asked, java.nio.charset.StandardCharsets.UTF_8));
                // Committed now: a security handler that returns false on an uncommitted answer gets
                // it replaced by the container's own 403 page.
                response.flushBuffer();
                return false;
            }
        }
        if (!read && formBody(request)) {
            // HTTP Basic credentials a browser cached go with a cross-site form too, and a session
            // that ended or another site's page has no token: a form is taken only from a page of
            // a live session; programs send JSON.
            refuseForm(request, response);
            return false;
        }
        return authentication.admit(request, response, ApiContext.ALLOWED_ROLES);
    }

    /** The module a routed path {@code /<module>/...} names ("" for none). */
    static String moduleOf(String path) {
        String[] segments = path.split("/", 3);
        return segments.length > 1 ? segments[1] : "";
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
        String media = mediaType(type);
        return media.equals("application/x-www-form-urlencoded") || media.equals("multipart/form-data")
                || media.equals("text/plain");
    }

    /** The media type of a {@code Content-Type} value, without its parameters, in lower case. */
    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].strip().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * True when {@code staff} may post this form to {@code module}: an administrator (a viewer
     * changes nothing, whatever the module's code does), the body url-encoded, no query in the
     * address (what a change acts on comes in its body, as in the console), and the field
     * {@value WebContexts#CSRF_FIELD} carrying the session's token for that module's forms, which
     * no other module's page holds.
     */
    private static boolean formTaken(HttpServletRequest request, Staff staff, String module) {
        if (!staff.roles().contains(WebContexts.ADMIN) || staff.formKey() == null || request.getQueryString() != null
                || !"application/x-www-form-urlencoded".equals(mediaType(request.getContentType()))) {
            return false;
        }
        return FormTokens.same(FormTokens.forModule(staff.formKey(), module), request.getParameter(WebContexts.CSRF_FIELD));
    }

    /**
     * Refuses a module's form: 403 {@code form_refused}, logged; to a person in a browser, a page in
     * their language that leads back to the page the form came from (which asks them to log in
     * again if their session ended), to a program JSON.
     */
    private static void refuseForm(HttpServletRequest request, HttpServletResponse response) throws IOException {
        org.slf4j.LoggerFactory.getLogger(ModulesContext.class).warn(
                "Refused {} {} from {}: a form not from a page of a live session of an administrator with the module's"
                        + " token (or with a query)", request.getMethod(), RoutedPath.printable(request.getRequestURI()),
                ClientGate.address(request));
        String accept = request.getHeader("Accept");
        if (accept == null || !accept.contains("text/html")) {
            Problems.send(request, response, 403, "form_refused", "problem.form-refused");
            return;
        }
        java.util.Locale language = be.imio.platform.api.web.Languages.of(request);
        String back = sameSiteReferer(request);
        response.setStatus(403);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String title = WebTexts.TEXTS.get(language, "problem.form-refused.title");
        response.getWriter().write("<!DOCTYPE html>\n<html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>"
                + be.imio.platform.api.Html.escape(title) + "</title><link rel=\"stylesheet\" href=\"/console/static/console.css\">"
                + "</head><body class=\"plain\"><main id=\"main\"><h1>" + be.imio.platform.api.Html.escape(title) + "</h1>"
                + "<p class=\"error\" role=\"alert\">" + be.imio.platform.api.Html.escape(
                        WebTexts.TEXTS.get(language, "problem.form-refused")) + "</p><p><a href=\""
                + be.imio.platform.api.Html.escape(back) + "\">" + be.imio.platform.api.Html.escape(
                        WebTexts.TEXTS.get(language, "problem.form-refused.back")) + "</a></p></main></body></html>\n");
        response.flushBuffer();
    }

    /** The path (and query) of the page of this host the request came from, under /modules/; else the console. */
    static String sameSiteReferer(HttpServletRequest request) {
        String referer = request.getHeader("Referer");
        String host = request.getHeader("Host");
        if (referer != null && host != null) {
            for (String scheme : new String[] {"http://", "https://"}) {
                String origin = scheme + host;
                if (referer.startsWith(origin + "/modules/")) {
                    String rest = referer.substring(origin.length());
                    if (!rest.contains("\\") && !rest.contains("..") && rest.chars().noneMatch(c -> c < 0x20)) {
                        return rest;
                    }
                }
            }
        }
        return "/console/";
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
                // This request is answered in it already: Languages.of reads ?lang= first.
                response.addHeader("Set-Cookie", WebContexts.LANGUAGE_COOKIE + "=" + tag
                        + "; Path=/; Max-Age=31536000; SameSite=Strict");
                return;
            }
        }
    }

    /**
     * Lets a request to {@code module} through as the session's user, with the token of that
     * module's forms and the log-out token of its frame, never the console's anti-forgery token:
     * modules share the console's origin and log-in, never its power to change the host.
     */
    static void admit(HttpServletRequest request, Staff staff, String module) {
        request.setAttribute(REMOTE_USER, staff.user());
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.FORM_AUTH);
        request.setAttribute(WebContexts.ROLES, staff.roles());
        if (staff.formKey() != null) {
            request.setAttribute(WebContexts.FORM_TOKEN, FormTokens.forModule(staff.formKey(), module));
            request.setAttribute(FormTokens.LOG_OUT_ATTRIBUTE, FormTokens.forLogOut(staff.formKey()));
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
