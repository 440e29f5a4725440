package be.imio.platform.api;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A health check, registered as an OSGi service by the platform's own bundles and by modules.
 *
 * <p>The host calls it after enabling or updating a module, to decide between keeping the new
 * version and rolling back, and shows the result to commune staff. Register it with the service
 * property {@link #MODULE} naming the module (its feature name) it speaks for.
 *
 * <p>Contract: {@link #check()} answers within a second, touches no state, and does not throw;
 * a check that throws is reported as {@link HealthStatus.State#DOWN} with the exception's message.
 */
@ConsumerType
public interface HealthCheck {

    /** Service property: the module (feature name) this check speaks for. */
    String MODULE = WebContexts.MODULE;

    /** The check's present verdict. */
    HealthStatus check();
}
