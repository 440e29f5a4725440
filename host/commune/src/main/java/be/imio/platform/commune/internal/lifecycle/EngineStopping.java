package be.imio.platform.commune.internal.lifecycle;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;

/**
 * Tells whether the bundle the host's engine runs in is being stopped: the host stopping, or
 * Karaf refreshing the host's own bundles in the middle of a module's deployment (a module bundle
 * that offers what they are wired to makes Karaf rewire them). The engine's worker is then
 * interrupted and the engine deactivated while Karaf's deployment goes on in Karaf's own thread:
 * an operation cut off that way cannot restore anything from there, nor know what Karaf will have
 * done. {@link OperationRunner} leaves it running, and the engine that starts next brings Karaf
 * back to the database's state ({@link OperationRunner#reconcile()}) and records the operation as
 * interrupted, instead of claiming a previous state it did not restore.
 */
public final class EngineStopping {

    private final Bundle bundle;

    EngineStopping(Bundle bundle) {
        this.bundle = bundle;
    }

    /** For the bundle of {@code type}; outside a framework (unit tests), never stopping. */
    static EngineStopping of(Class<?> type) {
        return new EngineStopping(FrameworkUtil.getBundle(type));
    }

    /** True when the bundle is neither starting nor active: stopping, or already stopped or refreshed. */
    boolean now() {
        return bundle != null && (bundle.getState() & (Bundle.STARTING | Bundle.ACTIVE)) == 0;
    }
}
