package be.imio.platform.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which platform version last ran an instance, and the distribution's {@code etc/} files as that
 * version shipped them. Both live in the instance's {@code etc/}, so a backup carries them with the
 * files they describe:
 * <ul>
 * <li>{@value #FILE}: {@code platformVersion} (and {@code previousVersion} after an upgrade);
 * <li>{@value #DEFAULTS}{@code /}: a copy of the distribution's {@code etc/}, untouched, which an
 * upgrade compares the instance's files with to tell the values the commune set from the defaults.
 * </ul>
 * Neither is read by Karaf: FileInstall takes only {@code *.cfg}, {@code *.config} and {@code *.json}
 * directly in {@code etc/}.
 */
final class InstanceVersion {

    static final String FILE = "imio-platform.properties";
    static final String DEFAULTS = "platform-defaults";
    static final String VERSION = "platformVersion";
    static final String PREVIOUS = "previousVersion";

    /** The features repository of the platform in {@code featuresRepositories}, with its version. */
    private static final Pattern FEATURES_REPOSITORY =
            Pattern.compile("mvn:be\\.imio\\.platform/imio-platform-features/([^/\\s,]+)/xml/features");

    private InstanceVersion() {
    }

    /** How the instance's version compares with the distribution's. */
    enum Standing {
        /** Last run by this very version. */
        SAME,
        /** Made before versions were recorded, by a build of this version: recorded at its next start. */
        UNRECORDED,
        /** Last run by an older version: an upgrade is due. */
        OLDER
    }

    /** The version recorded in the instance; null when none is. */
    static PlatformVersion recorded(Instance instance) throws LaunchException {
        Properties properties = properties(instance);
        String version = properties == null ? null : properties.getProperty(VERSION);
        if (properties != null && version == null) {
            throw new LaunchException("etc/" + FILE + " has no " + VERSION + "; restore it from a backup");
        }
        try {
            return version == null ? null : PlatformVersion.parse(version);
        } catch (IllegalArgumentException e) {
            throw new LaunchException("etc/" + FILE + ": " + e.getMessage() + "; restore it from a backup");
        }
    }

    /** The version the instance ran before its last upgrade; null when none is recorded. */
    static PlatformVersion previous(Instance instance) throws LaunchException {
        Properties properties = properties(instance);
        String previous = properties == null ? null : properties.getProperty(PREVIOUS);
        return previous == null || previous.isBlank() ? null : PlatformVersion.parse(previous);
    }

    /**
     * Compares the instance with the distribution of version {@code distribution}.
     *
     * @throws LaunchException (one line) when a newer distribution ran the instance, or when it was
     *         made before versions were recorded by another build than this one
     */
    static Standing standing(Instance instance, PlatformVersion distribution) throws LaunchException {
        PlatformVersion recorded = recorded(instance);
        if (recorded == null) {
            String made = unrecordedVersion(instance);
            if (made != null && made.equals(distribution.toString())) {
                return Standing.UNRECORDED;
            }
            throw new LaunchException(instance.dir() + " was made by a development build of the platform ("
                    + (made == null ? "version unknown" : made) + ") before versions were recorded, and this"
                    + " distribution is " + distribution + ": it cannot be upgraded; run it with the build that made"
                    + " it, or create a new instance");
        }
        int order = recorded.compareTo(distribution);
        if (order > 0) {
            throw new LaunchException(instance.dir() + " was last run by platform " + recorded + "; this distribution"
                    + " is " + distribution + ", older, and would damage it: run it with " + recorded
                    + " or newer (to go back, restore the backup taken before its upgrade with that version's"
                    + " bin/imio restore)");
        }
        return order == 0 ? Standing.SAME : Standing.OLDER;
    }

    /**
     * Records that {@code version} runs the instance, and {@code previous} (null: none) before it; the
     * defaults of {@code distributionEtc} replace the recorded ones. Each file is replaced whole.
     */
    static void record(Instance instance, Path distributionEtc, PlatformVersion version, PlatformVersion previous)
            throws IOException {
        record(instance.etc(), distributionEtc, version, previous);
    }

    /** As {@link #record(Instance, Path, PlatformVersion, PlatformVersion)}, into the folder {@code etc}. */
    static void record(Path etc, Path distributionEtc, PlatformVersion version, PlatformVersion previous)
            throws IOException {
        copyDefaults(distributionEtc, etc);
        Properties properties = new Properties();
        properties.setProperty(VERSION, version.toString());
        if (previous != null) {
            properties.setProperty(PREVIOUS, previous.toString());
        }
        StringWriter text = new StringWriter();
        properties.store(text, " The platform version that last ran this instance, written by bin/imio."
                + " Do not edit: a distribution older than it refuses to start the instance.");
        replace(etc.resolve(FILE), text.toString());
    }

    /** Replaces {@code etc/platform-defaults/} with a copy of {@code distributionEtc}, whole. */
    static void copyDefaults(Path distributionEtc, Path instanceEtc) throws IOException {
        Path target = instanceEtc.resolve(DEFAULTS);
        Path staging = instanceEtc.resolve("." + DEFAULTS + ".new");
        InstanceCreator.deleteTree(staging);
        try (Stream<Path> files = Files.walk(distributionEtc)) {
            for (Path source : (Iterable<Path>) files::iterator) {
                Path copy = staging.resolve(distributionEtc.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(copy);
                } else {
                    Files.copy(source, copy, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        OwnerOnly.tree(staging);
        Path old = instanceEtc.resolve("." + DEFAULTS + ".old");
        InstanceCreator.deleteTree(old);
        if (Files.exists(target)) {
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        InstanceCreator.deleteTree(old);
    }

    /** Writes {@code file} beside itself, then moves it in place: a crash leaves the old or the new one. */
    static void replace(Path file, String text) throws IOException {
        Path part = file.resolveSibling(file.getFileName() + ".part");
        Files.writeString(part, text, StandardCharsets.ISO_8859_1);
        OwnerOnly.file(part);
        try (var channel = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
            channel.force(true);
        }
        Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The platform version named by an unrecorded instance's features repositories; null when none is. */
    private static String unrecordedVersion(Instance instance) throws LaunchException {
        Path features = instance.etc(Instance.FEATURES_CFG);
        if (!Files.isRegularFile(features)) {
            return null;
        }
        String repositories = CfgFile.read(features, instance.dir()).get("featuresRepositories");
        Matcher m = FEATURES_REPOSITORY.matcher(repositories == null ? "" : repositories);
        return m.find() ? m.group(1) : null;
    }

    private static Properties properties(Instance instance) throws LaunchException {
        Path file = instance.etc(FILE);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            properties.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new LaunchException("cannot read etc/" + FILE + " (" + e.getMessage() + "); restore it from a backup");
        }
        return properties;
    }
}
