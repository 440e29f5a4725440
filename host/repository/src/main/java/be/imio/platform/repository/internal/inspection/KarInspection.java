package be.imio.platform.repository.internal.inspection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.maven.Checksums;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseRefused;

/**
 * Checks an uploaded Karaf archive (.kar) and unpacks what it carries into {@code staging}: the
 * Maven artifacts under {@code repository/}, each of which then gets the same checks as if it had
 * been uploaded alone (bundles in the publisher's namespace, features XMLs naming only artifacts
 * released here or carried by the same archive). Nothing else is accepted: a kar's
 * {@code resources/} would be copied into every host's Karaf folder, which no module may do. Sizes
 * are counted while unpacking, so an archive that lies about them (a zip bomb) is stopped.
 */
public final class KarInspection {

    /**
     * One artifact of the archive, unpacked into {@code file}, with what its checks found: the
     * bundle's manifest, or the features a features XML's module depends on (null otherwise).
     */
    public record Carried(MavenPath maven, Path file, long length, String sha256, BundleInspection.Inspected bundle,
            FeaturesInspection.Inspected features) {

        public boolean isBundle() {
            return maven.fileName().equals(main() + ".jar");
        }

        public boolean isFeatures() {
            return maven.fileName().equals(main() + Release.FEATURES_SUFFIX);
        }

        boolean isPom() {
            return maven.fileName().equals(main() + ".pom");
        }

        private String main() {
            return maven.artifactId() + "-" + maven.version();
        }
    }

    static final String REPOSITORY = "repository/";
    static final int MAX_ENTRIES = 1_000;
    static final long MAX_UNPACKED_BYTES = 256L * 1024 * 1024;

    private KarInspection() {
    }

    /**
     * The archive's artifacts, unpacked and checked as if the publisher of {@code namespaces} had
     * uploaded each alone: its group in the namespaces, bundles, poms and features XMLs inspected;
     * {@code released} tells whether a repository path is already released here, {@code owners}
     * which group owns a module name (null: none), {@code releasedFiles} where a released file is.
     * Every unpacked file is deleted again when the archive is refused.
     */
    public static List<Carried> inspect(Path kar, Path staging, Set<String> namespaces, Predicate<String> released,
            Function<String, String> owners, Function<String, Path> releasedFiles) throws ReleaseRefused, IOException {
        List<Carried> carried = new ArrayList<>();
        boolean done = false;
        BundleInspection.checkLayout(kar, "not_a_kar");
        try (ZipFile zip = new ZipFile(kar.toFile())) {
            unpack(zip, staging, carried);
            java.util.Map<String, Path> inArchive = new java.util.HashMap<>();
            carried.forEach(c -> inArchive.put(c.maven().path(), c.file()));
            boolean features = false;
            for (int i = 0; i < carried.size(); i++) {
                Carried artifact = carried.get(i);
                MavenPath maven = artifact.maven();
                if (!BundleInspection.inNamespace(maven.groupId(), namespaces)) {
                    throw new ReleaseRefused(403, "outside_namespace", "release.kar_outside_namespace", maven.path(),
                            maven.groupId(), namespaces);
                }
                if (artifact.isBundle()) {
                    carried.set(i, new Carried(maven, artifact.file(), artifact.length(), artifact.sha256(),
                            BundleInspection.inspect(artifact.file(), maven, namespaces, owners), null));
                } else if (artifact.isFeatures()) {
                    features = true;
                    carried.set(i, new Carried(maven, artifact.file(), artifact.length(), artifact.sha256(),
                            null, FeaturesInspection.inspect(artifact.file(), maven,
                                    path -> inArchive.containsKey(path) || released.test(path), namespaces, owners,
                                    path -> inArchive.containsKey(path) ? inArchive.get(path) : releasedFiles.apply(path))));
                } else if (artifact.isPom()) {
                    PomInspection.inspect(artifact.file(), maven);
                }
                // Else a companion (sources, documentation, a signature): kept, never installed, as alone.
            }
            if (!features) {
                throw refused("kar_without_features", "release.kar_without_features");
            }
            done = true;
            return carried;
        } catch (ZipException e) {
            throw refused("not_a_kar", "release.not_a_kar");
        } finally {
            if (!done) {
                for (Carried artifact : carried) {
                    Files.deleteIfExists(artifact.file());
                }
            }
        }
    }

    private static void unpack(ZipFile zip, Path staging, List<Carried> carried) throws ReleaseRefused, IOException {
        int count = 0;
        long total = 0;
        for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements(); ) {
            ZipEntry entry = entries.nextElement();
            String name = entry.getName();
            if (++count > MAX_ENTRIES) {
                throw refused("too_many_entries", "release.kar_too_many_entries", MAX_ENTRIES);
            }
            if (name.startsWith("/") || name.startsWith("\\") || name.contains("..") || name.contains(":")
                    || name.contains("\\") || name.indexOf('\0') >= 0) {
                throw refused("unsafe_entry", "release.kar_unsafe_entry", name);
            }
            if (entry.isDirectory() || name.startsWith("META-INF/")) {
                continue;
            }
            if (!name.startsWith(REPOSITORY)) {
                throw refused("kar_outside_repository", "release.kar_outside_repository", name);
            }
            MavenPath maven = MavenPath.ofVersionFile(name.substring(REPOSITORY.length()));
            // The rule of a file uploaded alone (Release#isVersionFile): no classifier jar or pom, no second
            // features XML of a version, whatever travels in an archive.
            if (maven == null || !maven.namedAfterVersion()
                    || !Release.isVersionFile(maven.fileName(), maven.artifactId() + "-" + maven.version(), true)) {
                throw refused("kar_unsupported_file", "release.kar_unsupported_file", name);
            }
            ReleaseDesk.checkArtifactId(maven);
            if (maven.version().endsWith("-SNAPSHOT")) {
                throw refused("snapshot", "release.kar_snapshot", name);
            }
            Path file = Files.createTempFile(staging, "kar-", ".part");
            // Listed before it is written, so that a refusal midway deletes it too.
            carried.add(new Carried(maven, file, 0, null, null, null));
            MessageDigest sha256 = Checksums.digest("sha256");
            long length = copy(zip, entry, file, MAX_UNPACKED_BYTES - total, sha256);
            total += length;
            carried.set(carried.size() - 1, new Carried(maven, file, length,
                    HexFormat.of().formatHex(sha256.digest()), null, null));
        }
    }

    /**
     * Copies one entry and digests it, refusing it as soon as it exceeds {@code room} bytes,
     * whatever it declared.
     */
    private static long copy(ZipFile zip, ZipEntry entry, Path file, long room, MessageDigest sha256)
            throws ReleaseRefused, IOException {
        long written = 0;
        byte[] buffer = new byte[64 * 1024];
        try (InputStream in = zip.getInputStream(entry); OutputStream out = Files.newOutputStream(file)) {
            for (int n; (n = in.read(buffer)) > 0; ) {
                written += n;
                if (written > room) {
                    throw refused("too_large", "release.kar_unpacked_too_large", MAX_UNPACKED_BYTES);
                }
                out.write(buffer, 0, n);
                sha256.update(buffer, 0, n);
            }
        }
        return written;
    }

    private static ReleaseRefused refused(String code, String key, Object... arguments) {
        return new ReleaseRefused(400, code, key, arguments);
    }

}
