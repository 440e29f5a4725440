package be.imio.platform.commune.api;

import java.util.Locale;
import java.util.Optional;

/**
 * When the host updates a module by itself: never ({@link #MANUAL}), to every newer release it may
 * install ({@link #AUTOMATIC}), or only away from a release iMio revoked ({@link #SECURITY}). Set for
 * the host, and per module over it; written as its {@link #id()} in configuration, the database,
 * JSON and the shell.
 */
public enum UpdatePolicy {
    MANUAL, AUTOMATIC, SECURITY;

    /** {@code manual}, {@code automatic} or {@code security}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The policy {@code id} names, in any case and with spaces around; empty for anything else. */
    public static Optional<UpdatePolicy> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (UpdatePolicy policy : values()) {
            if (policy.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(policy);
            }
        }
        return Optional.empty();
    }
}
