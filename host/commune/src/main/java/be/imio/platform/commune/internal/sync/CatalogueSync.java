package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.TargetsTree;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.lifecycle.ReleaseSource;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * Keeps the host's catalogue in step with the central repository: polls the timestamp on a
 * schedule (backing off while the repository cannot be reached or offers metadata that must be
 * refused), accepts only metadata that verifies, and keeps the previous catalogue, with a warning,
 * when new metadata is refused. One sync runs at a time: a request for another while one runs is
 * answered at once ({@link #trySyncNow()}). Nothing is installed from a catalogue whose last
 * update was refused, or whose metadata has expired ({@link #installBlocker()}).
 */
@Component(service = CatalogueSync.class, immediate = true)
public final class CatalogueSync implements ReleaseSource {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSync.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    /** How long a request for a sync waits for the sync already running to end. */
    static final Duration BUSY_WAIT = Duration.ofSeconds(3);

    private final Clock clock = Clock.systemUTC();
    private final HostSettings settings;
    private final TrustedMetadata trusted;
    private final VerifiedCache cache;
    private final RevocationMemory revocations;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

    private volatile Catalogue catalogue;
    /** What the trusted targets answered when {@link #catalogue} was made (null: none). */
    private volatile TargetsTree catalogueFrom;
    /** When the last sync succeeded, kept across restarts so that its age stays known while the repository is out of reach. */
    private volatile Instant lastSync;
    private final Path lastSyncFile;
    private volatile Instant lastAttempt;
    private volatile Instant offlineSince;
    private volatile Message warning;
    /** What the accepted roles list without being trusted for it, found when they last changed. */
    private volatile List<TargetsTree.Outside> ignored = List.of();
    /** Why the last update was refused; null once one is accepted. */
    private volatile Message refusal;
    private int failures;
    private final ReentrantLock running = new ReentrantLock();
    /** Some release's texts could not be had at the last catalogue: they are fetched again at the next sync. */
    private boolean textsMissing;

    @Activate
    public CatalogueSync(@Reference HostSettings settings, BundleContext context) throws IOException {
        this.settings = settings;
        Path home = Path.of(context.getProperty("karaf.data"), "host");
        this.trusted = TrustedMetadata.load(home.resolve("metadata"));
        this.cache = new VerifiedCache(home.resolve("verified"));
        this.revocations = new RevocationMemory(home.resolve("revoked.properties"));
        this.lastSyncFile = home.resolve("last-sync.txt");
        this.lastSync = readLastSync(lastSyncFile);
        this.catalogue = catalogueOf(trusted.tree(), null);
        this.catalogueFrom = trusted.tree();
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imio-catalogue-sync"));
        scheduler.schedule(this::scheduledSync, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    @Override
    public Catalogue catalogue() {
        return catalogue;
    }

    @Override
    public Path fetch(ModuleRelease release, Catalogue catalogue, long maxBytes, org.osgi.framework.Version apiVersion)
            throws java.io.IOException, InterruptedException, ModuleArtifacts.Refused {
        return ModuleArtifacts.fetch(release, catalogue, cache(), client(), maxBytes, apiVersion);
    }

    @Override
    public Path cacheFolder() {
        return cache().folder();
    }

    public VerifiedCache cache() {
        return cache;
    }

    /** A client for the configured repository, or null when none is configured. */
    public RepositoryClient client() {
        return RepositoryClient.of(settings).orElse(null);
    }

    /** Called after each sync attempt with whether the catalogue changed. */
    public void addListener(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    public void removeListener(Consumer<Boolean> listener) {
        listeners.remove(listener);
    }

    /** Syncs now, after the sync running if there is one, and answers where the host stands. */
    SyncStatus syncNow() {
        running.lock();
        boolean changed;
        try {
            changed = sync();
        } finally {
            running.unlock();
        }
        return afterSync(changed);
    }

    /**
     * Syncs now, unless a sync is running already and does not end within {@link #BUSY_WAIT}, in
     * which case it answers empty: a request thread is never parked behind a slow repository, yet a
     * request that meets a quick scheduled sync still gets a sync of its own.
     */
    public Optional<SyncStatus> trySyncNow() {
        try {
            if (!running.tryLock(BUSY_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                return Optional.empty();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
        boolean changed;
        try {
            changed = sync();
        } finally {
            running.unlock();
        }
        return Optional.of(afterSync(changed));
    }

    /** Whether a sync is running now. */
    boolean syncing() {
        return running.isLocked();
    }

    /**
     * Why no module may be enabled or updated from the catalogue now, or empty when it may: its
     * metadata has expired (a freeze), is incomplete, or the last update was refused. Modules
     * already running keep running.
     */
    @Override
    public Optional<Refusal> installBlocker() {
        if (catalogueFrom != trusted.tree()) {
            return Optional.of(new Refusal(409, "catalogue_updating", "refusal.catalogue-updating"));
        }
        Message unusable = trusted.unusableAt(clock.instant());
        if (unusable != null) {
            return Optional.of(new Refusal(409, "catalogue_expired", "refusal.catalogue-expired", unusable));
        }
        Message refused = refusal;
        if (refused != null) {
            return Optional.of(new Refusal(409, "catalogue_refused", "refusal.catalogue-refused", refused));
        }
        return Optional.empty();
    }

    private SyncStatus afterSync(boolean changed) {
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                LOG.error("After sync: {}", e.getMessage(), e);
            }
        }
        return status();
    }

    private boolean sync() {
        Instant now = clock.instant();
        lastAttempt = now;
        RepositoryClient client = client();
        if (client == null) {
            warning = Message.of("sync.unconfigured");
            return false;
        }
        try {
            if (!trusted.hasRoot()) {
                trustFirstRoot(client);
            }
            TrustedMetadata.Outcome outcome = trusted.update(client, now);
            if (offlineSince != null) {
                LOG.info("Central repository {} reachable again (offline since {})", client.baseUrl(), offlineSince);
            }
            lastSync = now;
            writeLastSync(lastSyncFile, now);
            offlineSince = null;
            warning = null;
            refusal = null;
            failures = 0;
            if (outcome == TrustedMetadata.Outcome.UPDATED) {
                // What is signed (releases, channels, revocations) at once, with the texts the cache
                // holds: downloading new texts may take long, and the catalogue must never lag
                // behind the trusted targets (a revoked release installed meanwhile).
                TargetsTree tree = trusted.tree();
                catalogue = catalogueOf(tree, null);
                catalogueFrom = tree;
                LOG.info("Catalogue updated: timestamp {}, targets {}, {} delegated roles, {} modules",
                        versionOf(trusted.timestamp()), versionOf(trusted.targets()), trusted.delegatedRoles(),
                        catalogue.modules().size());
                ignored = tree.outside();
                for (TargetsTree.Outside outside : ignored) {
                    LOG.warn("Target {} of role {} ignored: that role is not trusted for its path", outside.path(),
                            outside.role());
                }
            }
            Map<String, Message> withheld = trusted.withheld();
            List<TargetsTree.Outside> outside = ignored;
            if (!withheld.isEmpty()) {
                warning = Message.of("sync.roles-withheld", String.join(", ", withheld.keySet()),
                        withheld.values().iterator().next());
            } else if (!outside.isEmpty()) {
                // A role listing what it is not trusted for: a publisher's mistake, or a forgery.
                warning = Message.of("sync.targets-ignored", outside.size(), outside.get(0).role(), outside.get(0).path());
            }
            // The catalogue above found which texts the cache lacks: only then is a download due.
            if (textsMissing) {
                catalogue = catalogueOf(trusted.tree(), client);
            }
            return outcome == TrustedMetadata.Outcome.UPDATED;
        } catch (RepositoryClient.NotServed e) {
            failures++;
            warning = Message.of("sync.not-served", Worded.message(e));
            LOG.warn("Sync with {} failed: {}", client.baseUrl(), e.getMessage());
        } catch (RepositoryClient.Refused e) {
            refused(client, e);
        } catch (IOException e) {
            failures++;
            String reason = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (offlineSince == null) {
                offlineSince = now;
                LOG.warn("Central repository {} unreachable ({}); running on the catalogue and modules at hand",
                        client.baseUrl(), reason);
            }
            warning = Message.of("sync.unreachable", Message.day(offlineSince), Message.time(offlineSince),
                    Worded.message(e));
        } catch (MetadataException e) {
            refused(client, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            // A defect, not the repository's doing: still counted, so that the next attempt backs off.
            failures++;
            warning = Message.of("sync.internal-error", e.toString());
            LOG.error("Sync with {} failed: {}", client.baseUrl(), e.getMessage(), e);
        }
        return false;
    }

    private void refused(RepositoryClient client, Exception e) {
        failures++;
        offlineSince = null;
        refusal = Worded.message(e);
        warning = refusedWarning(e);
        EVENTS.warn("metadata refused from {}: {}", client.baseUrl(), e.getMessage());
    }

    /** The warning for metadata refused because of {@code e}, quoting it in the reader's language. */
    static Message refusedWarning(Exception e) {
        return Message.of("sync.refused", Worded.message(e));
    }

    private void trustFirstRoot(RepositoryClient client) throws IOException, InterruptedException, MetadataException {
        String fingerprint = settings.rootFingerprint();
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new RefusedMetadata(Message.of("cause.no-root-fingerprint"));
        }
        trusted.trustFirstRoot(client.metadata("1.root.json", null, TrustedMetadata.MAX_ROOT_BYTES).bytes(), fingerprint);
        LOG.info("Trusting the root of {} with fingerprint {}", client.baseUrl(), fingerprint);
    }

    private static Instant readLastSync(Path file) {
        try {
            return Files.isRegularFile(file) ? Instant.parse(Files.readString(file).strip()) : null;
        } catch (IOException | java.time.format.DateTimeParseException e) {
            LOG.warn("Cannot read {} ({}): the last sync's time is known again after the next one", file, e.getMessage());
            return null;
        }
    }

    private static void writeLastSync(Path file, Instant at) {
        try {
            Path part = file.resolveSibling(file.getFileName() + ".part");
            Files.writeString(part, at.toString() + "\n");
            Files.move(part, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", file, e.getMessage());
        }
    }

    /**
     * Where the host stands. The warning is the last sync's, or, when it succeeded, whatever of the
     * trusted metadata has expired since.
     */
    public SyncStatus status() {
        Message shown = warning;
        if (shown == null && trusted.hasRoot() && lastSync != null) {
            Message unusable = trusted.unusableAt(clock.instant());
            if (unusable != null) {
                shown = Message.of("sync.expired", unusable);
            }
        }
        long rootVersion = trusted.hasRoot() ? versionOf(trusted.root().document()) : 0;
        String fingerprint = trusted.hasRoot() ? trusted.root().fingerprint() : null;
        return new SyncStatus(settings.repositoryUrl(), rootVersion, fingerprint, lastSync, lastAttempt, offlineSince,
                shown, versionOf(trusted.timestamp()), versionOf(trusted.targets()));
    }

    private void scheduledSync() {
        try {
            syncNow();
        } catch (RuntimeException e) {
            LOG.error("Sync failed: {}", e.getMessage(), e);
        }
        Duration next = settings.syncInterval();
        if (failures > 0) {
            next = next.multipliedBy(1L << Math.min(failures, 10));
            next = next.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : next;
        }
        if (!scheduler.isShutdown()) {
            scheduler.schedule(this::scheduledSync, next.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The catalogue of what {@code tree} answers, with the releases' texts from the verified cache (see ReleaseTexts). */
    private Catalogue catalogueOf(TargetsTree tree, RepositoryClient client) {
        if (tree == null) {
            return Catalogue.EMPTY;
        }
        ReleaseTexts.Filled filled = ReleaseTexts.fill(TrustedMetadata.usableTargets(tree), TrustedMetadata.texts(tree), cache,
                client);
        textsMissing = filled.missing() > 0;
        return new Catalogue(revocations.apply(filled.targets()));
    }

    private static long versionOf(SignedMetadata document) {
        try {
            return document == null ? 0 : document.version();
        } catch (MetadataException e) {
            return 0;
        }
    }
}
