package be.imio.platform.commune.internal.lifecycle;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.apache.karaf.features.BundleInfo;
import org.apache.karaf.features.Feature;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.Version;

import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.WordedException;

/**
 * Finds the bundles of a module by what they are, never by the location Karaf installed them
 * from: the symbolic name and version in the manifest of each jar the module's feature names, read
 * from the verified cache. When only the micro version changes, Karaf updates a bundle in place:
 * it runs the new release's code under the location of the release first installed
 * ({@code mvn:G/A/1.0.0} while it is 1.0.1), so a location says where a bundle came from, not
 * what it is now.
 */
public final class ModuleBundles {

    /** What a bundle is: its symbolic name (without directives) and its version. */
    public record Identity(String symbolicName, Version version) {
        @Override
        public String toString() {
            return symbolicName + " " + version;
        }
    }

    /** A jar the feature names that the verified cache does not hold, or whose manifest is not a bundle's. */
    static final class Unknown extends WordedException {
        private static final long serialVersionUID = 1L;

        Unknown(Message message) {
            super(message);
        }

        Unknown(Message message, String technical) {
            super(message, technical);
        }
    }

    private final BundleContext context;
    private final Path verified;
    /** Released files are never replaced, so what a verified jar is never changes. */
    private final Map<Path, Identity> identities = new ConcurrentHashMap<>();

    ModuleBundles(BundleContext context, Path verified) {
        this.context = context;
        this.verified = verified.toAbsolutePath().normalize();
    }

    /** The verified cache of the instance {@code context} runs in: {@code data/host/verified}. */
    static Path verifiedFolder(BundleContext context) {
        return Path.of(context.getProperty("karaf.data"), "host", "verified");
    }

    /**
     * Each bundle {@code feature} names, in its order, with the installed bundle that is it, or
     * null when none is installed.
     *
     * @throws Unknown when a jar it names is not in the verified cache or is not a bundle
     */
    Map<Identity, Bundle> of(Feature feature) throws Unknown {
        Map<Identity, Bundle> bundles = new LinkedHashMap<>();
        for (BundleInfo info : feature.getBundles()) {
            Identity identity = identity(info.getLocation());
            bundles.put(identity, installed(identity));
        }
        return bundles;
    }

    /** What the bundle at {@code location} ({@code mvn:G/A/V}) is, as its verified jar says. */
    Identity identity(String location) throws Unknown {
        String path = ArtifactPaths.ofMavenUrl(location);
        if (path == null) {
            throw new Unknown(Message.of("cause.bundle-not-maven", location));
        }
        Path jar = verified.resolve(path).normalize();
        if (!jar.startsWith(verified) || !Files.isRegularFile(jar)) {
            throw new Unknown(Message.of("cause.bundle-not-verified", location));
        }
        Identity known = identities.get(jar);
        if (known != null) {
            return known;
        }
        Identity read = read(jar, location);
        identities.put(jar, read);
        return read;
    }

    /** The installed bundle that is {@code identity}, or null. */
    Bundle installed(Identity identity) {
        for (Bundle bundle : context.getBundles()) {
            if (bundle.getState() != Bundle.UNINSTALLED && identity.symbolicName().equals(bundle.getSymbolicName())
                    && identity.version().equals(bundle.getVersion())) {
                return bundle;
            }
        }
        return null;
    }

    private static Identity read(Path jar, String location) throws Unknown {
        try (JarFile file = new JarFile(jar.toFile(), false)) {
            Manifest manifest = file.getManifest();
            String name = manifest == null ? null : manifest.getMainAttributes().getValue(Constants.BUNDLE_SYMBOLICNAME);
            if (name == null || name.split(";", 2)[0].isBlank()) {
                throw new Unknown(Message.of("cause.bundle-no-symbolic-name", location));
            }
            String version = manifest.getMainAttributes().getValue(Constants.BUNDLE_VERSION);
            return new Identity(name.split(";", 2)[0].strip(), Version.parseVersion(version == null ? null : version.strip()));
        } catch (IOException | IllegalArgumentException e) {
            throw new Unknown(Message.of("cause.bundle-unreadable", location), ": " + e.getMessage());
        }
    }
}
