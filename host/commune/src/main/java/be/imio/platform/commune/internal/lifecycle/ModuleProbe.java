package be.imio.platform.commune.internal.lifecycle;

import java.time.Duration;
import java.util.Collection;

import org.apache.karaf.features.Feature;
import org.osgi.framework.Bundle;

/**
 * How the runner learns whether a module it installed works: its bundles, components, pages and
 * health checks. {@link ModuleHealth} is the real one, reading the framework; a test gives a fake.
 */
public interface ModuleProbe {

    /**
     * Returns once {@code module} (its {@code feature}) works, running {@code platformReady} once as
     * soon as the platform's own checks pass and only the module's health checks may be left.
     *
     * @throws ModuleHealth.Unhealthy when it does not within {@code timeout}, with the reason
     */
    void await(String module, Feature feature, Duration timeout, Runnable platformReady)
            throws ModuleHealth.Unhealthy, InterruptedException;

    /** As {@link #await(String, Feature, Duration, Runnable)}, with nothing to run when the platform is ready. */
    default void await(String module, Feature feature, Duration timeout)
            throws ModuleHealth.Unhealthy, InterruptedException {
        await(module, feature, timeout, () -> { });
    }

    /** What each bundle {@code feature} names is (symbolic name and version), installed or not. */
    Collection<ModuleBundles.Identity> identities(Feature feature) throws ModuleBundles.Unknown;

    /** The bundles of {@code feature} installed now; none when Karaf does not know it. */
    Collection<Bundle> bundlesOf(Feature feature);
}
