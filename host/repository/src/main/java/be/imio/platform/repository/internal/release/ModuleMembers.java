package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.VersionRange;

import be.imio.platform.api.WebContexts;
import be.imio.platform.repository.internal.inspection.BundleInspection;
import be.imio.platform.repository.internal.inspection.ComponentInspection;

/**
 * What the bundles a module's features XML lists say about the module, read from their jars, so
 * that the repository and every host agree on it:
 * <ul>
 * <li>the module each bundle serves: a host sees a bundle's {@code imio.module} services (pages,
 * health check, menu entry) only for the module whose features XML lists the bundle, the module
 * named after that XML's artifactId; a bundle listed by module {@code M} that names another module
 * would have its pages and health check hidden on every host, so such a features XML is refused;</li>
 * <li>the range of host API versions the module needs: the intersection of its bundles' ranges
 * (OSGi Core, 3.2.6 "Version Ranges"), signed with the features XML so that hosts read it with the
 * module, whatever its bundles are called.</li>
 * </ul>
 */
public final class ModuleMembers {

    private ModuleMembers() {
    }

    /**
     * Checks the bundles ({@code bundlePaths}, repository paths of jars) that the features XML of
     * module {@code module} lists, reading each from {@code jars} (null: not at hand, not read).
     *
     * @return the host API range the module needs; null when no bundle gives one
     * @throws ReleaseRefused 400 {@code module_name_not_own} when a bundle names another module,
     *         400 {@code host_api_ranges_disjoint} when no host version suits every bundle
     */
    public static String check(String module, List<String> bundlePaths, Function<String, Path> jars)
            throws ReleaseRefused, IOException {
        Set<String> ranges = new LinkedHashSet<>();
        for (String path : bundlePaths) {
            Path jar = jars.apply(path);
            if (jar == null || !Files.isRegularFile(jar)) {
                continue;
            }
            Attributes main;
            Set<String> named;
            try (JarFile file = new JarFile(jar.toFile(), false)) {
                Manifest manifest = file.getManifest();
                main = manifest == null ? new Attributes() : manifest.getMainAttributes();
                named = ComponentInspection.modulesNamed(file, main);
            }
            for (String other : named) {
                if (!other.equals(module)) {
                    throw new ReleaseRefused(400, "module_name_not_own", "release.bundle_serves_other_module", path,
                            other, WebContexts.MODULE, module);
                }
            }
            String range = BundleInspection.hostApiRange(main);
            if (!range.isEmpty()) {
                ranges.add(range);
            }
        }
        return intersection(module, ranges);
    }

    /** The one range, as written, when all are the same; their intersection otherwise; null for none. */
    static String intersection(String module, Set<String> ranges) throws ReleaseRefused {
        if (ranges.isEmpty()) {
            return null;
        }
        if (ranges.size() == 1) {
            return ranges.iterator().next();
        }
        List<VersionRange> parsed = new ArrayList<>();
        ranges.forEach(range -> parsed.add(new VersionRange(range)));
        VersionRange both = parsed.get(0).intersection(parsed.subList(1, parsed.size()).toArray(VersionRange[]::new));
        if (both.isEmpty()) {
            throw new ReleaseRefused(400, "host_api_ranges_disjoint", "release.host_api_ranges_disjoint", module,
                    ranges);

        }
        return both.toString();
    }
}
