package be.imio.platform.commune.internal;

import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.apache.karaf.features.BootFinished;
import org.apache.karaf.features.Feature;
import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.Version;
import org.osgi.framework.wiring.BundleCapability;
import org.osgi.framework.wiring.BundleWiring;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.trust.ArtifactPaths;

/**
 * Enables, disables, updates, rolls back and pins modules, one operation at a time. Each
 * operation is journalled before it starts; the modules table changes only when it succeeded.
 * An enable or update that does not end healthy is undone at once; one cut off by a crash is
 * undone at the next start, so that Karaf always ends up running what the database says.
 */
@Component(service = ModuleEngine.class, immediate = true)
public final class ModuleEngine {

    private static final Logger LOG = LoggerFactory.getLogger(ModuleEngine.class);

    private final Clock clock = Clock.systemUTC();
    private final ModuleLedger ledger;
    private final CatalogueSync sync;
    private final HostSettings settings;
    private final SwapGuard guard;
    private final FeatureDeployer deployer;
    private final ModuleHealth health;
    private final FleetReport report;
    private final Version apiVersion;
    private final ExecutorService worker;
    private final AtomicInteger queued = new AtomicInteger();
    private final Consumer<Boolean> afterSync = this::afterSync;
    private volatile Operation current;
    private volatile String phase;
    private final BundleContext context;

    @Activate
    public ModuleEngine(@Reference FeaturesService features, @Reference BootFinished bootFinished,
            @Reference HostDatabase database, @Reference CatalogueSync sync, @Reference HostSettings settings,
            @Reference SwapGuard guard, BundleContext context) {
        this.ledger = database.ledger();
        this.sync = sync;
        this.settings = settings;
        this.guard = guard;
        this.deployer = new FeatureDeployer(features, sync.cache().folder());
        this.health = new ModuleHealth(context);
        this.context = context;
        this.report = new FleetReport(settings);
        this.apiVersion = apiVersion();
        this.worker = Executors.newSingleThreadExecutor(r -> new Thread(r, "imio-module-operations"));
        worker.execute(this::reconcile);
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
    String phase(long id) {
        Operation running = current;
        return running != null && running.id() == id ? phase : null;
    }

    Operation current() {
        return current;
    }

    int queued() {
        return queued.get();
    }

    ModuleLedger ledger() {
        return ledger;
    }

    /** Plans {@code action} on {@code module} and queues it; refused at once when it cannot be done. */
    public Operation request(Operation.Action action, String module, String version, String actor, String address)
            throws OperationRefused, SQLException {
        synchronized (this) {
            Optional<InstalledModule> installed = ledger.module(module);
            String target = plan(action, module, version, installed);
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
    ModulePlan preview(Operation.Action action, String module, String version)
            throws OperationRefused, SQLException, ModuleArtifacts.Refused, java.io.IOException, InterruptedException {
        Optional<InstalledModule> installed = ledger.module(module);
        String target = plan(action, module, version, installed);
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
            ModuleRelease release = sync.catalogue().release(module, to).orElseThrow(() -> noRelease(module));
            toXml = sync.cache().ensure(release.features(), sync.client(), 1024 * 1024);
        }
        return ModulePlan.between(module, from, enabled ? featuresXml(installed.get()) : null, to, toXml, context);
    }

    private void queue(Operation operation) {
        queued.incrementAndGet();
        worker.execute(() -> {
            queued.decrementAndGet();
            run(operation);
        });
    }

    /** Checks what can be checked before anything runs; answers the version the module will run. */
    private String plan(Operation.Action action, String module, String version, Optional<InstalledModule> installed)
            throws OperationRefused {
        boolean enabled = installed.map(InstalledModule::enabled).orElse(false);
        switch (action) {
            case ENABLE -> {
                if (enabled) {
                    throw new OperationRefused(409, "already_enabled", "le module " + module + " est déjà activé",
                            "module " + module + " is already enabled");
                }
                String pin = installed.map(InstalledModule::pinnedVersion).orElse(null);
                return installable(module, version != null ? version : pin != null ? pin : newestAllowed(module, null)
                        .orElseThrow(() -> noRelease(module)));
            }
            case UPDATE -> {
                requireEnabled(module, enabled);
                String pin = installed.get().pinnedVersion();
                String to = version != null ? version : newestAllowed(module, pin).orElseThrow(() -> noRelease(module));
                if (pin != null && !pin.equals(to)) {
                    throw new OperationRefused(409, "pinned", module + " est épinglé à la version " + pin
                            + " ; désépinglez-le d'abord", module + " is pinned to version " + pin + "; unpin it first");
                }
                if (to.equals(installed.get().version())) {
                    throw new OperationRefused(409, "up_to_date", module + " tourne déjà en version " + to,
                            module + " already runs version " + to);
                }
                return installable(module, to);
            }
            case ROLLBACK -> {
                requireEnabled(module, enabled);
                String previous = installed.get().previousVersion();
                if (previous == null) {
                    throw new OperationRefused(409, "no_previous_version", module + " n'a pas de version précédente",
                            module + " has no previous version");
                }
                return installable(module, previous);
            }
            case DISABLE -> {
                requireEnabled(module, enabled);
                return null;
            }
            case PIN -> {
                if (installed.isEmpty()) {
                    throw notInstalled(module);
                }
                if (version == null) {
                    throw new OperationRefused(400, "version_required", "indiquez la version à épingler",
                            "give the version to pin");
                }
                return version.equals(installed.get().version()) || !enabled ? version : installable(module, version);
            }
            case UNPIN -> {
                if (installed.isEmpty() || installed.get().pinnedVersion() == null) {
                    throw new OperationRefused(409, "not_pinned", module + " n'est pas épinglé", module + " is not pinned");
                }
                return null;
            }
            case POLICY -> {
                if (installed.isEmpty()) {
                    throw notInstalled(module);
                }
                if (version != null && !HostSettings.POLICIES.contains(version)) {
                    throw new OperationRefused(400, "bad_policy", "politique inconnue : " + version
                            + " (manual, automatic, security)", "unknown policy: " + version
                            + " (manual, automatic, security)");
                }
                return version;
            }
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private String installable(String module, String version) throws OperationRefused {
        Catalogue catalogue = sync.catalogue();
        if (catalogue.releases(module).isEmpty()) {
            throw new OperationRefused(404, "unknown_module", "le module " + module + " n'est pas au catalogue",
                    "module " + module + " is not in the catalogue");
        }
        ModuleRelease release = catalogue.release(module, version).orElseThrow(() -> new OperationRefused(404,
                "unknown_version", module + " n'existe pas en version " + version, module + " has no version " + version));
        if (release.revoked()) {
            throw new OperationRefused(409, "revoked", module + " " + version + " est révoqué : " + release.revokedReason(),
                    module + " " + version + " is revoked: " + release.revokedReason());
        }
        if (!settings.offers(release.channel())) {
            throw new OperationRefused(409, "wrong_channel", module + " " + version + " est dans le canal "
                    + release.channel() + ", cet hôte suit " + settings.channel(), module + " " + version
                    + " is in channel " + release.channel() + ", this host follows " + settings.channel());
        }
        if (!Catalogue.compatible(release.hostApi(), apiVersion)) {
            throw new OperationRefused(409, "incompatible", module + " " + version + " demande l'API hôte "
                    + release.hostApi() + ", cet hôte offre " + apiVersion, module + " " + version + " needs host API "
                    + release.hostApi() + ", this host offers " + apiVersion);
        }
        return version;
    }

    /** The newer version an enabled {@code module} may be updated to, if any (its pin respected). */
    Optional<String> updateFor(InstalledModule module) {
        if (!module.enabled()) {
            return Optional.empty();
        }
        return newestAllowed(module.name(), module.pinnedVersion())
                .filter(v -> Catalogue.NEWEST_FIRST.compare(v, module.version()) < 0);
    }

    /** The newest release this host may install of {@code module}: on its channel, not revoked, compatible. */
    Optional<String> newestAllowed(String module, String pinned) {
        if (pinned != null) {
            return Optional.of(pinned);
        }
        return sync.catalogue().releases(module).stream()
                .filter(r -> !r.revoked() && settings.offers(r.channel()) && Catalogue.compatible(r.hostApi(), apiVersion))
                .map(ModuleRelease::version).findFirst();
    }

    private static OperationRefused noRelease(String module) {
        return new OperationRefused(404, "no_release", "aucune version installable de " + module + " au catalogue",
                "no installable version of " + module + " in the catalogue");
    }

    private static OperationRefused notInstalled(String module) {
        return new OperationRefused(409, "not_installed", module + " n'a jamais été activé sur cet hôte",
                module + " was never enabled on this host");
    }

    private static void requireEnabled(String module, boolean enabled) throws OperationRefused {
        if (!enabled) {
            throw new OperationRefused(409, "not_enabled", "le module " + module + " n'est pas activé",
                    "module " + module + " is not enabled");
        }
    }

    // ---- running operations (on the worker thread only) ----

    private void run(Operation operation) {
        phase = null;
        current = operation;
        try {
            ledger.started(operation.id(), clock.instant());
            InstalledModule installed = ledger.module(operation.module()).orElse(null);
            switch (operation.action()) {
                case ENABLE, UPDATE, ROLLBACK -> install(operation, installed);
                case PIN -> {
                    if (installed.enabled() && !operation.toVersion().equals(installed.version())) {
                        install(operation, installed.withPin(operation.toVersion(), clock.instant()));
                    } else {
                        succeed(operation, installed.withPin(operation.toVersion(), clock.instant()), "");
                    }
                }
                case UNPIN -> succeed(operation, installed.withPin(null, clock.instant()), "");
                case POLICY -> succeed(operation, installed.withPolicy(operation.toVersion(), clock.instant()), "");
                case DISABLE -> disable(operation, installed);
                default -> throw new IllegalStateException(operation.action().id());
            }
        } catch (Exception e) {
            LOG.error("Operation {} could not be recorded: {}", operation.id(), e.getMessage(), e);
        } finally {
            current = null;
            sendReport();
        }
    }

    private void install(Operation operation, InstalledModule installed) throws SQLException, InterruptedException {
        String name = operation.module();
        String version = operation.toVersion();
        Path featuresXml;
        ModuleRelease release;
        phase = "download";
        try {
            Catalogue catalogue = sync.catalogue();
            release = catalogue.release(name, version).orElseThrow(() -> new ModuleArtifacts.Refused(
                    name + " " + version + " n'est plus au catalogue / is no longer in the catalogue"));
            if (release.revoked()) {
                throw new ModuleArtifacts.Refused(name + " " + version + " est révoqué / is revoked: "
                        + release.revokedReason());
            }
            featuresXml = ModuleArtifacts.fetch(release, catalogue, sync.cache(), sync.client(),
                    settings.downloadMaxBytes(), apiVersion);
        } catch (ModuleArtifacts.Refused | java.io.IOException e) {
            fail(operation, Operation.State.FAILED, "rien n'a changé / nothing changed: " + e.getMessage());
            return;
        }
        Wanted before = desired().get(name);
        long started = System.nanoTime();
        guard.begin(name);
        try {
            phase = "install";
            deployer.install(name, version, featuresXml);
            phase = "health";
            health.await(name, deployer.feature(name, version), settings.healthTimeout());
            InstalledModule next = installed == null
                    ? new InstalledModule(name, release.groupId(), version, null, true, null, null, clock.instant())
                    : installed.withVersion(version, true, clock.instant());
            succeed(operation, next, String.format(" in %d ms", (System.nanoTime() - started) / 1_000_000));
        } catch (Exception failure) {
            String reason = reasonOf(failure);
            LOG.warn("Operation {} ({} {} {}) failed: {}; restoring the previous state", operation.id(),
                    operation.action().id(), name, version, reason);
            phase = "restore";
            String restored = restore(name, before);
            fail(operation, Operation.State.ROLLED_BACK, reason + (restored == null
                    ? " ; état précédent rétabli / previous state restored"
                    : " ; le rétablissement a aussi échoué / restoring failed too: " + restored));
        } finally {
            guard.end(name);
            publishEnabled();
            forgetUnusedRepositories();
        }
    }

    private void disable(Operation operation, InstalledModule installed) throws SQLException {
        guard.begin(operation.module());
        try {
            deployer.uninstall(operation.module(), installed.version());
            succeed(operation, installed.withVersion(installed.version(), false, clock.instant()), "");
        } catch (Exception failure) {
            String restored = restore(operation.module(), desired().get(operation.module()));
            fail(operation, Operation.State.ROLLED_BACK, reasonOf(failure) + (restored == null ? "" : "; " + restored));
        } finally {
            guard.end(operation.module());
            publishEnabled();
            forgetUnusedRepositories();
        }
    }

    /** Brings {@code module} back to {@code wanted} (null: not running); null when that worked, else why not. */
    private String restore(String module, Wanted wanted) {
        try {
            String running = deployer.deployed(Set.of(module)).get(module);
            if (wanted == null) {
                if (running != null) {
                    deployer.uninstall(module, running);
                }
                return null;
            }
            if (running == null || !sameVersion(running, wanted.version())) {
                deployer.install(module, wanted.version(), wanted.featuresXml());
            }
            health.await(module, deployer.feature(module, wanted.version()), settings.healthTimeout());
            return null;
        } catch (Exception e) {
            LOG.error("Could not restore the previous state of {}: {}", module, reasonOf(e), e);
            return reasonOf(e);
        }
    }

    private void forgetUnusedRepositories() {
        try {
            Set<Path> kept = new HashSet<>();
            desired().values().forEach(w -> kept.add(w.featuresXml()));
            deployer.forgetRepositoriesExcept(kept);
        } catch (Exception e) {
            LOG.warn("Could not tidy the module features repositories: {}", reasonOf(e));
        }
    }

    private static boolean sameVersion(String a, String b) {
        return Catalogue.osgiVersion(a).equals(Catalogue.osgiVersion(b));
    }

    private void succeed(Operation operation, InstalledModule module, String detail) throws SQLException {
        ledger.finish(operation.id(), Operation.State.SUCCEEDED, null, clock.instant(), module);
        LOG.info("Operation {} succeeded: {} {} {}{}", operation.id(), operation.action().id(), operation.module(),
                operation.toVersion() == null ? "" : operation.toVersion(), detail);
    }

    private void fail(Operation operation, Operation.State state, String reason) throws SQLException {
        ledger.finish(operation.id(), state, reason, clock.instant(), null);
        LOG.warn("Operation {} {}: {}", operation.id(), state.id(), reason);
    }

    /** What one module should run as: its version and its verified features XML. */
    record Wanted(String version, Path featuresXml) {
    }

    /** What the database says Karaf should run: every enabled module at its version. */
    private Map<String, Wanted> desired() throws SQLException {
        Map<String, Wanted> desired = new HashMap<>();
        for (InstalledModule module : ledger.modules()) {
            if (module.enabled()) {
                desired.put(module.name(), new Wanted(module.version(), featuresXml(module)));
            }
        }
        return desired;
    }

    private Path featuresXml(InstalledModule module) {
        String path = ArtifactPaths.ofMavenUrl(ModuleRelease.featuresUrl(module.groupId(), module.name(), module.version()));
        return sync.cache().folder().resolve(path);
    }

    private Set<String> managed() throws SQLException {
        Set<String> names = ledger.modules().stream().map(InstalledModule::name).collect(Collectors.toCollection(HashSet::new));
        for (Operation operation : ledger.unfinished()) {
            names.add(operation.module());
        }
        return names;
    }

    /**
     * At start: operations cut off by a stop or crash are marked interrupted and Karaf is brought
     * back to the last good set; operations still queued run again.
     */
    private void reconcile() {
        publishEnabled();
        try {
            List<Operation> unfinished = ledger.unfinished();
            Map<String, Wanted> desired = desired();
            Set<String> managed = managed();
            Map<String, String> running = deployer.deployed(managed);
            boolean interrupted = unfinished.stream().anyMatch(o -> o.state() == Operation.State.RUNNING);
            for (String module : managed) {
                Wanted wanted = desired.get(module);
                String now = running.get(module);
                boolean agree = wanted == null ? now == null : now != null && sameVersion(now, wanted.version());
                if (!agree) {
                    LOG.warn("Karaf runs {} {}, the database says {}: restoring the database's state", module,
                            now == null ? "(nothing)" : now, wanted == null ? "(nothing)" : wanted.version());
                    guard.begin(module);
                    try {
                        String failed = restore(module, wanted);
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
                    fail(operation, Operation.State.INTERRUPTED, "l'hôte s'est arrêté pendant l'opération ; état"
                            + " précédent rétabli au redémarrage / the host stopped during the operation; previous state"
                            + " restored at restart");
                } else {
                    queue(operation);
                }
            }
        } catch (Exception e) {
            LOG.error("Could not reconcile Karaf with the host's database: {}", reasonOf(e), e);
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

    // ---- policies, after each sync ----

    private void afterSync(boolean catalogueChanged) {
        if (catalogueChanged) {
            try {
                applyPolicies();
            } catch (SQLException e) {
                LOG.error("Cannot apply update policies: {}", e.getMessage());
            }
        }
        sendReport();
    }

    private void applyPolicies() throws SQLException {
        boolean inWindow;
        try {
            inWindow = settings.inMaintenanceWindow(ZonedDateTime.now(clock));
        } catch (RuntimeException e) {
            LOG.warn("Automatic updates skipped: {}", e.getMessage());
            return;
        }
        for (InstalledModule module : ledger.modules()) {
            Optional<ModuleRelease> running = sync.catalogue().release(module.name(), module.version());
            boolean revoked = running.map(ModuleRelease::revoked).orElse(false);
            if (revoked) {
                LOG.warn("Module {} {} is revoked: {}", module.name(), module.version(), running.get().revokedReason());
            }
            String policy = module.policy() != null ? module.policy() : settings.policy();
            boolean wanted = "automatic".equals(policy) || "security".equals(policy) && revoked;
            if (!module.enabled() || !wanted || module.pinnedVersion() != null || !inWindow) {
                continue;
            }
            Optional<String> newest = newestAllowed(module.name(), null);
            if (newest.isPresent() && !newest.get().equals(module.version())
                    && (revoked || Catalogue.NEWEST_FIRST.compare(newest.get(), module.version()) < 0)) {
                try {
                    request(Operation.Action.UPDATE, module.name(), newest.get(), "policy:" + policy, "host");
                } catch (OperationRefused e) {
                    LOG.warn("Automatic update of {} not planned: {}", module.name(), e.getMessage());
                }
            }
        }
    }

    // ---- what the host runs ----

    /** Health of an enabled module now. */
    HealthStatus healthOf(InstalledModule module) {
        if (!module.enabled()) {
            return HealthStatus.up("désactivé / disabled");
        }
        try {
            Feature feature = deployer.feature(module.name(), module.version());
            return health.status(module.name(), feature);
        } catch (Exception e) {
            return HealthStatus.down(reasonOf(e));
        }
    }

    private void sendReport() {
        try {
            Map<InstalledModule, HealthStatus> modules = new java.util.LinkedHashMap<>();
            for (InstalledModule module : ledger.modules()) {
                modules.put(module, healthOf(module));
            }
            report.send(sync.client(), sync.status(), modules);
        } catch (SQLException | RuntimeException e) {
            LOG.debug("No report sent: {}", e.getMessage());
        }
    }

    /** The messages of a failure and of what caused it (Karaf gathers start errors as suppressed ones). */
    static String reasonOf(Throwable e) {
        java.util.LinkedHashSet<String> messages = new java.util.LinkedHashSet<>();
        collect(e, messages, 0);
        return messages.isEmpty() ? e.getClass().getSimpleName() : String.join(" : ", messages);
    }

    private static void collect(Throwable e, Set<String> messages, int depth) {
        if (e == null || depth > 8) {
            return;
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) {
            String message = e.getMessage().strip().replaceAll("\\s+", " ");
            // A wrapper's message often is its cause's toString(): keep the cause's words once.
            if (messages.stream().noneMatch(m -> m.contains(message))) {
                messages.removeIf(message::contains);
                messages.add(message);
            }
        }
        for (Throwable suppressed : e.getSuppressed()) {
            collect(suppressed, messages, depth + 1);
        }
        if (e.getCause() != e) {
            collect(e.getCause(), messages, depth + 1);
        }
    }

    private static Version apiVersion() {
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
