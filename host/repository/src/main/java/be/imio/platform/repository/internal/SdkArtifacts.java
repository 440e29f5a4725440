package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's SDK for module developers: the host API, the JSON helpers, the parent of a module
 * and the module archetype, shipped in the distribution's {@code sdk/} folder in the Maven layout
 * and served read-only beside the releases, so that a module project resolves them with the
 * central repository as its only repository besides Maven Central. They are no releases: not in
 * signed targets (hosts never install them), not publishable (their names are the platform's,
 * {@link ReservedNames}), and served with {@code Cache-Control: no-cache}, since a development
 * version keeps its name from one distribution to the next.
 */
final class SdkArtifacts {

    private final Path root;
    /** Checksums by file, computed once per file as it is on disk (its size and modification time). */
    private final Map<Path, Sums> sums = new ConcurrentHashMap<>();

    private record Sums(long size, long modified, Map<String, String> byAlgorithm) {
    }

    /** The SDK under {@code root} (the distribution's {@code sdk/}; none when it does not exist). */
    SdkArtifacts(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** The SDK file at the repository path {@code path} (already checked by {@link MavenPath#safe}), if any. */
    Optional<Path> file(String path) {
        Path file = root.resolve(path).normalize();
        if (!file.startsWith(root) || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        return Optional.of(file);
    }

    /** The checksums of {@code file} (an answer of {@link #file}), by algorithm ({@link Checksums#algorithms}), in hex. */
    Map<String, String> checksums(Path file) throws IOException {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        Sums known = sums.get(file);
        if (known != null && known.size() == attributes.size()
                && known.modified() == attributes.lastModifiedTime().toMillis()) {
            return known.byAlgorithm();
        }
        Map<String, String> computed = FileChecksums.compute(file);
        sums.put(file, new Sums(attributes.size(), attributes.lastModifiedTime().toMillis(), Map.copyOf(computed)));
        return computed;
    }
}
