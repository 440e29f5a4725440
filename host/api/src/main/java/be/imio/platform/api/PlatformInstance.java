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

    /** The platform's version, for example {@code 0.1.0}. */
    String platformVersion();
}
