package be.imio.platform.trust;

import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;

/**
 * What a module's bundle may wire into, read from its manifest's main section: every exported
 * package, the host of a fragment and every required bundle must be in the namespaces of its
 * publisher (exporting {@code be.imio.platform.api} 1.99.0 makes the platform's own bundles use the
 * publisher's classes, and Karaf refreshes them to do so; a fragment of another group's bundle puts
 * its classes and resources into that bundle), and no capability may be provided in the
 * framework's wiring namespaces, which would do the same by other means. The repository applies it
 * at release (the publisher's namespaces), a host again before installing (the module's group).
 */
public final class ManifestPolicy {

    /**
     * Capability namespaces through which a bundle would stand in for others: a package or bundle
     * to wire to, a host to attach to, another bundle's identity, the platform's Java or native code.
     */
    private static final Set<String> WIRING_NAMESPACES = Set.of("osgi.wiring.package", "osgi.wiring.bundle",
            "osgi.wiring.host", "osgi.identity", "osgi.ee", "osgi.native");

    private ManifestPolicy() {
    }

    /** A name is in a namespace when it is the namespace or starts with it and a dot. */
    public static boolean inNamespace(String name, Set<String> namespaces) {
        return namespaces.stream().anyMatch(ns -> name.equals(ns) || name.startsWith(ns + "."));
    }

    /**
     * Refuses a manifest whose wiring headers reach outside {@code namespaces} (codes
     * {@code export_outside_namespace}, {@code fragment_outside_namespace},
     * {@code require_bundle_outside_namespace}: 403), provide a wiring capability
     * ({@code capability_not_allowed}) or cannot be read ({@code bad_manifest_header}: 400).
     */
    public static void checkWiring(Attributes main, Set<String> namespaces) throws PolicyViolation {
        for (OsgiHeader.Clause clause : header(main, "Export-Package")) {
            for (String pkg : clause.paths()) {
                if (!inNamespace(pkg, namespaces)) {
                    throw outside("export_outside_namespace", "le paquet exporté " + pkg, "exported package " + pkg,
                            namespaces);
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Fragment-Host")) {
            for (String host : clause.paths()) {
                if (!inNamespace(host, namespaces)) {
                    throw outside("fragment_outside_namespace", "l'hôte de fragment " + host, "fragment host " + host,
                            namespaces);
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Require-Bundle")) {
            for (String bundle : clause.paths()) {
                if (!inNamespace(bundle, namespaces)) {
                    throw outside("require_bundle_outside_namespace", "le bundle requis " + bundle,
                            "required bundle " + bundle, namespaces);
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Provide-Capability")) {
            for (String namespace : clause.paths()) {
                if (WIRING_NAMESPACES.contains(namespace) || namespace.startsWith("osgi.wiring.")) {
                    throw new PolicyViolation(400, "capability_not_allowed", "capacité " + namespace + " non autorisée : elle"
                            + " ferait passer ce bundle pour un paquet, un bundle ou un hôte d'un autre", "capability "
                            + namespace + " not allowed: it would make this bundle stand in for another's package,"
                            + " bundle or host");
                }
            }
        }
    }

    private static List<OsgiHeader.Clause> header(Attributes main, String name) throws PolicyViolation {
        try {
            return OsgiHeader.parse(main.getValue(name));
        } catch (OsgiHeader.Malformed e) {
            throw new PolicyViolation(400, "bad_manifest_header", "en-tête " + name + " illisible : " + e.getMessage(),
                    "unreadable " + name + " header: " + e.getMessage());
        }
    }

    private static PolicyViolation outside(String code, String french, String english, Set<String> namespaces) {
        return new PolicyViolation(403, code, french + " n'est pas dans l'espace de noms de l'éditeur " + namespaces,
                english + " is outside the publisher's namespace " + namespaces);
    }
}
