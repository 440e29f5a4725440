package be.imio.platform.commune.api;

import java.util.List;
import java.util.Optional;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Version;

/**
 * What the central repository offers this host, from its verified signed metadata, and where the
 * host stands with it. The one answer to "what may this host install": a release is listed when it
 * is on the host's channel, and installable when it is also not revoked and made for the host API
 * this host exports ({@link OfferedRelease#installable()}).
 */
@ProviderType
public interface CatalogueService {

    /** The modules with at least one release on this host's channel, by short name then group. */
    List<CatalogueModule> modules();

    /** The module {@code id} as offered on this host's channel; empty when it has no release there. */
    Optional<CatalogueModule> module(ModuleId id);

    /**
     * Every release of {@code id} the signed metadata names, whatever its channel, newest first: a
     * module keeps running, and keeps its name, when the host's channel no longer lists its release.
     */
    List<OfferedRelease> releases(ModuleId id);

    /**
     * The release {@code version} of {@code id}, whatever its channel (a module keeps running a
     * release the host's channel no longer lists); empty when the metadata does not name it.
     */
    Optional<OfferedRelease> release(ModuleId id, String version);

    /** The modules of short name {@code name}: one per group that releases it. */
    List<ModuleId> named(String name);

    /** Where the host stands with the repository. */
    SyncStatus status();

    /** True while a sync runs. */
    boolean syncing();

    /** Syncs now and answers where the host then stands; empty, at once, when a sync runs already. */
    Optional<SyncStatus> syncNow();

    /** The version of the host API ({@code be.imio.platform.api}) this host exports. */
    Version hostApi();
}
