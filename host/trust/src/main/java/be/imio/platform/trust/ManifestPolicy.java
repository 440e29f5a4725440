package be.imio.platform.trust;

import java.util.List;
import java.util.Set;
import java.util.jar.Attributes;

import be.imio.platform.api.Message;

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
            "osgi.wiring.host", "osgi.identity", "osgi.ee", "osgi.native",
            // An extender, a contract or an implementation a module provided would stand in for the
            // platform's: Felix SCR leaves alone every bundle whose osgi.component requirement the
            // resolver wired to another provider, so their components would never start.
            "osgi.extender", "osgi.contract", "osgi.implementation");
    /** The platform's own names: bundles and packages under it belong to no publisher. */
    private static final String PLATFORM = "be.imio.platform";
    /**
     * Headers that make the framework fetch or run something the host did not check:
     * {@code Bundle-UpdateLocation} is where {@code Bundle.update()} (Karaf's {@code bundle:update})
     * fetches a new jar from, unpinned and unverified.
     */
    private static final Set<String> FORBIDDEN_HEADERS = Set.of("bundle-updatelocation");

    private ManifestPolicy() {
    }

    /** A name is in a namespace when it is the namespace or starts with it and a dot. */
    public static boolean inNamespace(String name, Set<String> namespaces) {
        return namespaces.stream().anyMatch(ns -> name.equals(ns) || name.startsWith(ns + "."));
    }

    /**
     * True when {@code name} (a bundle's symbolic name or a package) is the platform's own:
     * {@code be.imio.platform} itself, or under it with a first segment that {@link ReservedNames}
     * reserves ({@code be.imio.platform.api}, {@code be.imio.platform.web.json},
     * {@code be.imio.platform.trust}...). The shared solutions are released in the group
     * {@code be.imio.platform}, so a publisher's namespace may cover these names: they stay the platform's.
     */
    public static boolean platformOwned(String name) {
        if (name.equals(PLATFORM)) {
            return true;
        }
        if (!name.startsWith(PLATFORM + ".")) {
            return false;
        }
        return ReservedNames.isReserved(name.substring(PLATFORM.length() + 1).split("\\.", 2)[0]);
    }

    /**
     * Refuses a manifest whose wiring headers reach outside {@code namespaces} (codes
     * {@code export_outside_namespace}, {@code fragment_outside_namespace},
     * {@code require_bundle_outside_namespace}: 403) or to the platform's own bundles and packages,
     * whatever the namespaces ({@code platform_name}: 403, see {@link #platformOwned}), provide a
     * wiring, extender, contract or implementation capability ({@code capability_not_allowed}: 400),
     * carry a header that makes the framework fetch an unverified jar ({@code header_not_allowed}:
     * 400), import one of the platform's own packages, anything but the SDK's
     * ({@code platform_package_imported}: 403, see {@link ReservedNames#isPlatformOnly}), or cannot be
     * read ({@code bad_manifest_header}: 400).
     */
    public static void checkWiring(Attributes main, Set<String> namespaces) throws PolicyViolation {
        for (Object key : main.keySet()) {
            if (FORBIDDEN_HEADERS.contains(key.toString().toLowerCase(java.util.Locale.ROOT))) {
                throw new PolicyViolation(400, "header_not_allowed", "policy.header-not-allowed", key);
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Bundle-SymbolicName")) {
            for (String name : clause.paths()) {
                if (platformOwned(name)) {
                    throw platforms(TrustTexts.message("policy.symbolic-name", name));
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Export-Package")) {
            for (String pkg : clause.paths()) {
                if (!inNamespace(pkg, namespaces)) {
                    throw outside("export_outside_namespace", TrustTexts.message("policy.exported-package", pkg), namespaces);
                }
                if (platformOwned(pkg)) {
                    throw platforms(TrustTexts.message("policy.exported-package", pkg));
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Fragment-Host")) {
            for (String host : clause.paths()) {
                if (!inNamespace(host, namespaces)) {
                    throw outside("fragment_outside_namespace", TrustTexts.message("policy.fragment-host", host), namespaces);
                }
                if (platformOwned(host)) {
                    throw platforms(TrustTexts.message("policy.fragment-host", host));
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Require-Bundle")) {
            for (String bundle : clause.paths()) {
                if (!inNamespace(bundle, namespaces)) {
                    throw outside("require_bundle_outside_namespace", TrustTexts.message("policy.required-bundle", bundle),
                            namespaces);
                }
                if (platformOwned(bundle)) {
                    throw platforms(TrustTexts.message("policy.required-bundle", bundle));
                }
            }
        }
        for (String importing : List.of("Import-Package", "DynamicImport-Package")) {
            for (OsgiHeader.Clause clause : header(main, importing)) {
                for (String pkg : clause.paths()) {
                    if (reachesPlatform(pkg.strip())) {
                        throw new PolicyViolation(403, "platform_package_imported", "policy.platform-package-imported",
                                pkg);
                    }
                }
            }
        }
        for (OsgiHeader.Clause clause : header(main, "Provide-Capability")) {
            for (String namespace : clause.paths()) {
                if (WIRING_NAMESPACES.contains(namespace) || namespace.startsWith("osgi.wiring.")) {
                    throw new PolicyViolation(400, "capability_not_allowed", "policy.capability-not-allowed", namespace);
                }
            }
        }
    }

    /**
     * True when an import, or a dynamic import's pattern ({@code be.imio.*}, {@code *}), names one
     * of the platform's own packages.
     */
    private static boolean reachesPlatform(String pkg) {
        if (pkg.endsWith("*")) {
            String prefix = pkg.substring(0, pkg.length() - 1);
            return (PLATFORM + ".").startsWith(prefix) || ReservedNames.isPlatformOnly(prefix.replaceAll("\\.$", ""));
        }
        return ReservedNames.isPlatformOnly(pkg);
    }

    /** The one extender a module may ask for: Declarative Services (Felix SCR), which the host watches. */
    private static final String COMPONENTS = "osgi.component";
    /**
     * Headers through which another extender than Declarative Services would act on the bundle:
     * Blueprint, Karaf's shell commands, the Web Application Bundle extender.
     */
    private static final Set<String> EXTENDER_HEADERS = Set.of("bundle-blueprint", "karaf-commands", "web-contextpath");
    /** Folders that extenders read by themselves: the OSGi Configurator (ConfigurationAdmin), Blueprint. */
    private static final List<String> EXTENDER_FOLDERS = List.of("OSGI-INF/configurator/", "OSGI-INF/blueprint/");

    /**
     * Refuses a bundle that declares something for another extender than Declarative Services
     * (code {@code extender_not_allowed}, 400): a requirement on another {@code osgi.extender}, a
     * header or a folder ({@code entries}: the archive's entry names) that one reads. An extender
     * acts on what the bundle declares, outside what the host checks of a module (its features
     * XML, its components): the OSGi Configurator, for one, writes any configuration it finds in
     * {@code OSGI-INF/configurator/}, the platform's included.
     */
    public static void checkExtenders(Attributes main, Iterable<String> entries) throws PolicyViolation {
        for (OsgiHeader.Clause clause : header(main, "Require-Capability")) {
            if (clause.paths().stream().noneMatch(path -> path.equalsIgnoreCase("osgi.extender"))) {
                continue;
            }
            String filter = clause.directives().getOrDefault("filter", "");
            if (!onlyComponents(filter)) {
                throw extender(TrustTexts.message("policy.extender-required", filter));
            }
        }
        for (Object key : main.keySet()) {
            String header = key.toString();
            if (EXTENDER_HEADERS.contains(header.toLowerCase(java.util.Locale.ROOT))) {
                throw extender(TrustTexts.message("policy.extender-header", header));
            }
        }
        for (String entry : entries) {
            for (String folder : EXTENDER_FOLDERS) {
                if (entry.regionMatches(true, 0, folder, 0, folder.length())) {
                    throw extender(TrustTexts.message("policy.extender-folder", folder));
                }
            }
        }
    }

    /**
     * True when {@code filter} selects Declarative Services' extender capability and no other:
     * evaluated as the framework evaluates it (OSGi Core, 3.2.7 "Filter Syntax"; attribute names
     * in any case), against SCR's capability and against other extenders', so that no way of
     * writing it (a negation, an alternative, a range) lets another extender in.
     */
    static boolean onlyComponents(String filter) {
        org.osgi.framework.Filter parsed;
        try {
            parsed = org.osgi.framework.FrameworkUtil.createFilter(filter);
        } catch (org.osgi.framework.InvalidSyntaxException | RuntimeException e) {
            return false;
        }
        if (!parsed.match(capability(COMPONENTS, "1.5.0"))) {
            return false;
        }
        for (String other : List.of("osgi.configurator", "osgi.serviceloader.registrar", "osgi.serviceloader.processor",
                "osgi.cdi", "osgi.jpa", "osgi.blueprint", "aries.blueprint", "any.other.extender")) {
            for (String version : List.of("0.0.0", "1.0.0", "1.5.0", "2.0.0", "99.0.0")) {
                if (parsed.match(capability(other, version))) {
                    return false;
                }
            }
        }
        return true;
    }

    private static java.util.Dictionary<String, Object> capability(String name, String version) {
        java.util.Hashtable<String, Object> capability = new java.util.Hashtable<>();
        capability.put("osgi.extender", name);
        capability.put("version", new org.osgi.framework.Version(version));
        return capability;
    }

    private static PolicyViolation extender(Message what) {
        return new PolicyViolation(400, "extender_not_allowed", "policy.extender-not-allowed", what);
    }

    private static List<OsgiHeader.Clause> header(Attributes main, String name) throws PolicyViolation {
        try {
            return OsgiHeader.parse(main.getValue(name));
        } catch (OsgiHeader.Malformed e) {
            throw new PolicyViolation(400, "bad_manifest_header", "policy.bad-manifest-header", name, e.getMessage());
        }
    }

    private static PolicyViolation outside(String code, Message what, Set<String> namespaces) {
        return new PolicyViolation(403, code, "policy.outside-namespace", what, namespaces);
    }

    private static PolicyViolation platforms(Message what) {
        return new PolicyViolation(403, "platform_name", "policy.platform-name", what);
    }
}
