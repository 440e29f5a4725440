package be.imio.platform.repository.internal.fleet;

import java.util.Locale;
import java.util.Optional;

/** The kind of member a host serves; its id is what the API, the shell and the CSV export write. */
public enum HostKind {
    COMMUNE, CPAS, POLICE, OTHER;

    /** {@code commune}, {@code cpas}, {@code police}, {@code other}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind {@code id} names, or empty. */
    public static Optional<HostKind> fromId(String id) {
        for (HostKind kind : values()) {
            if (kind.id().equals(id)) {
                return Optional.of(kind);
            }
        }
        return Optional.empty();
    }

    /** The key of the kind's name in the texts: {@code fleet.kind.cpas}. */
    public String textKey() {
        return "fleet.kind." + id();
    }
}
