package be.imio.platform.web.internal;

import java.time.Duration;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.web.access.Staff;
import be.imio.platform.web.access.StaffLogin;
import be.imio.platform.web.access.StaffLogins;

/**
 * Staff log-ins by password (the console's form): checked against the {@code karaf} realm and
 * throttled with every other log-in of the instance ({@link FailedLogins}); each is logged.
 */
@Component(service = StaffLogins.class)
public final class ThrottledLogins implements StaffLogins {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottledLogins.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");

    private final JaasAuthenticator authenticator = new JaasAuthenticator("karaf");
    private final FailedLogins failures = FailedLogins.INSTANCE;

    /**
     * The roles that open a console session: the staff's, and a publisher's, who sees only the pages
     * naming its role (its own releases at the central repository; the API stays closed to it).
     */
    static final java.util.Set<String> CONSOLE_ROLES = java.util.Set.of(WebContexts.ADMIN, WebContexts.VIEWER,
            "publisher");

    @Override
    public StaffLogin logIn(String user, char[] password, String address) {
        Duration wait = failures.begin(address, user);
        if (!wait.isZero()) {
            if (failures.firstBlocked(address, "console", user, wait)) {
                EVENTS.warn("log-in blocked: console log-in of '{}' from {} for {} s, too many failed log-ins (its further attempts are not logged until then)",
                        printable(user), address, Math.max(1, wait.toSeconds()));
            }
            return new StaffLogin(StaffLogin.Outcome.THROTTLED, null, wait);
        }
        Optional<JaasAuthenticator.Login> login = authenticator.login(new BasicCredentials(user, password));
        if (login.isEmpty()) {
            failures.failed(address, user);
            LOG.warn("Refused console log-in of '{}' from {}", printable(user), address);
            return new StaffLogin(StaffLogin.Outcome.REFUSED, null, null);
        }
        if (login.get().roles().stream().noneMatch(CONSOLE_ROLES::contains)) {
            // A valid account without a console role clears nothing.
            failures.release(address, user);
            LOG.warn("Refused console log-in of '{}' from {}: neither admin, viewer nor publisher", printable(user),
                    address);
            return new StaffLogin(StaffLogin.Outcome.NO_STAFF_ROLE, null, null);
        }
        failures.authorised(address, user);
        LOG.info("Console log-in of '{}' from {}", printable(user), address);
        return new StaffLogin(StaffLogin.Outcome.LOGGED_IN, new Staff(login.get().user(), login.get().roles()), null);
    }

    /** A user name as typed, safe for one log line. */
    static String printable(String user) {
        String clean = user.replaceAll("[\\p{Cntrl}]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }
}
