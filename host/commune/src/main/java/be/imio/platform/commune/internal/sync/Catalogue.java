package be.imio.platform.commune.internal.sync;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import org.osgi.framework.Version;
import org.osgi.framework.VersionRange;

import be.imio.platform.trust.Target;
import be.imio.platform.commune.api.ModuleId;

/**
 * What the repository offers, read from verified targets metadata: every module, known by its
 * group and artifact ({@link ModuleId}), and its releases, newest first; and every pinned artifact
 * by path. Two groups releasing the same short name are two modules: their releases never mix.
 */
public final class Catalogue {

    /** Newest first; Maven versions such as 1.0.0 or 1.2 compare as OSGi versions. */
    public static final Comparator<String> NEWEST_FIRST = Comparator.comparing(Catalogue::osgiVersion).reversed();

    static final Catalogue EMPTY = new Catalogue(Map.of());

    private final Map<String, Target> targets;
    private final Map<ModuleId, List<ModuleRelease>> modules = new TreeMap<>();

    public Catalogue(Map<String, Target> targets) {
        this.targets = Map.copyOf(targets);
        for (Target target : targets.values()) {
            ModuleRelease release = ModuleRelease.of(target);
            if (release != null) {
                // The repository signs the range of the module's bundles with its features XML; a
                // release older than that has it only on the jar named like the module.
                Target jar = targets.get(target.path().substring(0, target.path().length()
                        - ModuleRelease.FEATURES_SUFFIX.length()) + ".jar");
                if (release.hostApi() == null && jar != null && jar.custom().hasNonNull("hostApi")) {
                    release = release.withHostApi(jar.custom().get("hostApi").asText());
                }
                modules.computeIfAbsent(release.id(), n -> new ArrayList<>()).add(release);
            }
        }
        modules.values().forEach(list -> list.sort(Comparator.comparing(ModuleRelease::version, NEWEST_FIRST)));
    }

    /** Every module, by short name then group. */
    public Map<ModuleId, List<ModuleRelease>> modules() {
        return modules;
    }

    public List<ModuleRelease> releases(ModuleId module) {
        return modules.getOrDefault(module, List.of());
    }

    public Optional<ModuleRelease> release(ModuleId module, String version) {
        return releases(module).stream().filter(r -> r.version().equals(version)).findFirst();
    }

    /** The modules of the short name {@code name}: one per group that releases it. */
    public List<ModuleId> named(String name) {
        return modules.keySet().stream().filter(id -> id.name().equals(name)).toList();
    }

    Optional<Target> target(String path) {
        return Optional.ofNullable(targets.get(path));
    }

    /** True when a bundle declaring {@code hostApiRange} runs on a host exporting {@code apiVersion}. */
    static boolean compatible(String hostApiRange, Version apiVersion) {
        if (hostApiRange == null || hostApiRange.isBlank()) {
            return true;
        }
        try {
            return new VersionRange(hostApiRange).includes(apiVersion);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static Version osgiVersion(String maven) {
        String[] parts = maven.split("[.-]", 4);
        int[] numbers = new int[3];
        String qualifier = "";
        for (int i = 0; i < parts.length; i++) {
            if (i < 3 && parts[i].matches("\\d{1,9}")) {
                numbers[i] = Integer.parseInt(parts[i]);
            } else {
                qualifier = String.join("_", java.util.Arrays.copyOfRange(parts, i, parts.length))
                        .replaceAll("[^A-Za-z0-9_-]", "_");
                break;
            }
        }
        return new Version(numbers[0], numbers[1], numbers[2], qualifier);
    }

    /**
     * Who publishes a module: the publisher accounts the signed targets name for its
     * {@code releases} (newest first, each once); empty when the targets name none.
     */
    public static java.util.Set<String> publishers(List<ModuleRelease> releases) {
        java.util.Set<String> accounts = new java.util.LinkedHashSet<>();
        releases.stream().map(ModuleRelease::releasedBy).filter(a -> a != null && !a.isBlank()).forEach(accounts::add);
        return accounts;
    }
}
