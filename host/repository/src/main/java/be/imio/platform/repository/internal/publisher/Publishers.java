package be.imio.platform.repository.internal.publisher;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which namespaces each publisher may release in, from
 * {@code etc/be.imio.platform.repository.publishers.cfg}: one line per account of the realm
 * holding the {@code publisher} role, {@code account = be.imio.solutions, be.imio.other}. A
 * namespace covers the name itself and every name below it ({@code be.imio.solutions.courrier}),
 * for bundle symbolic names and Maven group ids alike. An account without a line may release nothing.
 */
@Component(service = Publishers.class, configurationPid = Publishers.PID, configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class Publishers {

    private static final Logger LOG = LoggerFactory.getLogger(Publishers.class);

    static final String PID = "be.imio.platform.repository.publishers";

    private volatile Map<String, Set<String>> namespaces = Map.of();
    /**
     * The grants saved but not yet seen in a configuration Config Admin delivered: a delivery of an
     * earlier save (another publisher's, a moment before) must not take them away meanwhile.
     */
    private final Map<String, Set<String>> pending = new java.util.HashMap<>();

    /**
     * What a namespace is: a Java package name of two segments or more, lower-case ASCII letters,
     * digits and {@code _} ({@code be.imio.solutions}). Namespaces become path patterns of signed
     * delegations, where {@code *} and {@code ?} would stand for any group: never in a namespace.
     */
    private static final java.util.regex.Pattern NAMESPACE = java.util.regex.Pattern.compile("[a-z][a-z0-9_]*(\\.[a-z0-9_]+)+");

    /** True when {@code namespace} is one (see {@link #NAMESPACE}). */
    public static boolean isNamespace(String namespace) {
        return namespace != null && NAMESPACE.matcher(namespace).matches();
    }

    @Activate
    @Modified
    synchronized void configure(Map<String, Object> properties) {
        Map<String, Set<String>> read = new ConcurrentHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.contains(".") && !key.startsWith("component") && value != null) {
                Set<String> namespaces = Arrays.stream(value.toString().split(",")).map(String::strip)
                        .filter(ns -> !ns.isEmpty()).collect(Collectors.toUnmodifiableSet());
                // A hand edit of the file is not checked when written: what is not a namespace is not granted.
                namespaces.stream().filter(ns -> !isNamespace(ns)).forEach(ns -> LOG.warn(
                        "Publisher {}: '{}' is not a namespace (lower-case package name, two segments or more): ignored",
                        key, ns));
                read.put(key, namespaces.stream().filter(Publishers::isNamespace).collect(Collectors.toUnmodifiableSet()));
            }
        });
        pending.entrySet().removeIf(grant -> grant.getValue().equals(read.get(grant.getKey())));
        read.putAll(pending);
        namespaces = Map.copyOf(read);
    }

    /**
     * Grants {@code account} its namespaces at once, as the configuration just saved says: Config
     * Admin delivers the change to {@link #configure} a moment later, when the new publisher may
     * already be releasing, and may deliver an earlier save first.
     */
    synchronized void grant(String account, Set<String> granted) {
        pending.put(account, Set.copyOf(granted));
        Map<String, Set<String>> next = new java.util.HashMap<>(namespaces);
        next.put(account, Set.copyOf(granted));
        namespaces = Map.copyOf(next);
    }

    /** Every publisher with its namespaces. */
    public Map<String, Set<String>> all() {
        return namespaces;
    }

    /** The namespaces of {@code account}; empty when it may release nothing. */
    public Set<String> namespacesOf(String account) {
        return namespaces.getOrDefault(account, Set.of());
    }
}
