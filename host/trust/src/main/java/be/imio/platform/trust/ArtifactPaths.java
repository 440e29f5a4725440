package be.imio.platform.trust;

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
