package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.wiring.BundleWire;
import org.osgi.framework.wiring.BundleWiring;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;

/**
 * What an operation will change in Karaf, shown to staff before they confirm: the module's
 * feature and bundles added, updated and removed (from the verified features XML of the version
 * running now and of the version asked), and the other bundles that use the ones replaced, which
 * Karaf will refresh. Karaf's resolver makes the final decision; this is what it is asked to do.
 */
public record ModulePlan(List<String> added, List<String> updated, List<String> refreshed, List<String> removed) {

    static final ModulePlan NOTHING = new ModulePlan(List.of(), List.of(), List.of(), List.of());

    /**
     * From running {@code module} at {@code fromVersion} (features XML {@code fromXml}, null when
     * not running) to {@code toVersion} ({@code toXml}, null when it will not run).
     */
    static ModulePlan between(String module, String fromVersion, Path fromXml, String toVersion, Path toXml,
            BundleContext context) throws ModuleArtifacts.Refused {
        Map<String, String> before = fromXml == null ? Map.of() : bundles(fromXml, module, fromVersion);
        Map<String, String> after = toXml == null ? Map.of() : bundles(toXml, module, toVersion);
        List<String> added = new ArrayList<>();
        List<String> updated = new ArrayList<>();
        List<String> removed = new ArrayList<>();
        List<String> replacedLocations = new ArrayList<>();
        boolean sameFeature = fromXml != null && toXml != null && fromVersion.equals(toVersion);
        if (!sameFeature) {
            if (toXml != null) {
                added.add("feature " + module + " " + toVersion);
            }
            if (fromXml != null) {
                removed.add("feature " + module + " " + fromVersion);
            }
        }
        after.forEach((artifact, version) -> {
            String old = before.get(artifact);
            if (old == null) {
                added.add(artifact + " " + version);
            } else if (!old.equals(version)) {
                updated.add(artifact + " " + old + " → " + version);
                replacedLocations.add("mvn:" + artifact.replace(':', '/') + "/" + old);
            }
        });
        before.forEach((artifact, version) -> {
            if (!after.containsKey(artifact)) {
                removed.add(artifact + " " + version);
                replacedLocations.add("mvn:" + artifact.replace(':', '/') + "/" + version);
            }
        });
        return new ModulePlan(added, updated, List.copyOf(users(context, replacedLocations)), removed);
    }

    /** {@code group:artifact} → version of every bundle the features XML names. */
    private static Map<String, String> bundles(Path xml, String module, String version) throws ModuleArtifacts.Refused {
        Map<String, String> bundles = new LinkedHashMap<>();
        for (String reference : ModuleArtifacts.references(xml, module, version)) {
            String[] parts = reference.startsWith("mvn:") ? reference.substring(4).split("/") : new String[0];
            if (parts.length >= 3 && !reference.contains("/xml/")) {
                bundles.put(parts[0] + ":" + parts[1], parts[2]);
            }
        }
        return bundles;
    }

    /** Bundles outside the module wired to the ones that go: Karaf refreshes them. */
    private static Set<String> users(BundleContext context, List<String> locations) {
        Set<String> users = new TreeSet<>();
        if (context == null || locations.isEmpty()) {
            return users;
        }
        // Found by what they are, not by location: a bundle updated in place keeps the location of
        // the release first installed (see ModuleBundles).
        ModuleBundles bundles = new ModuleBundles(context, ModuleBundles.verifiedFolder(context));
        Set<Bundle> leaving = new java.util.HashSet<>();
        for (String location : locations) {
            try {
                Bundle bundle = bundles.installed(bundles.identity(location));
                if (bundle != null) {
                    leaving.add(bundle);
                }
            } catch (ModuleBundles.Unknown e) {
                // Not in the verified cache: nothing of it can be running.
            }
        }
        for (Bundle bundle : leaving) {
            BundleWiring wiring = bundle.adapt(BundleWiring.class);
            if (wiring == null) {
                continue;
            }
            for (BundleWire wire : wiring.getProvidedWires(null)) {
                Bundle user = wire.getRequirer().getBundle();
                if (!leaving.contains(user) && user.getBundleId() != 0) {
                    users.add(user.getSymbolicName() + " " + user.getVersion());
                }
            }
        }
        return users;
    }
}
