package be.imio.platform.commune.internal.ledger;

import java.time.Instant;

import be.imio.platform.commune.api.ModuleId;

/**
 * A mandatory update of {@code module} to {@code version}, required by {@code requiredBy}, that this
 * host's administrator {@code by} deferred at {@code at} until {@code until}, for {@code reason}: the
 * host applies it from then on instead of at iMio's deadline. A requirement is deferred once; a
 * deferral answers that requirement only, not a later one of the same release (another deadline).
 */
public record Deferral(ModuleId module, String version, Instant requiredBy, Instant until, String reason, String by,
        Instant at) {

    /** True when this deferral answers the requirement of {@code version} by {@code deadline}. */
    public boolean answers(String version, Instant deadline) {
        return this.version.equals(version) && requiredBy.equals(deadline);
    }
}
