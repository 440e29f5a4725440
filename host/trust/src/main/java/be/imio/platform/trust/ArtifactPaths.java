package be.imio.platform.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Target paths of Maven artifacts. Karaf features name bundles as {@code mvn:} URLs; the
 * repository releases and pins them under their path in the Maven layout. Both sides map one to
 * the other here, so that what a features XML names is exactly what the metadata pins.
 */
public final class ArtifactPaths {

    private static final Pattern MVN = Pattern.compile(
            "mvn:([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)/([A-Za-z0-9_.-]+)(?:/([A-Za-z0-9_.-]*)(?:/([A-Za-z0-9_.-]+))?)?");

    private ArtifactPaths() {
    }

    /** Group, artifact and version of a Maven artifact. */
    public record Coordinates(String group, String artifact, String version) {
    }

    /**
     * Group, artifact and version named by {@code mvn:group/artifact/version[/type[/classifier]]}
     * (a bundle's location when Karaf installed it from a features XML); empty for any other
     * location, and for one that {@link #ofMavenUrl} would refuse.
     */
    public static Optional<Coordinates> coordinatesOf(String url) {
        Matcher m = MVN.matcher(url == null ? "" : url.strip());
        if (!m.matches() || ofMavenUrl(url) == null) {
            return Optional.empty();
        }
        return Optional.of(new Coordinates(m.group(1), m.group(2), m.group(3)));
    }

    /**
     * The coordinates of a bundle installed from {@code cache} (a host's verified cache, in the
     * Maven layout): its {@code location} names a group and artifact that have a folder there.
     * Empty for any other bundle: the platform's own, the distribution's, one installed by hand.
     * Only group and artifact are checked, since Karaf updates a bundle in place for a micro
     * version and the bundle then keeps the location of its first release.
     */
    public static Optional<Coordinates> inCache(Path cache, String location) {
        return coordinatesOf(location).filter(c -> Files.isDirectory(
                cache.resolve(c.group().replace('.', '/')).resolve(c.artifact())));
    }

    /**
     * {@code mvn:group/artifact/version[/type[/classifier]]} as a path of the Maven layout, or null
     * when it is no such URL or would leave the repository ({@code ..}).
     */
    public static String ofMavenUrl(String url) {
        Matcher m = MVN.matcher(url == null ? "" : url.strip());
        if (!m.matches()) {
            return null;
        }
        String type = m.group(4) == null || m.group(4).isEmpty() ? "jar" : m.group(4);
        String classifier = m.group(5) == null ? "" : "-" + m.group(5);
        String path = m.group(1).replace('.', '/') + "/" + m.group(2) + "/" + m.group(3) + "/" + m.group(2) + "-"
                + m.group(3) + classifier + "." + type;
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.contains("..") || segment.equals(".")) {
                return null;
            }
        }
        return path;
    }
}
