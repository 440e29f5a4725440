package be.imio.platform.commune.internal.lifecycle;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;

/** Which releases failed on this host, read from its journal: see {@link FailedRelease}. */
public final class FailedReleases {

    private FailedReleases() {
    }

    /** The operations that install a release. */
    static final Set<Operation.Action> INSTALLING = EnumSet.of(Operation.Action.ENABLE, Operation.Action.UPDATE,
            Operation.Action.ROLLBACK, Operation.Action.PIN);

    /**
     * The releases of a module that failed here, newest failure first, from its operations
     * {@code history} (newest first) and the module as it is now ({@code module}, null when it has
     * no row).
     */
    public static List<FailedRelease> of(List<Operation> history, InstalledModule module) {
        Set<String> decided = new HashSet<>();
        List<FailedRelease> failed = new ArrayList<>();
        if (module != null && module.enabled()) {
            decided.add(module.version());
        }
        for (Operation o : history) {
            if (o.toVersion() == null || !INSTALLING.contains(o.action()) || decided.contains(o.toVersion())) {
                continue;
            }
            if (o.state() == Operation.State.ROLLED_BACK || o.state() == Operation.State.FAILED) {
                decided.add(o.toVersion());
                failed.add(new FailedRelease(o.toVersion(), o.finishedAt() != null ? o.finishedAt() : o.requestedAt(),
                        o.id(), o.reason(), o.detail(), o.reasonMessage(), o.state() == Operation.State.ROLLED_BACK));
            } else if (o.state() == Operation.State.SUCCEEDED && o.action() != Operation.Action.PIN) {
                // A pin that succeeded may not have installed anything (a disabled module).
                decided.add(o.toVersion());
            }
        }
        return failed;
    }
}
