package be.imio.platform.commune.api;

import java.time.Instant;

/**
 * A release of a module that failed on this host: an operation installing it was rolled back, or
 * failed before anything changed (its files could not be fetched or verified, the host refused its
 * contents), and no operation installed it with success since. Read from the journal ({@code HOST_OPERATION}), so
 * it survives restarts and needs no table of its own. The host's policies never try such a release
 * again by themselves; a person may.
 *
 * <p>An interrupted operation (the host stopped) is not the release's failure, and a version the
 * module runs now, enabled, works here whatever happened before.
 */
public record FailedRelease(String version, Instant failedAt, long operation, String reason, String detail) {
}
