package be.imio.platform.commune.api;

import java.util.List;

/**
 * A module the repository offers on this host's channel: who it is, the publisher accounts that
 * released it (newest release first, each once) and its releases on the channel, newest first.
 */
public record CatalogueModule(ModuleId id, List<String> publishers, List<OfferedRelease> releases) {

    public CatalogueModule {
        publishers = List.copyOf(publishers);
        releases = List.copyOf(releases);
    }

    /** The newest release this host may install, if any. */
    public java.util.Optional<OfferedRelease> newestInstallable() {
        return releases.stream().filter(OfferedRelease::installable).findFirst();
    }
}
