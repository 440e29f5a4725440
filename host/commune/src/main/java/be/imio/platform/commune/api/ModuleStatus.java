package be.imio.platform.commune.api;

import java.util.List;

import be.imio.platform.api.HealthStatus;

/**
 * A module of this host as people and programs see it now: its journalled row, the update policy
 * that applies to it (its own, else the host's), its health (up and "disabled" for a disabled
 * module), whether the release it runs is revoked and why, the newer version it may be updated to
 * (null when none; its pin respected), and the releases that failed on this host, newest failure
 * first.
 */
public record ModuleStatus(InstalledModule module, UpdatePolicy policy, HealthStatus health, boolean revoked,
        String revokedReason, String updateAvailable, List<FailedRelease> failedReleases) {

    public ModuleStatus {
        failedReleases = List.copyOf(failedReleases);
    }
}
