package be.imio.platform.commune.internal;

import java.time.Instant;

/** What the audit log is narrowed to; null means any. {@code until} is exclusive. */
record ActivityFilter(String module, String user, String state, Instant from, Instant until) {
}
