package be.imio.platform.repository.internal.publisher;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import javax.security.auth.Subject;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;

import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.config.JaasRealm;
import org.apache.karaf.jaas.modules.BackingEngine;
import org.apache.karaf.jaas.modules.BackingEngineFactory;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.repository.internal.Answers;
import be.imio.platform.store.etc.EtcConfigurations;

/**
 * Creates and disables publisher accounts: an account of Karaf's realm (its password stored as the realm's
 * digest, never in clear) holding the {@code publisher} role, and its namespaces in the
 * publishers' configuration, audited in one unit with both. The password is generated and
 * returned once.
 */
@Component(service = PublisherAccounts.class)
public final class PublisherAccounts {

    public static final Pattern ACCOUNT = Pattern.compile("[a-z0-9][a-z0-9-]{1,62}");
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final Logger LOG = LoggerFactory.getLogger(PublisherAccounts.class);

    /** Karaf registers one service per realm; accounts go to the realm named {@code karaf}. */
    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<JaasRealm> realms;

    /** Karaf's JAAS registers one factory per kind of login module; the jaas: commands use the same. */
    @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE, policy = ReferencePolicy.DYNAMIC)
    private volatile List<BackingEngineFactory> factories;

    private final ConfigurationAdmin configurations;
    private final Publishers publishers;
    private final ReleaseDesk desk;
    private final SecureRandom random = new SecureRandom();
    /** The instance's etc folder, where the publishers' file is. */
    private final Path etc = Path.of(System.getProperty("karaf.etc", "etc"));

    @Activate
    public PublisherAccounts(@Reference ConfigurationAdmin configurations, @Reference Publishers publishers,
            @Reference ReleaseDesk desk) {
        this.configurations = configurations;
        this.publishers = publishers;
        this.desk = desk;
    }

    /**
     * Creates {@code account} for {@code namespaces} and returns its password.
     *
     * @throws Invalid with the reason when the name, a namespace, or the account is not acceptable
     */
    public synchronized String create(String account, List<String> namespaces, String by, String from)
            throws IOException {
        if (account == null || !ACCOUNT.matcher(account).matches()) {
            throw new Invalid("publisher.bad-account");
        }
        if (namespaces.isEmpty() || namespaces.stream().anyMatch(ns -> !Publishers.isNamespace(ns))) {
            throw new Invalid("publisher.bad-namespaces");
        }
        RealmFile realm = realm();
        if (realm.read().lookupUser(account) != null) {
            throw new Invalid("publisher.account-exists");
        }
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        Configuration configuration = configurations.getConfiguration(Publishers.PID, null);
        Dictionary<String, Object> before = configuration.getProperties();
        Hashtable<String, Object> properties = new Hashtable<>();
        if (before != null) {
            for (var keys = before.keys(); keys.hasMoreElements();) {
                String key = keys.nextElement();
                properties.put(key, before.get(key));
            }
        }
        properties.put(account, String.join(", ", namespaces));
        try {
            // The account, its namespaces and the audit row: all of them or none.
            desk.ledger().auditWith(Instant.now(), by, from, "publisher-add", account, String.join(", ", namespaces),
                    new ReleaseLedger.AuditedChange() {
                        @Override
                        public void apply() {
                            realm.change(engine -> {
                                engine.addUser(account, password.toString());
                                engine.addRole(account, "publisher");
                            }, engine -> isPublisher(engine, account));
                            try {
                                EtcConfigurations.update(configuration, etc, properties);
                            } catch (IOException e) {
                                removeAccount(realm, account);
                                throw new IllegalStateException(e.getMessage(), e);
                            }
                        }

                        @Override
                        public void undo() {
                            removeAccount(realm, account);
                            try {
                                if (before == null) {
                                    EtcConfigurations.delete(configuration, etc);
                                } else {
                                    EtcConfigurations.update(configuration, etc, before);
                                }
                            } catch (IOException e) {
                                throw new IllegalStateException(e.getMessage(), e);
                            }
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("journal: " + e.getMessage(), e);
        }
        publishers.grant(account, Set.copyOf(namespaces));
        awaitUsable(account, password.toString());
        LOG.info("Created publisher {} for {} ({} from {})", account, namespaces, by, from);
        return password.toString();
    }

    /** True when {@code account} holds the {@code publisher} role now: it may release. */
    public boolean active(String account) {
        return account != null && ACCOUNT.matcher(account).matches() && isPublisher(realm().read(), account);
    }

    private static void removeAccount(RealmFile realm, String account) {
        realm.change(engine -> engine.deleteUser(account), engine -> engine.lookupUser(account) == null);
    }

    private static boolean isPublisher(BackingEngine engine, String account) {
        if (engine.lookupUser(account) == null) {
            return false;
        }
        return engine.listRoles(new org.apache.karaf.jaas.boot.principal.UserPrincipal(account)).stream()
                .anyMatch(role -> "publisher".equals(role.getName()));
    }

    /**
     * Disables publisher {@code account}: its {@code publisher} role is taken away, so that the
     * repository refuses its uploads from now on; its releases, namespaces and the module names it
     * claimed stay. The change and its {@code publisher-disable} audit row ({@code reason}) are one
     * unit.
     *
     * @return false, changing nothing, when {@code account} is no active publisher
     */
    public synchronized boolean disable(String account, String reason, String by, String from) {
        RealmFile realm = realm();
        if (account == null || !ACCOUNT.matcher(account).matches() || !isPublisher(realm.read(), account)) {
            return false;
        }
        try {
            desk.ledger().auditWith(Instant.now(), by, from, "publisher-disable", account, reason,
                    new ReleaseLedger.AuditedChange() {
                        @Override
                        public void apply() {
                            realm.change(engine -> engine.deleteRole(account, "publisher"),
                                    engine -> !isPublisher(engine, account));
                        }

                        @Override
                        public void undo() {
                            realm.change(engine -> engine.addRole(account, "publisher"),
                                    engine -> isPublisher(engine, account));
                        }
                    });
        } catch (SQLException e) {
            throw new IllegalStateException("journal: " + e.getMessage(), e);
        }
        LOG.warn("Disabled publisher {} ({} from {}): {}", account, by, from, reason);
        return true;
    }

    /**
     * Answers only once the realm lets the new account in with the {@code publisher} role, as its
     * first upload will ask: a release sent the moment the account's creation is answered was seen
     * refused for want of that role. A role the realm's file lost meanwhile is written again.
     */
    private void awaitUsable(String account, String password) {
        for (int attempt = 0; attempt < 40; attempt++) {
            Set<String> roles = rolesAtLogIn(account, password);
            if (roles != null && roles.contains("publisher")) {
                return;
            }
            if (roles != null) {
                // In, without its role: the role is written again.
                realm().change(engine -> engine.addRole(account, "publisher"), engine -> isPublisher(engine, account));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        LOG.warn("Publisher {} was created but the realm does not let it in with its role yet", account);
    }

    /** The realm's roles for {@code account} logging in with {@code password}; null when refused. */
    private static Set<String> rolesAtLogIn(String account, String password) {
        Subject subject = new Subject();
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        // LoginContext loads the realm's login module through the context class loader (Karaf's boot proxy).
        thread.setContextClassLoader(ProxyLoginModule.class.getClassLoader());
        try {
            new LoginContext("karaf", subject, callbacks -> {
                for (var callback : callbacks) {
                    if (callback instanceof NameCallback name) {
                        name.setName(account);
                    } else if (callback instanceof PasswordCallback secret) {
                        secret.setPassword(password.toCharArray());
                    } else {
                        throw new UnsupportedCallbackException(callback);
                    }
                }
            }).login();
        } catch (LoginException refused) {
            return null;
        } finally {
            thread.setContextClassLoader(previous);
        }
        return subject.getPrincipals(RolePrincipal.class).stream().map(java.security.Principal::getName)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The accounts file of the {@code karaf} realm's properties login module. */
    private RealmFile realm() {
        JaasRealm realm = realms.stream().filter(r -> "karaf".equals(r.getName())).findFirst()
                .orElseThrow(() -> new IllegalStateException("the karaf realm is not available"));
        for (AppConfigurationEntry entry : realm.getEntries()) {
            // Karaf wraps every module in its proxy; the real module's class is in the options.
            Object module = entry.getOptions().get(ProxyLoginModule.PROPERTY_MODULE);
            if (module == null || !module.toString().endsWith(".PropertiesLoginModule")) {
                continue;
            }
            for (BackingEngineFactory factory : List.copyOf(factories)) {
                if (factory.getModuleClass().equals(module.toString())) {
                    return new RealmFile(factory, entry.getOptions());
                }
            }
        }
        throw new IllegalStateException("the karaf realm has no properties login module to hold accounts");
    }

    /** An account that cannot be created: its reason, in English as an exception's message and in each language as {@link #words()}. */
    public static final class Invalid extends IllegalArgumentException {

        private static final long serialVersionUID = 1L;

        private final transient be.imio.platform.api.Message words;
        private final String field;

        Invalid(String key) {
            super(be.imio.platform.repository.internal.RepositoryTexts.message(key).in(be.imio.platform.api.Texts.ENGLISH));
            this.words = be.imio.platform.repository.internal.RepositoryTexts.message(key);
            this.field = key.equals("publisher.bad-namespaces") ? "namespaces" : "account";
        }

        /** The field in question: {@code account} or {@code namespaces}. */
        public String field() {
            return field;
        }

        /** The reason, in the reader's language. */
        public be.imio.platform.api.Message words() {
            return words;
        }
    }
}
