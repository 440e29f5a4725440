package be.imio.platform.repository.internal.maven;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The platform's SDK for module developers: the host API, the JSON helpers, the parent of a module
 * and the module archetype, shipped in the distribution's {@code sdk/} folder in the Maven layout
 * and served read-only beside the releases, so that a module project resolves them with the
 * central repository as its only repository besides Maven Central. They are no releases: not in
 * signed targets (hosts never install them), not publishable (their names are the platform's,
 * {@link ReservedNames}), and served with {@code Cache-Control: no-cache}, since a development
 * version keeps its name from one distribution to the next. The Maven metadata of its folders and
 * the archetype catalogue, which Maven asks for ({@code maven-metadata.xml} of an artifact and of a
 * snapshot version, {@code archetype-catalog.xml}), are made from what the folder holds.
 */
public final class SdkArtifacts {

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

    /** The archetype of a module, which the catalogue lists. */
    static final String ARCHETYPE = "imio-module-archetype";
    private static final DateTimeFormatter UPDATED = DateTimeFormatter.ofPattern("yyyyMMddHHmmss").withZone(ZoneOffset.UTC);

    /**
     * The {@code maven-metadata.xml} of the SDK folder {@code folder} (a repository path without
     * the file name): of an artifact ({@code GROUP/ARTIFACT}: its versions) or of a snapshot
     * version ({@code GROUP/ARTIFACT/VERSION-SNAPSHOT}: its files, named with the version as it is,
     * not with a timestamp); empty for any other folder.
     */
    Optional<String> metadata(String folder) throws IOException {
        Path dir = root.resolve(folder).normalize();
        if (!dir.startsWith(root) || !Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)
                || dir.getNameCount() - root.getNameCount() < 2) {
            return Optional.empty();
        }
        String last = dir.getFileName().toString();
        if (last.endsWith("-SNAPSHOT") && dir.getNameCount() - root.getNameCount() >= 3) {
            return snapshotMetadata(dir, last);
        }
        List<String> versions = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            children.filter(child -> Files.isRegularFile(child.resolve(last + "-" + child.getFileName() + ".pom")))
                    .map(child -> child.getFileName().toString()).sorted().forEach(versions::add);
        }
        if (versions.isEmpty()) {
            return Optional.empty();
        }
        String group = groupOf(dir.getParent());
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata>\n")
                .append("  <groupId>").append(group).append("</groupId>\n  <artifactId>").append(last)
                .append("</artifactId>\n  <versioning>\n    <latest>").append(versions.get(versions.size() - 1))
                .append("</latest>\n    <versions>\n");
        versions.forEach(v -> xml.append("      <version>").append(v).append("</version>\n"));
        xml.append("    </versions>\n    <lastUpdated>").append(UPDATED.format(newest(dir)))
                .append("</lastUpdated>\n  </versioning>\n</metadata>\n");
        return Optional.of(xml.toString());
    }

    private Optional<String> snapshotMetadata(Path dir, String version) throws IOException {
        String artifactId = dir.getParent().getFileName().toString();
        String prefix = artifactId + "-" + version;
        List<String[]> files = new ArrayList<>();
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                String name = child.getFileName().toString();
                if (!Files.isRegularFile(child, LinkOption.NOFOLLOW_LINKS) || !name.startsWith(prefix)
                        || Checksums.algorithmOf(name) != null) {
                    continue;
                }
                String rest = name.substring(prefix.length());
                int dot = rest.lastIndexOf('.');
                if (dot < 0 || !(rest.startsWith("-") || rest.startsWith("."))) {
                    continue;
                }
                String classifier = rest.startsWith("-") ? rest.substring(1, dot) : "";
                files.add(new String[] {classifier, rest.substring(dot + 1)});
            }
        }
        if (files.isEmpty()) {
            return Optional.empty();
        }
        String updated = UPDATED.format(newest(dir));
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<metadata modelVersion=\"1.1.0\">\n")
                .append("  <groupId>").append(groupOf(dir.getParent().getParent())).append("</groupId>\n  <artifactId>")
                .append(artifactId).append("</artifactId>\n  <version>").append(version)
                .append("</version>\n  <versioning>\n    <snapshot>\n      <localCopy>true</localCopy>\n    </snapshot>\n")
                .append("    <lastUpdated>").append(updated).append("</lastUpdated>\n    <snapshotVersions>\n");
        for (String[] file : files) {
            xml.append("      <snapshotVersion>\n");
            if (!file[0].isEmpty()) {
                xml.append("        <classifier>").append(file[0]).append("</classifier>\n");
            }
            xml.append("        <extension>").append(file[1]).append("</extension>\n        <value>").append(version)
                    .append("</value>\n        <updated>").append(updated).append("</updated>\n      </snapshotVersion>\n");
        }
        xml.append("    </snapshotVersions>\n  </versioning>\n</metadata>\n");
        return Optional.of(xml.toString());
    }

    /**
     * {@code archetype-catalog.xml}: the module archetype, in each version the SDK holds (Maven
     * Archetype's catalogue format, which {@code mvn archetype:generate} reads from a repository).
     */
    Optional<String> archetypeCatalog() throws IOException {
        Path archetypes = root.resolve("be/imio/platform/" + ARCHETYPE);
        if (!Files.isDirectory(archetypes, LinkOption.NOFOLLOW_LINKS)) {
            return Optional.empty();
        }
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<archetype-catalog>\n"
                + "  <archetypes>\n");
        try (Stream<Path> versions = Files.list(archetypes)) {
            for (Path version : versions.sorted().toList()) {
                String v = version.getFileName().toString();
                if (Files.isRegularFile(version.resolve(ARCHETYPE + "-" + v + ".jar"))) {
                    xml.append("    <archetype>\n      <groupId>be.imio.platform</groupId>\n      <artifactId>")
                            .append(ARCHETYPE).append("</artifactId>\n      <version>").append(v)
                            .append("</version>\n      <description>Module de la plateforme iMio / iMio platform module"
                                    + "</description>\n    </archetype>\n");
                }
            }
        }
        return Optional.of(xml.append("  </archetypes>\n</archetype-catalog>\n").toString());
    }

    private String groupOf(Path dir) {
        return root.relativize(dir).toString().replace(java.io.File.separatorChar, '.');
    }

    private static Instant newest(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir, 2)) {
            return files.map(f -> {
                try {
                    return Files.getLastModifiedTime(f).toInstant();
                } catch (IOException e) {
                    return Instant.EPOCH;
                }
            }).max(Instant::compareTo).orElse(Instant.EPOCH);
        }
    }
}
