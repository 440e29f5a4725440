package be.imio.platform.commune.internal.lifecycle;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

import org.osgi.framework.Version;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.sync.VerifiedCache;

/**
 * Where the runner takes a release from: the catalogue of the moment, whether anything may be
 * installed from it now, and a release's files fetched and verified into the cache.
 * {@link CatalogueSync} is the real one; a test gives a fake.
 */
public interface ReleaseSource {

    /** What the repository offers, from verified metadata. */
    Catalogue catalogue();

    /** Why nothing may be installed from the catalogue now (expired or refused metadata); empty when it may. */
    Optional<Refusal> installBlocker();

    /**
     * The features XML of {@code release} in the verified cache, with every file it names fetched
     * and checked against the signed metadata, at most {@code maxBytes} each.
     *
     * @throws ModuleArtifacts.Refused when a file is not allowed on this host
     * @throws VerifiedCache.Mismatch when a file is not what the metadata pins
     */
    Path fetch(ModuleRelease release, Catalogue catalogue, long maxBytes, Version apiVersion)
            throws IOException, InterruptedException, ModuleArtifacts.Refused;

    /** The verified cache's folder ({@code data/host/verified}). */
    Path cacheFolder();
}
