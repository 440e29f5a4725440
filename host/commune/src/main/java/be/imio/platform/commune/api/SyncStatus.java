package be.imio.platform.commune.api;

import java.time.Instant;

/**
 * Where the host stands with the repository: when it last synced, since when it cannot reach it,
 * and, in {@code warning} (null when all is well), why the last sync failed or its metadata was
 * refused, or that the trusted metadata has expired since.
 */
public record SyncStatus(String repositoryUrl, long rootVersion, String rootFingerprint, Instant lastSync,
        Instant lastAttempt, Instant offlineSince, Message warning, long timestampVersion, long targetsVersion) {
}
