package be.imio.platform.console.internal;

import java.time.Clock;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.http.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.web.access.Staff;

/**
 * Who is logged in to the console: the session cookie, the sessions it names, log-out. The
 * console's context and the modules' context (through {@link StaffSessionsService}) read the
 * same sessions, so that one log-in opens both.
 */
// One instance for the bundle, not a DS service: the context that uses it then has no reference
// of its own for it, and Pax Web was seen to map a console servlet twice when a context helper
// went away with the service it referenced. Sessions last as long as the bundle.
final class ConsoleAccess {

    static final ConsoleAccess INSTANCE = new ConsoleAccess();

    static final String COOKIE = "imio_session";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAccess.class);

    private final ConsoleSessions sessions = new ConsoleSessions(Clock.systemUTC());

    private ConsoleAccess() {
    }

    /** A new session for {@code staff}, who has just logged in. */
    ConsoleSessions.Session open(Staff staff) {
        return sessions.open(staff.user(), staff.roles());
    }

    /** The session the request's cookie names. */
    ConsoleSessions.Found session(HttpServletRequest request) {
        return sessions.find(cookie(request, COOKIE));
    }

    void logOut(HttpServletRequest request, HttpServletResponse response, String address) {
        sessions.close(cookie(request, COOKIE)).ifPresent(s -> LOG.info("Console log-out of '{}' from {}", s.user(), address));
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** Sends the session cookie: for this host only, never to scripts, never on cross-site requests. */
    static void sendCookie(HttpServletResponse response, ConsoleSessions.Session session, boolean overHttps) {
        response.addHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (overHttps ? "; Secure" : ""));
    }

    /**
     * Lets a console request through as the session's user, as the HTTP Whiteboard specifies, with
     * the session's anti-forgery token for the console's forms.
     */
    static void admit(HttpServletRequest request, ConsoleSessions.Session session) {
        request.setAttribute(ServletContextHelper.REMOTE_USER, session.user());
        request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.FORM_AUTH);
        request.setAttribute(WebContexts.ROLES, session.roles());
        request.setAttribute(WebContexts.CSRF, session.csrf());
    }

    static String cookie(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
