package be.imio.platform.commune.internal.lifecycle;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Version;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.commune.api.MandatoryUpdate;
import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.api.ActivityFilter;
import be.imio.platform.commune.api.ModuleChanges;
import be.imio.platform.commune.api.ModuleStatus;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.internal.sync.CatalogueSync;
import be.imio.platform.commune.internal.sync.HostApiVersion;
import be.imio.platform.commune.internal.sync.HostCatalogue;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.sync.FleetReport;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.ledger.HostDatabase;
import be.imio.platform.commune.internal.mount.ModuleServlets;
import be.imio.platform.commune.internal.mount.SwapGuard;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * Enables, disables, updates, rolls back and pins modules, one operation at a time. Each
 * operation is checked by the {@link OperationPlanner} when asked, journalled, then checked again
 * and run by the {@link OperationRunner} on a single worker thread when its turn comes; the modules
 * table changes only when it succeeded. After each catalogue change the engine also plans the
 * updates that the modules' policies ask for, never to a release that failed on this host, and
 * reports to the repository what the host runs.
 */
@Component(service = {ModuleService.class, ModuleEngine.class}, immediate = true)
public final class ModuleEngine implements ModuleService {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleEngine.class);

    private final Clock clock = Clock.systemUTC();
    private final ModuleLedger ledger;
    private final CatalogueSync sync;
    private final HostSettings settings;
    private final FeatureDeployer deployer;
    private final ModuleHealth health;
    private final FleetReport report;
    private final Version apiVersion;
    private final OperationPlanner planner;
    private final OperationRunner runner;
    private final MandatoryUpdates mandatory;
    private final ExecutorService worker;
    private final AtomicInteger queued = new AtomicInteger();
    private final Consumer<Boolean> afterSync;
    private final BundleContext context;

    @Activate
    public ModuleEngine(@Reference FeaturesService features, @Reference BootFinished bootFinished,
            @Reference HostDatabase database, @Reference CatalogueSync sync, @Reference HostSettings settings,
            @Reference SwapGuard guard, @Reference ModuleServlets servlets, @Reference HostCatalogue catalogue,
            @Reference PlatformInstance instance, BundleContext context) {
        this.ledger = database.ledger();
        this.sync = sync;
        this.settings = settings;
        this.deployer = new FeatureDeployer(features, sync.cache().folder());
        this.health = new ModuleHealth(context, servlets);
        this.context = context;
        this.report = new FleetReport(settings, clock, instance.platformVersion());
        this.apiVersion = HostApiVersion.of();
        this.planner = new OperationPlanner(sync::catalogue, sync::installBlocker, settings, apiVersion, catalogue.offer());
        this.runner = new OperationRunner(clock, ledger, sync, settings, guard, deployer, health, planner, apiVersion,
                this::queue, this::sendReport);
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "imio-module-operations"));
        worker.execute(runner::reconcile);
        this.mandatory = new MandatoryUpdates(catalogue.offer(), ledger);
        PolicyUpdates policies = new PolicyUpdates(clock, ledger, sync, settings, planner, mandatory,
                (module, version, actor) -> request(Operation.Action.UPDATE, module, version, actor, "host"),
                this::requestDue);
        this.afterSync = changed -> {
            policies.apply();
            sendReport();
        };
        sync.addListener(afterSync);
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        sync.removeListener(afterSync);
        worker.shutdownNow();
        worker.awaitTermination(30, TimeUnit.SECONDS);
    }

    Version hostApiVersion() {
        return apiVersion;
    }

    /**
     * The step the running operation {@code id} is at: {@code download}, {@code install},
     * {@code health} or {@code restore}; null when it is not running.
     */
    @Override
    public Optional<OperationPhase> phase(long id) {
        Operation running = runner.current();
        return Optional.ofNullable(running != null && running.id() == id ? runner.phase() : null);
    }

    @Override
    public Optional<Operation> current() {
        return Optional.ofNullable(runner.current());
    }

    @Override
    public int queued() {
        return queued.get();
    }

    @Override
    public List<ModuleStatus> modules() throws Refusal {
        UpdatePolicy hostPolicy = settings.policy();
        List<ModuleStatus> modules = new java.util.ArrayList<>();
        for (InstalledModule module : journal(ledger::modules)) {
            Optional<ModuleRelease> release = sync.catalogue().release(module.id(), module.version());
            modules.add(new ModuleStatus(module, module.policyOr(hostPolicy), healthOf(module),
                    release.map(ModuleRelease::revoked).orElse(false), release.map(ModuleRelease::revokedReason)
                            .orElse(null), updateFor(module).orElse(null), failedReleases(module)));
        }
        return modules;
    }

    @Override
    public List<InstalledModule> installed() throws Refusal {
        return journal(ledger::modules);
    }

    @Override
    public Optional<Operation> operation(long id) throws Refusal {
        return journal(() -> ledger.operation(id));
    }

    @Override
    public List<Operation> operations(String module, int limit) throws Refusal {
        return journal(() -> ledger.operations(module, limit));
    }

    @Override
    public List<Operation> activity(ActivityFilter filter, int limit) throws Refusal {
        return journal(() -> ledger.activity(filter, limit));
    }

    /** A read or write of the journal, refused with 503 when the database does not answer. */
    private interface JournalCall<T> {
        T call() throws SQLException, Refusal;
    }

    private static <T> T journal(JournalCall<T> call) throws Refusal {
        try {
            return call.call();
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static Refusal unavailable(SQLException e) {
        LOG.warn("The host's journal cannot be read or written: {}", e.getMessage());
        return new Refusal(503, "unavailable", "refusal.unavailable", e.getMessage());
    }

    public ModuleLedger ledger() {
        return ledger;
    }

    /**
     * Takes the mandatory update of {@code module} to {@code version} when, under this engine's
     * lock (the one a deferral takes), it is still pending, due and not deferred: a pinned module is
     * pinned to it (which installs it), any other updated to it.
     */
    private Operation requestDue(ModuleId module, String version) throws Refusal, SQLException {
        synchronized (this) {
            MandatoryUpdates.Pending still = mandatory.pending(module)
                    .filter(p -> p.release().version().equals(version) && p.dueAt(clock.instant()))
                    .orElseThrow(() -> new Refusal(409, "not_required", "refusal.not-required", module.name(), version));
            Operation.Action action = still.module().pinnedVersion() != null ? Operation.Action.PIN
                    : Operation.Action.UPDATE;
            return request(action, module, version, MandatoryUpdates.BY_DEADLINE, "host");
        }
    }

    @Override
    public List<MandatoryUpdate> mandatoryUpdates() throws Refusal {
        return journal(mandatory::pending).stream().map(MandatoryUpdates.Pending::toApi).toList();
    }

    @Override
    public Operation defer(String reference, String version, Instant until, String reason, String actor, String address)
            throws Refusal {
        Operation done;
        synchronized (this) {
            ModuleId module = resolve(reference);
            done = journal(() -> mandatory.defer(module, version, until, reason, actor, address, clock.instant()));
        }
        LOG.warn("Mandatory update of {} to {} deferred until {} by {} from {}: {}", reference, done.toVersion(), until,
                actor, address, reason);
        // iMio sees it at once, not at the next report.
        sendReport();
        return done;
    }

    @Override
    public Optional<String> updateFor(InstalledModule module) {
        return planner.updateFor(module);
    }

    /** The releases of {@code module} that failed on this host, newest failure first (none when unreadable). */
    public java.util.List<FailedRelease> failedReleases(InstalledModule module) {
        try {
            return ledger.failedReleases(module.id(), module);
        } catch (SQLException e) {
            LOG.warn("Cannot read the failed releases of {}: {}", module.id(), e.getMessage());
            return java.util.List.of();
        }
    }

    /**
     * The module {@code reference} names ({@code GROUP:ARTIFACT}, or a short name: the module of that
     * name on this host, else the one group releasing it); refused when unknown or ambiguous.
     */
    @Override
    public ModuleId resolve(String reference) throws Refusal {
        String name = reference != null && reference.contains(":") ? null : reference;
        Optional<InstalledModule> installed = name == null ? Optional.empty() : journal(() -> ledger.module(name));
        return OperationPlanner.resolve(reference, sync.catalogue(), installed);
    }

    /** How people and URLs name {@code module}: its short name when that resolves to it, else {@code GROUP:ARTIFACT}. */
    @Override
    public String reference(ModuleId module) {
        try {
            return module.equals(resolve(module.name())) ? module.name() : module.toString();
        } catch (Refusal e) {
            return module.toString();
        }
    }

    /** Plans {@code action} on the module {@code reference} names and queues it; refused at once when it cannot be done. */
    @Override
    public Operation request(Operation.Action action, String reference, String version, String actor, String address)
            throws Refusal {
        if (action == Operation.Action.SETTINGS || action == Operation.Action.DEFER) {
            throw new Refusal(400, "bad_action", "refusal.not-a-module-action", action.id());
        }
        synchronized (this) {
            ModuleId module = resolve(reference);
            return journal(() -> request(action, module, version, actor, address));
        }
    }

    private Operation request(Operation.Action action, ModuleId module, String version, String actor, String address)
            throws Refusal, SQLException {
        synchronized (this) {
            // The name's holder, whatever its case: another group's "Courrier" never joins "courrier".
            Optional<InstalledModule> installed = ledger.holder(module.name());
            List<Operation> unfinished = ledger.unfinished();
            boolean behind = unfinished.stream().anyMatch(o -> o.module().equalsIgnoreCase(module.name()));
            String target = planner.target(action, module, version, installed, behind);
            for (Operation waiting : unfinished) {
                // The name is not in HOST_MODULE until an enable succeeds: a queued enable of
                // another group's module of that name holds it already.
                if (waiting.module().equalsIgnoreCase(module.name()) && !module.equals(waiting.moduleId())) {
                    throw PlanRefusals.nameTakenBy(module, waiting);
                }
            }
            Operation operation = ledger.plan(module, action, installed.map(InstalledModule::version).orElse(null),
                    target, actor, address, clock.instant());
            LOG.info("Operation {} queued: {} {} {} by {} from {}", operation.id(), action.id(), module,
                    target == null ? "" : target, actor, address);
            queue(operation);
            return operation;
        }
    }

    /**
     * What {@code action} would change, refused as {@link #request} would refuse it; changes
     * nothing but the verified cache (it may fetch the features XML of the version asked).
     */
    @Override
    public ModuleChanges preview(Operation.Action action, String reference, String version) throws Refusal {
        try {
            ModulePlan plan = plan(action, reference, version);
            return new ModuleChanges(plan.added(), plan.updated(), plan.refreshed(), plan.removed());
        } catch (SQLException e) {
            throw unavailable(e);
        } catch (ModuleArtifacts.Refused | java.io.IOException e) {
            throw new Refusal(502, "download_failed", "refusal.download-failed", Worded.message(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Refusal(503, "unavailable", "refusal.unavailable", "interrupted");
        }
    }

    private ModulePlan plan(Operation.Action action, String reference, String version)
            throws Refusal, SQLException, ModuleArtifacts.Refused, java.io.IOException, InterruptedException {
        ModuleId module = resolve(reference);
        Optional<InstalledModule> installed = ledger.module(module.name());
        String target = planner.target(action, module, version, installed);
        boolean enabled = installed.map(InstalledModule::enabled).orElse(false);
        String from = enabled ? installed.get().version() : null;
        String to = switch (action) {
            case ENABLE, UPDATE, ROLLBACK -> target;
            case PIN -> enabled ? target : null;
            case UNPIN, POLICY -> from;
            default -> null;
        };
        if (!enabled && to == null) {
            return ModulePlan.NOTHING;
        }
        Path toXml = null;
        if (to != null) {
            ModuleRelease release = sync.catalogue().release(module, to).orElseThrow(() -> PlanRefusals.noRelease(module));
            toXml = sync.cache().ensure(release.features(), sync.client(), 1024 * 1024);
        }
        return ModulePlan.between(module.name(), from, enabled ? runner.state().featuresXml(installed.get()) : null, to, toXml,
                context);
    }

    private void queue(Operation operation) {
        queued.incrementAndGet();
        worker.execute(() -> {
            queued.decrementAndGet();
            runner.run(operation);
        });
    }

    // ---- what the host runs ----

    /** Health of an enabled module now. */
    public HealthStatus healthOf(InstalledModule module) {
        if (!module.enabled()) {
            return HealthStatus.of(HealthStatus.State.UP, Message.of("health.disabled").words());
        }
        try {
            Feature feature = deployer.feature(module.name(), module.version());
            return health.status(module.name(), feature);
        } catch (Exception e) {
            return HealthStatus.of(HealthStatus.State.DOWN, Message.of("health.state-unreadable", FailureReasons.of(e)).words());
        }
    }

    private void sendReport() {
        try {
            Map<InstalledModule, HealthStatus> modules = new java.util.LinkedHashMap<>();
            Map<InstalledModule, java.util.List<FailedRelease>> failures = new java.util.LinkedHashMap<>();
            for (InstalledModule module : ledger.modules()) {
                modules.put(module, healthOf(module));
                failures.put(module, ledger.failedReleases(module.id(), module));
            }
            report.send(sync.status(), modules, failures, mandatory.pending().stream()
                    .map(MandatoryUpdates.Pending::deferral).filter(java.util.Objects::nonNull).toList());
        } catch (SQLException | RuntimeException e) {
            LOG.debug("No report sent: {}", e.getMessage());
        }
    }
}
