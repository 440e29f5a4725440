package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import be.imio.platform.commune.internal.lifecycle.ModuleBundles;

/**
 * Keeps a release whose installation a stop or crash cut off from starting again at the next
 * boot. While an operation installs a release, the bundles it brings are listed in
 * {@code data/host/installing} ({@link #installing}); the list goes when the operation ends. If
 * the host stops in between, the framework would start those bundles again at boot, in its
 * start-level thread, before the host could restore the previous version: a release whose start-up
 * waits without end (and ignores interruption) would hold the framework's start, every operation
 * and every later restart. So this component, which starts with the host's own bundle (before
 * modules' bundles, installed later), marks each listed bundle not yet started as stopped
 * (persistently, OSGi Core 4.4.9): the framework leaves it, and the engine then restores what its
 * database says, as after any cut-off operation.
 */
@Component(immediate = true, service = CutOffRelease.class)
public final class CutOffRelease {

    private static final Logger LOG = LoggerFactory.getLogger(CutOffRelease.class);

    @Activate
    public CutOffRelease(BundleContext context) {
        Path marker = marker(context);
        List<ModuleBundles.Identity> cut = read(marker);
        if (cut.isEmpty()) {
            return;
        }
        for (Bundle bundle : context.getBundles()) {
            for (ModuleBundles.Identity identity : cut) {
                if (identity.symbolicName().equals(bundle.getSymbolicName()) && identity.version().equals(bundle.getVersion())
                        && (bundle.getState() == Bundle.INSTALLED || bundle.getState() == Bundle.RESOLVED)) {
                    try {
                        bundle.stop();
                        LOG.warn("Bundle {} was being installed when the host stopped: it is not started again; the"
                                + " previous state of its module is restored", identity);
                    } catch (BundleException | IllegalStateException e) {
                        LOG.error("Could not keep bundle {} from starting: {}", identity, e.getMessage());
                    }
                }
            }
        }
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", marker, e.getMessage());
        }
    }

    /** Where the bundles being installed are listed: {@code data/host/installing}. */
    public static Path marker(BundleContext context) {
        return marker(Path.of(context.getProperty("karaf.data"), "host"));
    }

    /** Where the bundles being installed are listed, in the host's folder {@code hostData} ({@code data/host}). */
    public static Path marker(Path hostData) {
        return hostData.resolve("installing");
    }

    /** Lists {@code bundles} as being installed, replacing any list; written whole or not at all. */
    public static void installing(Path marker, Collection<ModuleBundles.Identity> bundles) throws IOException {
        StringBuilder text = new StringBuilder();
        bundles.forEach(b -> text.append(b.symbolicName()).append(' ').append(b.version()).append('\n'));
        Files.createDirectories(marker.getParent());
        Path temporary = marker.resolveSibling(marker.getFileName() + ".tmp");
        Files.writeString(temporary, text, StandardCharsets.UTF_8);
        Files.move(temporary, marker, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The installation ended, whatever its outcome: nothing is being installed. */
    public static void done(Path marker) {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            LOG.warn("Could not remove {}: {}", marker, e.getMessage());
        }
    }

    /** The bundles {@code marker} lists; none when there is no list or it cannot be read. */
    static List<ModuleBundles.Identity> read(Path marker) {
        List<ModuleBundles.Identity> identities = new ArrayList<>();
        try {
            if (!Files.isRegularFile(marker)) {
                return identities;
            }
            for (String line : Files.readAllLines(marker, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split(" ");
                if (parts.length == 2) {
                    try {
                        identities.add(new ModuleBundles.Identity(parts[0], Version.parseVersion(parts[1])));
                    } catch (IllegalArgumentException e) {
                        LOG.warn("Ignored a line of {}: {}", marker, line);
                    }
                }
            }
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", marker, e.getMessage());
        }
        return identities;
    }
}
