package be.imio.platform.commune.api;

import java.time.Instant;

/** What the audit log is narrowed to; null means any. {@code until} is exclusive. */
public record ActivityFilter(String module, String user, String state, Instant from, Instant until) {
}
