package be.imio.platform.web.internal;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

import javax.servlet.http.Cookie;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.http.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;

/**
 * Who is logged in to the console: log-in against Karaf's JAAS realm (throttled with every other
 * log-in of the instance, see {@link FailedLogins}), the session cookie, log-out. Shared by the console's context and the modules'
 * context, so that one log-in opens both.
 */
// One instance for the bundle, not a DS service: the contexts that use it then have no reference
// of their own, and Pax Web was seen to map a console servlet twice when a context helper went
// away with the service it referenced. Sessions last as long as the bundle.
final class ConsoleAccess {

    static final ConsoleAccess INSTANCE = new ConsoleAccess();

    static final String COOKIE = "imio_session";
    private static final Logger LOG = LoggerFactory.getLogger(ConsoleAccess.class);

    /** What a log-in attempt came to. */
    sealed interface Attempt permits LoggedIn, Refused, Throttled, NoConsoleRole {
    }

    record LoggedIn(ConsoleSessions.Session session) implements Attempt {
    }

    record Refused() implements Attempt {
    }

    record Throttled(Duration retryAfter) implements Attempt {
    }

    record NoConsoleRole() implements Attempt {
    }

    private final ConsoleSessions sessions = new ConsoleSessions(Clock.systemUTC());

    private ConsoleAccess() {
    }
    private final JaasAuthenticator authenticator = new JaasAuthenticator("karaf");
    private final FailedLogins failures = FailedLogins.INSTANCE;

    Attempt logIn(String user, char[] password, String address) {
        Duration wait = failures.begin(address, user);
        if (!wait.isZero()) {
            LOG.warn("Throttled console log-in of '{}' from {}", printable(user), address);
            return new Throttled(wait);
        }
        Optional<JaasAuthenticator.Login> login = authenticator.login(new BasicCredentials(user, password));
        if (login.isEmpty()) {
            failures.failed(address, user);
            LOG.warn("Refused console log-in of '{}' from {}", printable(user), address);
            return new Refused();
        }
        if (login.get().roles().stream().noneMatch(ApiContext.ALLOWED_ROLES::contains)) {
            // A valid account without a console role (a publisher) clears nothing.
            failures.release(address, user);
            LOG.warn("Refused console log-in of '{}' from {}: neither admin nor viewer", printable(user), address);
            return new NoConsoleRole();
        }
        failures.authorised(address, user);
        ConsoleSessions.Session session = sessions.open(login.get().user(), login.get().roles());
        LOG.info("Console log-in of '{}' from {}", printable(user), address);
        return new LoggedIn(session);
    }

    /** The session the request's cookie names. */
    ConsoleSessions.Found session(HttpServletRequest request) {
        return sessions.find(cookie(request, COOKIE));
    }

    void logOut(HttpServletRequest request, HttpServletResponse response) {
        sessions.close(cookie(request, COOKIE)).ifPresent(s -> LOG.info("Console log-out of '{}' from {}",
                printable(s.user()), ClientGate.address(request)));
        response.addHeader("Set-Cookie", COOKIE + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    }

    /** Sends the session cookie: for this host only, never to scripts, never on cross-site requests. */
    static void sendCookie(HttpServletRequest request, HttpServletResponse response, ConsoleSessions.Session session) {
        response.addHeader("Set-Cookie", COOKIE + "=" + session.id() + "; Path=/; HttpOnly; SameSite=Strict"
                + (ClientGate.overHttps(request) ? "; Secure" : ""));
    }

    /**
     * Lets a console request through as the session's user, as the HTTP Whiteboard specifies, with
     * the session's anti-forgery token for the console's forms.
     */
    static void admit(HttpServletRequest request, ConsoleSessions.Session session) {
        admitToModule(request, session);
        request.setAttribute(WebContexts.CSRF, session.csrf());
    }

    /**
     * Lets a module's request through as the session's user, without the console's anti-forgery
     * token: modules share the console's origin and log-in, never its power to change the host.
     */
    static void admitToModule(HttpServletRequest request, ConsoleSessions.Session session) {
        request.setAttribute(ServletContextHelper.REMOTE_USER, session.user());
        request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.FORM_AUTH);
        request.setAttribute(WebContexts.ROLES, session.roles());
    }

    /**
     * True when the request's {@code Origin}, if the browser sent one, is this host: for the
     * modules' reads, where a browser's own navigation sends no {@code Origin} at all.
     */
    static boolean sameOrigin(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        return origin == null || fromThisSite(request);
    }

    /**
     * True when a request that changes something says it comes from this host: its {@code Origin}
     * is this host, or, when there is no {@code Origin} or it is {@code null} (browsers that hide
     * it), Fetch Metadata says {@code Sec-Fetch-Site: same-origin}. Browsers send one or the other
     * with every form post and script request; a request with neither did not come from a page of
     * this host, and is refused even with a valid anti-forgery token.
     */
    static boolean fromThisSite(HttpServletRequest request) {
        String origin = request.getHeader("Origin");
        if (origin == null || origin.equals("null")) {
            return "same-origin".equals(request.getHeader("Sec-Fetch-Site"));
        }
        String host = request.getHeader("Host");
        return host != null && (origin.equalsIgnoreCase("http://" + host) || origin.equalsIgnoreCase("https://" + host));
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

    /** A user name as typed, safe for one log line. */
    static String printable(String user) {
        String clean = user.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
