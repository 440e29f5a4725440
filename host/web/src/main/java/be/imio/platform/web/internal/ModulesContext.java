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
                admit(request, staff.get());
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
        return authentication.admit(request, response, ApiContext.ALLOWED_ROLES);
    }

    /**
     * Lets a module's request through as the session's user, without the console's anti-forgery
     * token: modules share the console's origin and log-in, never its power to change the host.
     */
    static void admit(HttpServletRequest request, Staff staff) {
        request.setAttribute(REMOTE_USER, staff.user());
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.FORM_AUTH);
        request.setAttribute(WebContexts.ROLES, staff.roles());
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
