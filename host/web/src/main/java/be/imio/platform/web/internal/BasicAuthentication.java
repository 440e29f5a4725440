package be.imio.platform.web.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.http.context.ServletContextHelper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;

/**
 * HTTP Basic log-in against Karaf's JAAS realm, shared by the platform's protected contexts: one
 * throttle against password guessing, one way to refuse, the same request attributes once in.
 */
final class BasicAuthentication {

    /** Request attribute holding the roles of the logged-in user. */
    static final String ROLES = WebContexts.ROLES;

    private static final Logger LOG = LoggerFactory.getLogger(BasicAuthentication.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");

    private final JaasAuthenticator authenticator = new JaasAuthenticator("karaf");
    private final FailedLogins failures = FailedLogins.INSTANCE;

    /**
     * Lets the request in when its credentials are valid and hold one of {@code allowedRoles};
     * otherwise answers 401, 403 or 429 and returns false.
     */
    boolean admit(HttpServletRequest request, HttpServletResponse response, Set<String> allowedRoles)
            throws IOException {
        SecurityHeaders.apply(response);
        String address = ClientGate.address(request);
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        String user = credentials.map(BasicCredentials::user).orElse(null);
        Duration wait = failures.begin(address, user);
        if (!wait.isZero()) {
            if (failures.firstBlocked(address, "http", user, wait)) {
                EVENTS.warn("log-in blocked: HTTP log-in{} from {} to {} for {} s, too many failed log-ins (its further attempts are not logged until then)",
                        credentials.map(c -> " of '" + ThrottledLogins.printable(c.user()) + "'").orElse(""), address,
                        RoutedPath.printable(request.getRequestURI()), Math.max(1, wait.toSeconds()));
            }
            response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            Problems.send(request, response, 429, "too_many_failed_logins", "problem.too-many-failed-logins");
            return false;
        }
        Optional<JaasAuthenticator.Login> login = credentials.flatMap(authenticator::login);
        if (login.isEmpty()) {
            if (credentials.isPresent()) {
                failures.failed(address, credentials.get().user());
                LOG.warn("Refused log-in of '{}' from {} to {}", credentials.get().user(), address, request.getRequestURI());
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"iMio\", charset=\"UTF-8\"");
            Problems.send(request, response, 401, "authentication_required", "problem.authentication-required");
            return false;
        }
        if (login.get().roles().stream().noneMatch(allowedRoles::contains)) {
            // Neither a failure nor a success: a valid account of another kind clears nothing.
            failures.release(address, credentials.get().user());
            LOG.warn("Refused '{}' from {} to {} {}: none of the roles {}", login.get().user(), address,
                    request.getMethod(), request.getRequestURI(), allowedRoles);
            Problems.send(request, response, 403, "forbidden", "problem.forbidden");
            return false;
        }
        failures.authorised(address, credentials.get().user());
        request.setAttribute(ServletContextHelper.REMOTE_USER, login.get().user());
        request.setAttribute(ServletContextHelper.AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
        request.setAttribute(ROLES, login.get().roles());
        return true;
    }
}
