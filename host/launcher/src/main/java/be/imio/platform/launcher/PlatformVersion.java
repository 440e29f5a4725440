package be.imio.platform.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A version of the platform, as Maven writes it ({@code 0.2.0}, {@code 0.2.0-SNAPSHOT}), ordered as
 * Maven orders them for what this project releases: by major, minor and patch number, then a
 * release after any qualified version of the same numbers ({@code 0.2.0-SNAPSHOT < 0.2.0}).
 */
record PlatformVersion(int major, int minor, int patch, String qualifier) implements Comparable<PlatformVersion> {

    private static final Pattern FORMAT = Pattern.compile("(\\d{1,6})(?:\\.(\\d{1,6}))?(?:\\.(\\d{1,6}))?(?:-([A-Za-z0-9.]+))?");

    /** The version of the distribution whose {@code lib/imio} this class was loaded from. */
    static PlatformVersion distribution() {
        Properties properties = new Properties();
        try (InputStream in = PlatformVersion.class.getResourceAsStream("platform.properties")) {
            if (in == null) {
                throw new IllegalStateException("platform.properties is missing from the launcher");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the launcher's platform.properties", e);
        }
        return parse(properties.getProperty("version", "").strip());
    }

    /**
     * @throws IllegalArgumentException when {@code text} is not {@code MAJOR[.MINOR[.PATCH]][-QUALIFIER]}
     */
    static PlatformVersion parse(String text) {
        Matcher m = FORMAT.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a platform version such as 0.2.0");
        }
        return new PlatformVersion(Integer.parseInt(m.group(1)), m.group(2) == null ? 0 : Integer.parseInt(m.group(2)),
                m.group(3) == null ? 0 : Integer.parseInt(m.group(3)), m.group(4));
    }

    @Override
    public int compareTo(PlatformVersion other) {
        int numbers = major != other.major ? Integer.compare(major, other.major)
                : minor != other.minor ? Integer.compare(minor, other.minor) : Integer.compare(patch, other.patch);
        if (numbers != 0) {
            return numbers;
        }
        if (qualifier == null || other.qualifier == null) {
            return qualifier == null ? (other.qualifier == null ? 0 : 1) : -1;
        }
        return qualifier.compareToIgnoreCase(other.qualifier);
    }

    boolean isOlderThan(PlatformVersion other) {
        return compareTo(other) < 0;
    }

    /** The OSGi form Karaf's features carry ({@code 0.2.0.SNAPSHOT}). */
    String osgi() {
        return major + "." + minor + "." + patch + (qualifier == null ? "" : "." + qualifier);
    }

    @Override
    public String toString() {
        return major + "." + minor + "." + patch + (qualifier == null ? "" : "-" + qualifier);
    }
}
