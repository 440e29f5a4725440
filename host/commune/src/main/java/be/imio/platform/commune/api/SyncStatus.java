package be.imio.platform.commune.api;

import java.time.Instant;

/**
 * Where the host stands with the repository: when it last synced, since when it cannot reach it,
 * and why the last offered metadata was refused, if it was.
 */
public record SyncStatus(String repositoryUrl, long rootVersion, String rootFingerprint, Instant lastSync,
        Instant lastAttempt, Instant offlineSince, String warning, long timestampVersion, long targetsVersion) {
}
