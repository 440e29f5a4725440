package be.imio.platform.commune.internal.sync;

import org.osgi.framework.Bundle;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;

import be.imio.platform.api.HealthCheck;

/**
 * The version of the host API this host offers modules: that of the SDK's package
 * {@code be.imio.platform.api} as the framework wired it; a module asking for more is refused.
 */
public final class HostApiVersion {

    private HostApiVersion() {
    }

    /** The exported version, or {@link Version#emptyVersion} outside a framework (unit tests). */
    public static Version of() {
        Bundle api = FrameworkUtil.getBundle(HealthCheck.class);
        BundleWiring wiring = api == null ? null : api.adapt(BundleWiring.class);
        if (wiring != null) {
            for (BundleCapability export : wiring.getCapabilities("osgi.wiring.package")) {
                if (HealthCheck.class.getPackageName().equals(export.getAttributes().get("osgi.wiring.package"))) {
                    return (Version) export.getAttributes().get("version");
                }
            }
        }
        return Version.emptyVersion;
    }
}
