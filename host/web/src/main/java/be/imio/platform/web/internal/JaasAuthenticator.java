package be.imio.platform.web.internal;

import java.security.Principal;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;

/**
 * Checks a user name and password against Karaf's JAAS realm, the same realm that guards the
 * Karaf shell, so that one set of accounts serves the shell, the API and the console.
 */
final class JaasAuthenticator {

    /** Who logged in, and the realm's roles they hold. */
    record Login(String user, Set<String> roles) {
    }

    private final String realm;

    JaasAuthenticator(String realm) {
        this.realm = realm;
    }

    /** Empty when the realm refuses the credentials. */
    Optional<Login> login(BasicCredentials credentials) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module through the context class loader; Karaf's
        // realms all go through its boot proxy module, which this loader sees.
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            LoginContext context = new LoginContext(realm, subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(credentials.user());
                    } else if (callback instanceof PasswordCallback password) {
                        password.setPassword(credentials.password());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            });
            context.login();
        } catch (LoginException refused) {
            return Optional.empty();
        } finally {
            thread.setContextClassLoader(previous);
        }
        Set<String> roles = subject.getPrincipals(RolePrincipal.class).stream()
                .map(Principal::getName).collect(Collectors.toUnmodifiableSet());
        return Optional.of(new Login(credentials.user(), roles));
    }
}
