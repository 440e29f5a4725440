package be.imio.platform.repository.internal.maven;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A path in the Maven repository layout: {@code be/imio/solutions/courrier/1.0.0/courrier-1.0.0.jar}
 * is group {@code be.imio.solutions}, artifact {@code courrier}, version {@code 1.0.0}. Anything
 * else (dots as segments, back-slashes, odd characters) is not a path of this repository.
 */
public record MavenPath(String path, String groupId, String artifactId, String version, String fileName) {

    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern VERSION_FILE = Pattern.compile("(.+)/([^/]+)/([^/]+)/([^/]+)");
    private static final Pattern METADATA_FILE = Pattern.compile("(.+)/([^/]+)/(maven-metadata\\.xml(\\.[a-z0-9]+)?)");

    /** Parses a file path below a version folder; null when it is not one. */
    public static MavenPath ofVersionFile(String path) {
        if (!safe(path)) {
            return null;
        }
        Matcher m = VERSION_FILE.matcher(path);
        if (!m.matches() || m.group(4).startsWith("maven-metadata.xml")) {
            return null;
        }
        return new MavenPath(path, m.group(1).replace('/', '.'), m.group(2), m.group(3), m.group(4));
    }

    /**
     * How every artifactId of a release is written, whatever its file: letters, digits, {@code _},
     * and {@code .} or {@code -} between them, neither first nor last. A trailing dot
     * ({@code courrier.}) is a name that file systems, URLs and people take for another one.
     */
    private static final Pattern ARTIFACT_ID = Pattern.compile("[A-Za-z0-9_]+([.-][A-Za-z0-9_]+)*");

    public boolean validArtifactId() {
        return artifactId.length() <= 100 && ARTIFACT_ID.matcher(artifactId).matches();
    }

    /** The group of {@code <group>/<artifact>/maven-metadata.xml}; null when {@code path} is no such file. */
    public static String metadataGroup(String path) {
        Matcher m = safe(path) ? METADATA_FILE.matcher(path) : null;
        return m != null && m.matches() ? m.group(1).replace('/', '.') : null;
    }

    /** True for {@code <group>/<artifact>/maven-metadata.xml} and its checksums. */
    public static boolean isArtifactMetadata(String path) {
        return safe(path) && METADATA_FILE.matcher(path).matches();
    }

    public static boolean safe(String path) {
        if (path == null || path.isEmpty() || path.length() > 700) {
            return false;
        }
        for (String segment : path.split("/", -1)) {
            if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.contains("..")) {
                return false;
            }
        }
        return true;
    }

    /** The file name an artifact of this version must start with: {@code <artifactId>-<version>}. */
    public boolean namedAfterVersion() {
        return fileName.startsWith(artifactId + "-" + version + ".") || fileName.startsWith(artifactId + "-" + version + "-");
    }

    /** The path of this version's main bundle, {@code <artifactId>-<version>.jar}, in the same folder. */
    public String mainJar() {
        return path.substring(0, path.length() - fileName.length()) + artifactId + "-" + version + ".jar";
    }
}
