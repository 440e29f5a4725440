package be.imio.platform.commune.internal.lifecycle;

import java.sql.SQLException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.sync.ModuleRelease;

/** The updates the modules' update policies ask for, planned after each sync. */
final class PolicyUpdates {

    private static final Logger LOG = LoggerFactory.getLogger(PolicyUpdates.class);

    /** Asks for an update as any other: planned, journalled and queued, or refused. */
    interface Updates {
        Operation request(ModuleId module, String version, String actor) throws Refusal, SQLException;
    }

    /**
     * Takes the mandatory update of {@code module} to {@code version} if it is still pending and
     * due once the engine's lock is held (an administrator may have deferred it meanwhile):
     * planned, journalled and queued, or refused.
     */
    interface DueUpdates {
        Operation request(ModuleId module, String version) throws Refusal, SQLException;
    }

    private final Clock clock;
    private final ModuleLedger ledger;
    private final CatalogueSync sync;
    private final HostSettings settings;
    private final OperationPlanner planner;
    private final MandatoryUpdates mandatory;
    private final Updates updates;
    private final DueUpdates due;

    PolicyUpdates(Clock clock, ModuleLedger ledger, CatalogueSync sync, HostSettings settings, OperationPlanner planner,
            MandatoryUpdates mandatory, Updates updates, DueUpdates due) {
        this.clock = clock;
        this.ledger = ledger;
        this.sync = sync;
        this.settings = settings;
        this.planner = planner;
        this.mandatory = mandatory;
        this.updates = updates;
        this.due = due;
    }

    /**
     * After every sync, not only one that changed the catalogue: a release that came outside the
     * maintenance window is installed in the next one, and a policy just set to {@code automatic}
     * acts at the next sync. Nothing is planned from a catalogue that may not be installed from.
     */
    void apply() {
        if (sync.installBlocker().isEmpty()) {
            try {
                applyPolicies();
            } catch (SQLException e) {
                LOG.error("Cannot apply update policies: {}", e.getMessage());
            }
        }
    }

    /**
     * Plans the updates the modules' policies ask for. A module with an operation not finished is
     * left alone this time (its turn will tell); a release that failed here is never chosen again
     * by a policy, whatever the sync that brought the catalogue (a release, a re-signing, a restart).
     */
    private void applyPolicies() throws SQLException {
        boolean inWindow;
        try {
            inWindow = settings.inMaintenanceWindow(ZonedDateTime.now(clock));
        } catch (RuntimeException e) {
            LOG.warn("Automatic updates skipped: {}", e.getMessage());
            return;
        }
        java.util.Set<String> busy = new java.util.HashSet<>();
        ledger.unfinished().forEach(o -> busy.add(o.module().toLowerCase(java.util.Locale.ROOT)));
        if (inWindow) {
            applyMandatory(busy);
        }
        for (InstalledModule module : ledger.modules()) {
            Optional<ModuleRelease> running = sync.catalogue().release(module.id(), module.version());
            boolean revoked = running.map(ModuleRelease::revoked).orElse(false);
            if (revoked) {
                LOG.warn("Module {} {} is revoked: {}", module.name(), module.version(), running.get().revokedReason());
            }
            UpdatePolicy policy = module.policyOr(settings.policy());
            if (!inWindow || busy.contains(module.name().toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            java.util.List<FailedRelease> failed = ledger.failedReleases(module.id(), module);
            Optional<String> next = planner.automaticUpdate(module, policy, revoked, failed);
            if (next.isPresent()) {
                try {
                    updates.request(module.id(), next.get(), Operation.BY_POLICY + policy.id());
                } catch (Refusal e) {
                    LOG.warn("Automatic update of {} not planned: {}", module.name(), e.getMessage());
                }
            } else if (!failed.isEmpty()) {
                LOG.debug("Module {}: releases that failed here are not tried again by its policy: {}", module.id(),
                        failed.stream().map(FailedRelease::version).toList());
            }
        }
    }

    /**
     * Takes every mandatory update that is due (in the maintenance window: the caller checked),
     * whatever the module's policy: a pinned module is pinned to the required version, which
     * installs it; any other is updated to it (not to a newer release: what iMio required, no
     * more). Each module taken is added to {@code busy}, so that its policy waits for its turn.
     */
    private void applyMandatory(java.util.Set<String> busy) throws SQLException {
        java.time.Instant now = clock.instant();
        for (MandatoryUpdates.Pending pending : mandatory.pending()) {
            InstalledModule module = pending.module();
            String key = module.name().toLowerCase(java.util.Locale.ROOT);
            if (!pending.dueAt(now) || busy.contains(key)) {
                continue;
            }
            try {
                due.request(module.id(), pending.release().version());
                busy.add(key);
                LOG.warn("Mandatory update of {} to {} planned: due {} ({})", module.id(), pending.release().version(),
                        pending.due(), pending.required().reason());
            } catch (Refusal e) {
                LOG.warn("Mandatory update of {} to {} not planned: {}", module.id(), pending.release().version(),
                        e.getMessage());
            }
        }
    }
}
