package be.imio.platform.commune.api;

import java.time.Instant;


/**
 * A row of {@code HOST_MODULE}: a module this host runs, or ran before it was disabled. The row is
 * keyed by the short name (one Karaf feature, one {@code /modules/NAME/} path, one set of tables per
 * name); its group is the one the module was first enabled from and never changes.
 */
public record InstalledModule(String name, String groupId, String version, String previousVersion, boolean enabled,
        String pinnedVersion, UpdatePolicy policy, Instant changedAt) {

    /** The module's own policy, else the host's {@code policy}. */
    public UpdatePolicy policyOr(UpdatePolicy hostPolicy) {
        return policy != null ? policy : hostPolicy;
    }

    public ModuleId id() {
        return new ModuleId(groupId, name);
    }

    public InstalledModule withVersion(String newVersion, boolean nowEnabled, Instant at) {
        String previous = newVersion.equals(version) ? previousVersion : version;
        return new InstalledModule(name, groupId, newVersion, previous, nowEnabled, pinnedVersion, policy, at);
    }

    public InstalledModule withPin(String pin, Instant at) {
        return new InstalledModule(name, groupId, version, previousVersion, enabled, pin, policy, at);
    }

    public InstalledModule withPolicy(UpdatePolicy newPolicy, Instant at) {
        return new InstalledModule(name, groupId, version, previousVersion, enabled, pinnedVersion, newPolicy, at);
    }
}
