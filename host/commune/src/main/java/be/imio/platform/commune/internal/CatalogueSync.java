package be.imio.platform.commune.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;

/**
 * Keeps the host's catalogue in step with the central repository: polls the timestamp on a
 * schedule (backing off while the repository cannot be reached), accepts only metadata that
 * verifies, and keeps the previous catalogue, with a warning, when new metadata is refused.
 */
@Component(service = CatalogueSync.class, immediate = true)
public final class CatalogueSync {

    private static final Logger LOG = LoggerFactory.getLogger(CatalogueSync.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);

    private final Clock clock = Clock.systemUTC();
    private final HostSettings settings;
    private final TrustedMetadata trusted;
    private final VerifiedCache cache;
    private final ScheduledExecutorService scheduler;
    private final List<Consumer<Boolean>> listeners = new CopyOnWriteArrayList<>();

    private volatile Catalogue catalogue;
    private volatile Instant lastSync;
    private volatile Instant lastAttempt;
    private volatile Instant offlineSince;
    private volatile String warning;
    private int failures;
    /** Some release's texts could not be had at the last catalogue: they are fetched again at the next sync. */
    private boolean textsMissing;

    @Activate
    public CatalogueSync(@Reference HostSettings settings, BundleContext context) throws IOException {
        this.settings = settings;
        Path home = Path.of(context.getProperty("karaf.data"), "host");
        this.trusted = TrustedMetadata.load(home.resolve("metadata"));
        this.cache = new VerifiedCache(home.resolve("verified"));
        this.catalogue = catalogueOf(trusted.targets(), null);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imio-catalogue-sync"));
        scheduler.schedule(this::scheduledSync, 1, TimeUnit.SECONDS);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    Catalogue catalogue() {
        return catalogue;
    }

    VerifiedCache cache() {
        return cache;
    }

    /** A client for the configured repository, or null when none is configured. */
    RepositoryClient client() {
        return RepositoryClient.of(settings).orElse(null);
    }

    /** Called after each sync attempt with whether the catalogue changed. */
    void addListener(Consumer<Boolean> listener) {
        listeners.add(listener);
    }

    void removeListener(Consumer<Boolean> listener) {
        listeners.remove(listener);
    }

    /** Syncs now and answers where the host stands. */
    SyncStatus syncNow() {
        boolean changed = sync();
        for (Consumer<Boolean> listener : listeners) {
            try {
                listener.accept(changed);
            } catch (RuntimeException e) {
                LOG.error("After sync: {}", e.getMessage(), e);
            }
        }
        return status();
    }

    private synchronized boolean sync() {
        Instant now = clock.instant();
        lastAttempt = now;
        RepositoryClient client = client();
        if (client == null) {
            warning = "aucun dépôt central configuré (repositoryUrl) / no central repository configured (repositoryUrl)";
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
            offlineSince = null;
            warning = null;
            failures = 0;
            if (outcome == TrustedMetadata.Outcome.UPDATED || textsMissing) {
                catalogue = catalogueOf(trusted.targets(), client);
                LOG.info("Catalogue updated: timestamp {}, targets {}, {} modules", versionOf(trusted.timestamp()),
                        versionOf(trusted.targets()), catalogue.modules().size());
            }
            return outcome == TrustedMetadata.Outcome.UPDATED;
        } catch (RepositoryClient.NotServed e) {
            failures++;
            warning = "le dépôt ne sert pas les métadonnées / the repository does not serve the metadata: " + e.getMessage();
            LOG.warn("Sync with {} failed: {}", client.baseUrl(), e.getMessage());
        } catch (IOException e) {
            failures++;
            if (offlineSince == null) {
                offlineSince = now;
                LOG.warn("Central repository {} unreachable ({}); running on the catalogue and modules at hand",
                        client.baseUrl(), e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
            }
            warning = "dépôt central injoignable depuis " + offlineSince + " / central repository unreachable since "
                    + offlineSince;
        } catch (MetadataException e) {
            failures++;
            warning = "métadonnées refusées, catalogue précédent conservé / metadata refused, previous catalogue kept: "
                    + e.getMessage();
            LOG.warn("Refused metadata from {}: {}", client.baseUrl(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void trustFirstRoot(RepositoryClient client) throws IOException, InterruptedException, MetadataException {
        String fingerprint = settings.rootFingerprint();
        if (!fingerprint.matches("[0-9a-f]{64}")) {
            throw new MetadataException("aucune empreinte de racine de confiance configurée (rootFingerprint) / no trusted"
                    + " root fingerprint configured (rootFingerprint)");
        }
        trusted.trustFirstRoot(client.metadata("1.root.json", null).bytes(), fingerprint);
        LOG.info("Trusting the root of {} with fingerprint {}", client.baseUrl(), fingerprint);
    }

    SyncStatus status() {
        long rootVersion = trusted.hasRoot() ? versionOf(trusted.root().document()) : 0;
        String fingerprint = trusted.hasRoot() ? trusted.root().fingerprint() : null;
        return new SyncStatus(settings.repositoryUrl(), rootVersion, fingerprint, lastSync, lastAttempt, offlineSince,
                warning, versionOf(trusted.timestamp()), versionOf(trusted.targets()));
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

    /** The catalogue of {@code targets}, with the releases' texts from the verified cache (see ReleaseTexts). */
    private Catalogue catalogueOf(SignedMetadata targets, RepositoryClient client) {
        try {
            if (targets == null) {
                return Catalogue.EMPTY;
            }
            ReleaseTexts.Filled filled = ReleaseTexts.fill(MetadataDocuments.targetsOf(targets), cache, client);
            textsMissing = filled.missing() > 0;
            return new Catalogue(filled.targets());
        } catch (MetadataException e) {
            LOG.error("Accepted targets metadata cannot be read: {}", e.getMessage());
            return Catalogue.EMPTY;
        }
    }

    private static long versionOf(SignedMetadata document) {
        try {
            return document == null ? 0 : document.version();
        } catch (MetadataException e) {
            return 0;
        }
    }
}
