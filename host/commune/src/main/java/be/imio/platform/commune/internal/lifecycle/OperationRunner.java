package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.osgi.framework.Version;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.internal.sync.CutOffRelease;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.mount.ModuleThreads;
import be.imio.platform.commune.internal.mount.SwapGuard;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * Runs planned operations, one at a time on the engine's worker thread: plans each again against
 * the module's state when its turn comes (one that no longer makes sense is skipped and never
 * reaches Karaf), fetches and verifies the release, has Karaf deploy it while the module's paths
 * answer 503, waits for it to be healthy, and records the outcome, with a reason in French and
 * English and the technical message apart. What fails is undone at once; what a crash cut off is
 * undone by {@link #reconcile()} at the next start, so that Karaf runs what the database says.
 */
public final class OperationRunner {

    private static final Logger LOG = LoggerFactory.getLogger(OperationRunner.class);
    /** One line per operation's outcome, for local IT (etc/org.ops4j.pax.logging.cfg sends it to events.log too). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");

    private final Clock clock;
    private final ModuleLedger ledger;
    private final ReleaseSource sync;
    private final HostSettings settings;
    private final SwapGuard guard;
    private final KarafModules deployer;
    private final ModuleProbe health;
    private final OperationPlanner planner;
    private final Version apiVersion;
    private final Consumer<Operation> requeue;
    private final Runnable afterEach;
    private final LastGoodState state;
    private final EngineStopping stopping = EngineStopping.of(OperationRunner.class);
    private volatile Operation current;
    private volatile OperationPhase phase;

    /**
     * {@code requeue} takes back the operations still queued when the host stopped; {@code afterEach}
     * runs once each operation has ended, whatever its outcome.
     */
    OperationRunner(Clock clock, ModuleLedger ledger, ReleaseSource sync, HostSettings settings, SwapGuard guard,
            KarafModules deployer, ModuleProbe health, OperationPlanner planner, Version apiVersion,
            Consumer<Operation> requeue, Runnable afterEach) {
        this.clock = clock;
        this.ledger = ledger;
        this.sync = sync;
        this.settings = settings;
        this.guard = guard;
        this.deployer = deployer;
        this.health = health;
        this.planner = planner;
        this.apiVersion = apiVersion;
        this.requeue = requeue;
        this.afterEach = afterEach;
        this.state = new LastGoodState(ledger, sync, settings, deployer, health);
    }

    /** What the database says Karaf should run, and how to bring Karaf back to it. */
    LastGoodState state() {
        return state;
    }

    Operation current() {
        return current;
    }

    /** The step of the running operation; null when none runs. */
    OperationPhase phase() {
        return phase;
    }

    void run(Operation operation) {
        phase = null;
        current = operation;
        try {
            // The state it finds, not the one when it was asked: operations queued before it ran since.
            InstalledModule installed = ledger.holder(operation.module()).orElse(null);
            ledger.started(operation.id(), clock.instant(), installed == null ? null : installed.version());
            ModuleId module = operation.moduleId() != null ? operation.moduleId()
                    : installed != null ? installed.id() : null;
            if (module == null) {
                // A row from before groups were journalled, whose module is gone: never guess.
                fail(operation, Operation.State.FAILED, OperationTexts.unknownGroup(operation.module()), null);
                return;
            }
            // Planned again now: whatever makes no sense any more (another group's module got the
            // name since, included) ends here, before Karaf is asked anything.
            var verdict = planner.whenItRuns(withModule(operation, module), Optional.ofNullable(installed),
                    ledger.failedReleases(module, installed), settings.policy());
            if (verdict.isPresent()) {
                fail(operation, verdict.get().state(), verdict.get().reason(), null);
                return;
            }
            if (operation.action() == Operation.Action.ROLLBACK && operation.toVersion() == null) {
                // Asked behind other operations: the version before is the one found now (whenItRuns checked there is one).
                operation = withTarget(operation, installed.previousVersion());
                ledger.target(operation.id(), operation.toVersion());
                current = operation;
            }
            switch (operation.action()) {
                case ENABLE, UPDATE, ROLLBACK -> install(operation, module, installed);
                case PIN -> {
                    if (installed.enabled() && !operation.toVersion().equals(installed.version())) {
                        install(operation, module, installed.withPin(operation.toVersion(), clock.instant()));
                    } else {
                        succeed(operation, installed.withPin(operation.toVersion(), clock.instant()), "");
                    }
                }
                case UNPIN -> succeed(operation, installed.withPin(null, clock.instant()), "");
                case POLICY -> succeed(operation, installed.withPolicy(operation.policy(), clock.instant()), "");
                case DISABLE -> disable(operation, module, installed);
                default -> throw new IllegalStateException(operation.action().id());
            }
        } catch (Exception e) {
            LOG.error("Operation {} could not be recorded: {}", operation.id(), e.getMessage(), e);
        } finally {
            current = null;
            afterEach.run();
        }
    }

    private void install(Operation operation, ModuleId module, InstalledModule installed)
            throws SQLException, InterruptedException {
        String name = module.name();
        String version = operation.toVersion();
        phase = OperationPhase.DOWNLOAD;
        ReleaseDownload.Outcome download = ReleaseDownload.fetch(sync, settings.downloadMaxBytes(), apiVersion, module,
                version);
        if (download.refusal() != null) {
            fail(operation, Operation.State.FAILED, download.refusal(), download.detail());
            return;
        }
        Path featuresXml = download.featuresXml();
        ModuleRelease release = download.release();
        LastGoodState.Wanted before = state.desired().get(name);
        long started = System.nanoTime();
        boolean cutOff = false;
        guard.begin(name);
        try {
            drain(name);
            phase = OperationPhase.INSTALL;
            // Listed until the operation ends: cut off by a stop, this release is not started at boot.
            deployer.know(featuresXml);
            CutOffRelease.installing(marker(), health.identities(deployer.feature(name, version)));
            ModuleThreads.bounded(module + " " + version, settings.healthTimeout(),
                    state.bundlesOf(name, version, before == null ? null : before.version()),
                    () -> deployer.install(name, version, featuresXml));
            phase = OperationPhase.HEALTH;
            // Requests wait while the platform checks the release (seconds); once only the module's
            // own health checks are left, which may take the whole time limit, its pages serve.
            health.await(name, deployer.feature(name, version), settings.healthTimeout(), () -> guard.end(name));
            InstalledModule next = installed == null
                    ? new InstalledModule(name, release.groupId(), version, null, true, null, null, clock.instant())
                    : installed.withVersion(version, true, clock.instant());
            succeed(operation, next, String.format(" in %d ms", (System.nanoTime() - started) / 1_000_000));
        } catch (Exception failure) {
            Bilingual reason = OperationTexts.installFailed(module, version, phase, failure);
            String detail = failure instanceof ModuleHealth.Unhealthy unhealthy && unhealthy.technical() != null
                    ? unhealthy.technical() : FailureReasons.of(failure);
            if (stopping.now()) {
                // Karaf is refreshing (or the host stopping) this engine's bundle: the operation stays
                // running, for the next engine to restore the database's state and say so (see EngineStopping).
                cutOff = true;
                LOG.warn("Operation {} ({} {} {}) cut off: the host's own bundles are being stopped or refreshed ({});"
                        + " the previous state is restored when the engine starts again", operation.id(),
                        operation.action().id(), name, version, detail);
                return;
            }
            LOG.warn("Operation {} ({} {} {}) failed: {}; restoring the previous state", operation.id(),
                    operation.action().id(), name, version, detail);
            phase = OperationPhase.RESTORE;
            // Held again (it may have been let go once the platform's checks passed), until restored.
            guard.begin(name);
            drain(name);
            String restored = state.restore(name, before);
            fail(operation, Operation.State.ROLLED_BACK, restored == null ? reason : OperationTexts.restoreFailedToo(reason),
                    restored == null ? detail : detail + " ; " + restored);
        } finally {
            guard.end(name);
            if (!cutOff) {
                CutOffRelease.done(marker());
                publishEnabled();
                // Kept when cut off: Karaf may still require the module's feature, which the next
                // engine can uninstall only while its repository is known.
                state.forgetUnusedRepositories();
            }
        }
    }

    /**
     * Lets the requests already inside the module's servlet finish before its bundles change: their
     * classes go with the old release. New requests wait meanwhile (SwapGuard); past the swap wait,
     * the swap goes on.
     */
    private void drain(String module) {
        if (!guard.awaitDrained(module, settings.swapWait())) {
            LOG.warn("Requests to module {} still running after {} s: the swap goes on", module,
                    settings.swapWait().toSeconds());
        }
    }

    private void disable(Operation operation, ModuleId module, InstalledModule installed) throws SQLException {
        guard.begin(operation.module());
        try {
            drain(operation.module());
            ModuleThreads.bounded(module + " " + installed.version(), settings.healthTimeout(),
                    state.bundlesOf(operation.module(), installed.version()),
                    () -> deployer.uninstall(operation.module(), installed.version()));
            succeed(operation, installed.withVersion(installed.version(), false, clock.instant()), "");
        } catch (Exception failure) {
            String detail = FailureReasons.of(failure);
            LOG.warn("Operation {} (disable {}) failed: {}; restoring the previous state", operation.id(), module, detail);
            String restored = state.restore(operation.module(), state.desired().get(operation.module()));
            Bilingual reason = OperationTexts.disableFailed(module);
            fail(operation, Operation.State.ROLLED_BACK, restored == null ? reason : OperationTexts.restoreFailedToo(reason),
                    restored == null ? detail : detail + " ; " + restored);
        } finally {
            guard.end(operation.module());
            publishEnabled();
            state.forgetUnusedRepositories();
        }
    }

    /** {@code data/host/installing}: see {@link CutOffRelease}. */
    private Path marker() {
        return CutOffRelease.marker(sync.cacheFolder().getParent());
    }

    private void succeed(Operation operation, InstalledModule module, String detail) throws SQLException {
        ledger.finish(operation.id(), Operation.State.SUCCEEDED, null, null, null, clock.instant(), module);
        EVENTS.info("operation {} succeeded: {}{}", operation.id(), described(operation), detail);
    }

    /** {@code update courrier 1.0.0 -> 1.1.0, asked by admin from 127.0.0.1}. */
    private static String described(Operation operation) {
        String versions = operation.fromVersion() == null ? nonNull(operation.toVersion())
                : operation.toVersion() == null || operation.toVersion().equals(operation.fromVersion())
                ? operation.fromVersion() : operation.fromVersion() + " -> " + operation.toVersion();
        return operation.action().id() + " " + operation.module() + (versions.isEmpty() ? "" : " " + versions)
                + ", asked by " + operation.requestedBy() + " from " + operation.requestedFrom();
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }

    /** Ends {@code operation} in {@code state}, nothing changed or restored: {@code reason} for staff, {@code detail} technical. */
    private void fail(Operation operation, Operation.State state, Bilingual reason, String detail) throws SQLException {
        ledger.finish(operation.id(), state, reason.stored(), reason.message(), detail, clock.instant(), null);
        if (state == Operation.State.SKIPPED) {
            EVENTS.info("operation {} skipped: {}: {}", operation.id(), described(operation), reason.en());
        } else {
            EVENTS.warn("operation {} {}: {}: {}{}", operation.id(), state.id(), described(operation), reason.en(),
                    detail == null ? "" : " (" + detail + ")");
        }
    }

    /** {@code operation} with its module's group, when an old row has none (its module is the one of that name here). */
    private static Operation withModule(Operation o, ModuleId module) {
        return o.moduleId() != null ? o : new Operation(o.id(), o.module(), module.groupId(), o.action(), o.fromVersion(),
                o.toVersion(), o.state(), o.requestedBy(), o.requestedFrom(), o.requestedAt(), o.startedAt(),
                o.finishedAt(), o.reason(), o.detail(), o.policy(), o.reasonMessage());
    }

    private static Operation withTarget(Operation o, String version) {
        return new Operation(o.id(), o.module(), o.groupId(), o.action(), o.fromVersion(), version, o.state(),
                o.requestedBy(), o.requestedFrom(), o.requestedAt(), o.startedAt(), o.finishedAt(), o.reason(), o.detail(),
                o.policy(), o.reasonMessage());
    }

    /**
     * At start: operations cut off by a stop or crash are marked interrupted and Karaf is brought
     * back to the last good set; operations still queued run again.
     */
    void reconcile() {
        publishEnabled();
        try {
            List<Operation> unfinished = ledger.unfinished();
            Map<String, LastGoodState.Wanted> desired = state.desired();
            Set<String> managed = state.managed();
            Map<String, String> running = deployer.deployed(managed);
            boolean interrupted = unfinished.stream().anyMatch(o -> o.state() == Operation.State.RUNNING);
            for (String module : managed) {
                LastGoodState.Wanted wanted = desired.get(module);
                String now = running.get(module);
                boolean agree = wanted == null ? now == null : now != null && LastGoodState.sameVersion(now, wanted.version());
                if (!agree) {
                    LOG.warn("Karaf runs {} {}, the database says {}: restoring the database's state", module,
                            now == null ? "(nothing)" : now, wanted == null ? "(nothing)" : wanted.version());
                    guard.begin(module);
                    try {
                        String failed = state.restore(module, wanted);
                        if (failed != null) {
                            LOG.error("Module {} could not be brought back to its last good state: {}", module, failed);
                        }
                    } finally {
                        guard.end(module);
                    }
                } else if (interrupted && wanted != null) {
                    LOG.info("Module {} runs {} as the database says", module, now);
                }
            }
            for (Operation operation : unfinished) {
                if (operation.state() == Operation.State.RUNNING) {
                    fail(operation, Operation.State.INTERRUPTED, OperationTexts.INTERRUPTED, null);
                } else {
                    requeue.accept(operation);
                }
            }
        } catch (Exception e) {
            LOG.error("Could not reconcile Karaf with the host's database: {}", FailureReasons.of(e), e);
        } finally {
            publishEnabled();
        }
    }

    private void publishEnabled() {
        try {
            guard.enabled(ledger.modules().stream().filter(InstalledModule::enabled).map(InstalledModule::name)
                    .collect(Collectors.toSet()));
        } catch (SQLException e) {
            LOG.error("Cannot read the enabled modules: {}", e.getMessage());
        }
    }
}
