package be.imio.platform.commune.api;

import java.util.Locale;
import java.util.Optional;

/**
 * Which releases a host takes: {@link #STABLE} ones only (those iMio promoted), or {@link #TESTING}
 * ones too (every release, from the moment it is released). Written as its {@link #id()}.
 */
public enum Channel {
    STABLE, TESTING;

    /** {@code stable} or {@code testing}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True when a host on this channel takes a release of the channel {@code release}. */
    public boolean offers(Channel release) {
        return release == STABLE || this == TESTING;
    }

    /** The channel {@code id} names, in any case and with spaces around; empty for anything else. */
    public static Optional<Channel> fromId(String id) {
        if (id == null) {
            return Optional.empty();
        }
        for (Channel channel : values()) {
            if (channel.id().equals(id.strip().toLowerCase(Locale.ROOT))) {
                return Optional.of(channel);
            }
        }
        return Optional.empty();
    }
}
