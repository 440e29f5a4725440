package be.imio.platform.commune.internal.ledger;

import java.time.Instant;

import be.imio.platform.commune.api.ModuleId;

/**
 * A mandatory update of {@code module} to {@code version} that this host's administrator {@code by}
 * deferred at {@code at} until {@code until}, for {@code reason}: the host applies it from then on
 * instead of at iMio's deadline. A release is deferred once.
 */
public record Deferral(ModuleId module, String version, Instant until, String reason, String by, Instant at) {
}
