package be.imio.platform.web.internal;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;

import org.apache.karaf.jaas.boot.principal.ClientPrincipal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first login module of the {@code karaf} realm (see {@link ThrottledRealm}): log-ins made by
 * Karaf itself by password, which name their client with a {@link ClientPrincipal} (the SSH
 * shell, method {@code ssh}), count in the instance's one {@link FailedLogins}, with the HTTP
 * log-ins. A throttled log-in is refused before any password is checked, so a guesser learns
 * nothing from it; a failed one counts for its address and account; a successful one clears its
 * account's failures. Log-ins without a client (the platform's HTTP contexts, which count their
 * own because only they know which roles their context admits) and log-ins by public key pass
 * through untouched.
 *
 * <p>Contract of JAAS (JAAS LoginModule Developer's Guide, {@code LoginContext}): {@link #login()}
 * throws {@link FailedLoginException} to end a throttled log-in at once (the module is
 * {@code REQUISITE}) and otherwise returns false, so that this module never makes a log-in
 * succeed: the verdict is the password modules'. {@link #commit()} (the realm accepted the
 * password) and {@link #abort()} (it refused it) are called on every module, ignored ones
 * included, and report that verdict.
 */
public final class ThrottledLoginModule implements LoginModule {

    private static final Logger LOG = LoggerFactory.getLogger(ThrottledLoginModule.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");

    private Subject subject;
    private CallbackHandler callbacks;
    /** The attempt this module counts, once {@link #login()} let it through; null otherwise. */
    private Attempt attempt;

    private record Attempt(String method, String address, String account) {
    }

    @Override
    public void initialize(Subject subject, CallbackHandler callbackHandler, Map<String, ?> sharedState,
            Map<String, ?> options) {
        this.subject = subject;
        this.callbacks = callbackHandler;
    }

    @Override
    public boolean login() throws LoginException {
        attempt = null;
        Optional<ClientPrincipal> client = subject == null ? Optional.empty()
                : subject.getPrincipals(ClientPrincipal.class).stream().findFirst();
        if (client.isEmpty()) {
            return false;
        }
        Optional<String> account = passwordLogIn();
        if (account.isEmpty()) {
            // A public key cannot be guessed; its log-ins are neither held back nor counted.
            return false;
        }
        String address = address(client.get().getAddress());
        Duration wait = FailedLogins.INSTANCE.begin(address, account.get());
        if (!wait.isZero()) {
            if (FailedLogins.INSTANCE.firstBlocked(address, client.get().getMethod(), account.get(), wait)) {
                EVENTS.warn("log-in blocked: {} log-in of '{}' from {} for {} s, too many failed log-ins (its further attempts are not logged until then)",
                        client.get().getMethod(), ThrottledLogins.printable(account.get()), address, wait.toSeconds());
            }
            throw new FailedLoginException("Too many failed log-ins: try again in " + wait.toSeconds() + " s");
        }
        attempt = new Attempt(client.get().getMethod(), address, account.get());
        // False: this module is left out of the realm's verdict, which the password modules give;
        // it hears that verdict through commit() or abort().
        return false;
    }

    @Override
    public boolean commit() {
        if (attempt == null) {
            return false;
        }
        FailedLogins.INSTANCE.authorised(attempt.address(), attempt.account());
        attempt = null;
        return true;
    }

    @Override
    public boolean abort() {
        if (attempt == null) {
            return false;
        }
        FailedLogins.INSTANCE.failed(attempt.address(), attempt.account());
        LOG.warn("Refused {} log-in of '{}' from {}", attempt.method(), ThrottledLogins.printable(attempt.account()),
                attempt.address());
        attempt = null;
        return true;
    }

    @Override
    public boolean logout() {
        return true;
    }

    /** The account of a log-in by password; empty for a log-in by public key. */
    private Optional<String> passwordLogIn() throws LoginException {
        NameCallback name = new NameCallback("user");
        PasswordCallback password = new PasswordCallback("password", false);
        try {
            callbacks.handle(new Callback[] {name, password});
        } catch (UnsupportedCallbackException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new LoginException("No user name: " + e.getMessage());
        } finally {
            password.clearPassword();
        }
        return Optional.of(name.getName() == null ? "" : name.getName());
    }

    /**
     * The client's host address without its port ({@code /192.0.2.1:50022} → {@code 192.0.2.1};
     * {@code /[2001:db8::1]:50022} or {@code /2001:db8:0:0:0:0:0:1:50022} → the IPv6 address): each
     * connection has its own port, and counting per port would count nothing.
     */
    static String address(String client) {
        if (client == null || client.isBlank()) {
            return "unknown";
        }
        String address = client.substring(client.indexOf('/') + 1);
        int port = address.lastIndexOf(':');
        if (port > 0 && address.substring(port + 1).chars().allMatch(Character::isDigit)
                && (address.indexOf(':') == port || address.charAt(port - 1) == ']' || address.chars()
                        .filter(c -> c == ':').count() == 8)) {
            address = address.substring(0, port);
        }
        if (address.startsWith("[") && address.endsWith("]")) {
            address = address.substring(1, address.length() - 1);
        }
        return address;
    }
}
