package be.imio.platform.web.internal;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP context under {@code /api}: every request in it must carry the credentials of an
 * account of Karaf's realm holding the {@code admin} or {@code viewer} role. Platform and module
 * REST endpoints register in this context to be protected the same way.
 */
// One shared instance rather than the bundle scope the specification suggests: this helper serves
// no resources, and with a bundle-scoped service Pax Web and SCR race when Karaf stops (an
// "Error ungetting service" logged at shutdown).
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ApiContext.NAME, path = "/api")
public final class ApiContext extends ServletContextHelper {

    /** Whiteboard name of this context, for {@code osgi.http.whiteboard.context.select}. */
    public static final String NAME = "imio.api";
    /** Request attribute holding the roles of the logged-in user. */
    public static final String ROLES = "be.imio.platform.roles";

    static final Set<String> ALLOWED_ROLES = Set.of("admin", "viewer");

    private static final Logger LOG = LoggerFactory.getLogger(ApiContext.class);

    private final JaasAuthenticator authenticator = new JaasAuthenticator("karaf");
    private final LoginThrottle throttle = new LoginThrottle(10, Duration.ofMinutes(10), Clock.systemUTC());

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        SecurityHeadersFilter.apply(response);
        String address = request.getRemoteAddr();
        Duration wait = throttle.waitFor(address);
        if (!wait.isZero()) {
            response.setHeader("Retry-After", Long.toString(Math.max(1, wait.toSeconds())));
            Problems.send(response, 429, "too_many_failed_logins",
                    "Trop d'échecs de connexion depuis cette adresse ; réessayez plus tard.",
                    "Too many failed log-ins from this address; try again later.");
            return false;
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(request.getHeader("Authorization"));
        Optional<JaasAuthenticator.Login> login = credentials.flatMap(authenticator::login);
        if (login.isEmpty()) {
            if (credentials.isPresent()) {
                throttle.failed(address);
                LOG.warn("Refused log-in of '{}' from {} to {}", credentials.get().user(), address, request.getRequestURI());
            }
            response.setHeader("WWW-Authenticate", "Basic realm=\"iMio\", charset=\"UTF-8\"");
            Problems.send(response, 401, "authentication_required",
                    "Identifiez-vous avec un compte de cette instance.",
                    "Log in with an account of this instance.");
            return false;
        }
        throttle.succeeded(address);
        if (login.get().roles().stream().noneMatch(ALLOWED_ROLES::contains)) {
            Problems.send(response, 403, "forbidden",
                    "Ce compte n'a pas accès à l'interface de gestion.",
                    "This account has no access to the management interface.");
            return false;
        }
        request.setAttribute(REMOTE_USER, login.get().user());
        request.setAttribute(AUTHENTICATION_TYPE, HttpServletRequest.BASIC_AUTH);
        request.setAttribute(ROLES, login.get().roles());
        return true;
    }
}
