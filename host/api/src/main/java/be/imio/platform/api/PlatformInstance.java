package be.imio.platform.api;

import java.time.Instant;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The running platform instance, as recorded in its own database. Provided by the platform as an
 * OSGi service once its store is ready; a component that references it can rely on the database.
 */
@ProviderType
public interface PlatformInstance {

    /** A stable identifier created on the instance's first start and kept across restarts. */
    String id();

    /** The role the instance was created with. */
    PlatformRole role();

    /** The name the member gave the instance (for a host, usually the commune's name). */
    String displayName();

    /** When the instance first started. */
    Instant firstStarted();

    /** How many times the instance has started, this start included. */
    long startCount();

    /** The platform's version, as Maven writes it, for example {@code 0.2.0} or {@code 0.3.0-SNAPSHOT}. */
    String platformVersion();

    /**
     * The instance's last upgrade from one platform version to another ({@code bin/imio run} with a
     * newer distribution); null when it has run one version only.
     *
     * @since 1.8
     */
    default Upgrade lastUpgrade() {
        return null;
    }

    /**
     * One upgrade of the platform: from and to which version (as Maven writes them), when the new
     * platform first started on the instance, and the backup taken before it (a path on the
     * instance's machine; empty when unknown).
     */
    record Upgrade(String fromVersion, String toVersion, Instant completedAt, String backup) {
    }
}
