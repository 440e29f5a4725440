package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.karaf.features.FeaturesService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.maven.Checksums;
import be.imio.platform.repository.internal.inspection.BundleInspection;
import be.imio.platform.repository.internal.inspection.FeaturesInspection;
import be.imio.platform.repository.internal.inspection.PomInspection;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.metadata.MetadataBudget;
import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.repository.internal.RepositoryDatabase;

/**
 * Accepts uploaded files as releases: each is received into a staging folder (never visible),
 * checked, recorded in the database and moved into the repository in one step, then listed in
 * signed targets metadata. A path is released once; a second upload is refused and changes nothing.
 */
@Component(service = ReleaseDesk.class)
public final class ReleaseDesk {

    /** Largest file accepted. */
    static final long MAX_BYTES = 64L * 1024 * 1024;
    static final long MAX_POM_BYTES = 1024 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(ReleaseDesk.class);
    /** Left by {@code bin/imio restore} in {@code data/repository}. */
    static final String RESTORED_MARKER = "restored-from-backup";

    final Clock clock = Clock.systemUTC();
    private final ReleaseLedger ledger;
    private final MetadataPublisher metadata;
    final MetadataBudget budget;
    private final ReleaseTargets targets = new ReleaseTargets();
    private final SignedReleases signed;
    final Publishers publishers;
    final ModuleNames names;
    private final Path files;
    final Staging staging;
    private final PendingFeatures pending;
    /**
     * Held while a features XML is checked (and kept waiting when its bundles are missing), and
     * while a released bundle's publisher's waiting features XML are tried again: so that a
     * features XML and its jar sent at the same instant never both miss each other.
     */
    private final Object pendingLock = new Object();

    @Activate
    public ReleaseDesk(@Reference RepositoryDatabase database, @Reference MetadataPublisher metadata,
            @Reference Publishers publishers, @Reference FeaturesService karafFeatures, BundleContext context)
            throws SQLException, IOException, MetadataException {
        this.ledger = database.ledger();
        this.names = new ModuleNames(ledger, karafFeatures);
        this.metadata = metadata;
        this.budget = new MetadataBudget(ledger, metadata, targets);
        this.publishers = publishers;
        Path home = Path.of(context.getProperty("karaf.data"), "repository");
        this.files = Files.createDirectories(home.resolve("maven"));
        this.signed = new SignedReleases(clock, ledger, metadata, budget, targets, files);
        this.staging = new Staging(home.resolve("incoming"), files, () -> metadata.config().minFreeMegabytes());
        this.pending = new PendingFeatures(home.resolve("pending"));
        staging.empty();
        names.claimReleased(files, clock.instant());
        Path restored = home.resolve(RESTORED_MARKER);
        if (metadata.signingProblem() != null) {
            // Nothing can be signed (see RepositoryHealth); releases are refused until a new root mends it.
            LOG.error("Releases are refused: {}", metadata.signingProblem());
        } else if (Files.exists(restored)) {
            // Hosts may have seen metadata signed after the backup: publish the restored releases
            // again, with newer versions (see MetadataPublisher), for them to accept.
            signed.publishTargets();
            Files.delete(restored);
            LOG.warn("Restored from a backup: the targets, snapshot and timestamp metadata are published again");
        } else {
            signed.reconcile();
        }
    }

    /** Where uploads are received, and the room they may take. */
    public Staging staging() {
        return staging;
    }

    /** Every change that signed metadata follows: promotions, revocations, republication, a new root. */
    public SignedReleases signed() {
        return signed;
    }

    public Path files() {
        return files;
    }

    public ReleaseLedger ledger() {
        return ledger;
    }

    /**
     * What an upload turned into: released; the same bytes as the file already released there
     * (nothing changed); a features XML kept until its bundles arrive ({@link PendingFeatures});
     * a checksum that matches; a file the repository writes itself (ignored).
     */
    public enum Outcome { RELEASED, UNCHANGED, PENDING, CHECKSUM_CONFIRMED, IGNORED }

    /**
     * Handles one uploaded file at {@code path} from {@code account}.
     *
     * @throws ReleaseRefused with the status and reason to answer
     */
    public Outcome upload(String path, InputStream body, long declaredLength, String account, String address)
            throws ReleaseRefused, IOException {
        try {
            return uploadChecked(path, body, declaredLength, account, address);
        } catch (ReleaseRefused refused) {
            auditQuietly(account, address, path, "refused", refused.code() + ": " + refused.getMessage());
            MavenPath maven = MavenPath.ofVersionFile(path);
            if (maven != null && !waitsForItsVersion(maven) && Checksums.algorithmOf(maven.fileName()) == null
                    && !refused.code().equals("already_released")) {
                forgetWaiting(account, maven);
            }
            throw refused;
        }
    }

    private Outcome uploadChecked(String path, InputStream body, long declaredLength, String account, String address)
            throws ReleaseRefused, IOException {
        Set<String> namespaces = publishers.namespacesOf(account);
        if (MavenPath.isArtifactMetadata(path)) {
            // The repository writes maven-metadata.xml itself, from its releases; mvn deploy sends
            // its own, for the publisher's artifacts only.
            checkGroup(MavenPath.metadataGroup(path), account, namespaces);
            UploadBody.readSmall(body, 0);
            return Outcome.IGNORED;
        }
        MavenPath maven = MavenPath.ofVersionFile(path);
        if (maven == null) {
            throw new ReleaseRefused(400, "bad_path", "release.bad_path", path);
        }
        checkGroup(maven.groupId(), account, namespaces);
        checkArtifactId(maven);
        names.check(maven, Set.of());
        if (maven.version().endsWith("-SNAPSHOT")) {
            throw new ReleaseRefused(400, "snapshot", "release.snapshot", maven.version());
        }
        if (!maven.namedAfterVersion()) {
            throw new ReleaseRefused(400, "bad_file_name", "release.bad_file_name", maven.artifactId(), maven.version());
        }
        String checksum = Checksums.algorithmOf(maven.fileName());
        if (checksum != null) {
            confirmChecksum(path.substring(0, path.lastIndexOf('.')), checksum, body, account);
            return Outcome.CHECKSUM_CONFIRMED;
        }
        budget.checkCanSign();
        String main = maven.artifactId() + "-" + maven.version();
        boolean kar = maven.fileName().equals(main + ".kar");
        if (!kar && !Release.isVersionFile(maven.fileName(), main, false)) {
            throw new ReleaseRefused(400, "unsupported_file", "release.unsupported_file", maven.fileName());
        }
        // A .kar is received, then its files written out: twice its size at most.
        long limit = kar ? 2 * MAX_BYTES : smallFile(maven) ? MAX_POM_BYTES : MAX_BYTES;
        try (Staging.Reservation room = staging.reserve(kar && declaredLength >= 0 ? 2 * declaredLength : declaredLength, limit, account)) {
            return kar ? new KarRelease(this).release(maven, body, declaredLength, account, address)
                    : release(maven, body, declaredLength, account, address);
        }
    }

    private static boolean smallFile(MavenPath maven) {
        return maven.fileName().endsWith(".pom") || maven.fileName().endsWith("-features.xml")
                || maven.fileName().endsWith(".asc");
    }

    private static void checkGroup(String groupId, String account, Set<String> namespaces) throws ReleaseRefused {
        if (groupId == null || !BundleInspection.inNamespace(groupId, namespaces)) {
            throw new ReleaseRefused(403, "outside_namespace", "release.group_outside_namespace", groupId, account,
                    namespaces);
        }
    }

    /** One rule for the artifactId of every file of a release, uploaded alone or carried by a .kar. */
    public static void checkArtifactId(MavenPath maven) throws ReleaseRefused {
        if (!maven.validArtifactId()) {
            throw new ReleaseRefused(400, "bad_artifact_id", "release.bad_artifact_id", maven.artifactId());
        }
    }

    private Outcome release(MavenPath maven, InputStream body, long declaredLength, String account, String address)
            throws ReleaseRefused, IOException {
        long limit = smallFile(maven) ? MAX_POM_BYTES : MAX_BYTES;
        if (declaredLength > limit) {
            throw new ReleaseRefused(413, "too_large", "release.file_too_large", declaredLength, limit);
        }
        Files.createDirectories(staging.folder());
        Path received = Files.createTempFile(staging.folder(), "upload-", ".part");
        try {
            UploadBody.Received file = UploadBody.receive(body, received, limit);
            if (sameAsReleased(maven.path(), file.sha256())) {
                auditQuietly(account, address, maven.path(), "unchanged", "sha256 " + file.sha256());
                return Outcome.UNCHANGED;
            }
            if (maven.fileName().endsWith("-features.xml") || waitsForItsVersion(maven)) {
                synchronized (pendingLock) {
                    Outcome outcome = releaseReceived(maven, received, file, account, address, true);
                    if (outcome == Outcome.RELEASED && maven.fileName().endsWith("-features.xml")) {
                        // Another document may name this one as a nested repository, and the
                        // version's pom and companions may wait for it.
                        releasePending(account);
                    }
                    return outcome;
                }
            }
            Outcome outcome = releaseReceived(maven, received, file, account, address, false);
            if (maven.fileName().endsWith(".jar")) {
                releasePending(account);
            }
            return outcome;
        } finally {
            Files.deleteIfExists(received);
        }
    }

    /**
     * True when {@code path} is released with these bytes ({@code sha256}): sending a released file
     * again, as a retried {@code mvn deploy} does, succeeds and changes nothing.
     *
     * @throws ReleaseRefused 409 {@code already_released} when other bytes are released there
     */
    boolean sameAsReleased(String path, String sha256) throws ReleaseRefused, IOException {
        String released;
        try {
            released = ledger.sha256Of(path);
        } catch (SQLException e) {
            throw new IOException("cannot read the releases: " + e.getMessage(), e);
        }
        if (released == null) {
            return false;
        }
        if (released.equalsIgnoreCase(sha256)) {
            return true;
        }
        throw alreadyReleased(path);
    }

    static ReleaseRefused alreadyReleased(String what) {
        return new ReleaseRefused(409, "already_released", "release.already_released", what);
    }

    /**
     * Checks, records and signs the file {@code received} (moved into the repository when released).
     * A features XML whose only fault is a bundle not released yet is kept waiting when
     * {@code mayWait}; the caller then holds {@link #pendingLock}.
     */
    private Outcome releaseReceived(MavenPath maven, Path received, UploadBody.Received file, String account, String address,
            boolean mayWait) throws ReleaseRefused, IOException {
        boolean pom = maven.fileName().endsWith(".pom");
        boolean features = maven.fileName().endsWith("-features.xml");
        boolean companion = Release.isCompanion(maven.fileName(), maven.artifactId() + "-" + maven.version());
        try {
            String symbolicName = null;
            String hostApi = null;
            String about = null;
            List<ReleaseLedger.NameClaim> claims = List.of();
            if (companion) {
                // Sources, documentation and signatures: kept for people and tools, never installed.
                if (mayWait && !hasVersion(maven, true)) {
                    return park(maven, received, account, address, "its version");
                }
            } else if (pom) {
                String packaging = PomInspection.inspect(received, maven);
                if (mayWait && !"pom".equals(packaging) && !hasVersion(maven, false)) {
                    return park(maven, received, account, address, "its " + packaging);
                }
            } else if (features) {
                FeaturesInspection.Inspected inspected;
                try {
                    inspected = FeaturesInspection.inspect(received, maven, this::isReleased,
                            publishers.namespacesOf(account), names::ownerOf, files::resolve);
                } catch (ReleaseRefused refused) {
                    if (!mayWait || !refused.code().equals(FeaturesInspection.NOT_RELEASED)) {
                        throw refused;
                    }
                    pending.park(received, maven, account, address);
                    auditQuietly(account, address, maven.path(), "pending", refused.getMessage());
                    LOG.info("Features XML {} from {} waits for its bundles: {}", maven.path(), account,
                            refused.getMessage());
                    return Outcome.PENDING;
                }
                names.check(maven, inspected.names());
                claims = ModuleNames.claims(maven, inspected.names());
                // The texts come from the module's bundle, released before its features XML can name it.
                about = ReleaseAbout.ofFeatures(ledger.about(maven.mainJar()), inspected.dependencies());
                hostApi = inspected.hostApi();
            } else {
                BundleInspection.Inspected bundle = BundleInspection.inspect(received, maven,
                        publishers.namespacesOf(account), names::ownerOf);
                symbolicName = bundle.symbolicName();
                hostApi = bundle.hostApiRange();
                about = bundle.about();
            }
            Release release = new Release(maven.path(), maven.groupId(), maven.artifactId(), maven.version(),
                    symbolicName, hostApi, about, file.length(), file.sha256(), Release.FIRST_CHANNEL, account, address,
                    clock.instant(), null, null);
            signed.recordAndSign(account, List.of(release), claims, Map.of(received, files.resolve(maven.path())));
            LOG.info("Released {} ({} bytes, sha256 {}) by {} from {}", maven.path(), file.length(), file.sha256(),
                    account, address);
            // Sent again whole, a features XML replaces what waited under its name.
            Path waited = features ? pending.waiting(account, maven.path()) : null;
            if (waited != null && !waited.equals(received)) {
                pending.drop(new PendingFeatures.Pending(waited, maven, account, address));
            }
            return Outcome.RELEASED;
        } catch (ReleaseLedger.AlreadyReleased e) {
            // Released by a parallel upload meanwhile: the same bytes are a success, others a conflict.
            if (sameAsReleased(maven.path(), file.sha256())) {
                return Outcome.UNCHANGED;
            }
            throw alreadyReleased(maven.path());
        } catch (ReleaseLedger.NameTaken e) {
            throw ModuleNames.taken(e.name(), e.owner());
        } catch (ReleaseRefused | IOException e) {
            throw e;
        } catch (Exception e) {
            throw new IOException("could not record the release of " + maven.path() + ": " + e.getMessage(), e);
        }
    }

    /**
     * True for the files that wait until their version is released ({@link #hasVersion}): its pom and
     * its companions (sources, documentation, signatures). Maven sends a version's files in any
     * order; when its jar is then refused, a pom already released would hold the version for ever
     * (the fixed pom could never replace it), and side files alone would make a version with nothing
     * in it. So they are kept aside (202), never visible, and released with the version.
     */
    private static boolean waitsForItsVersion(MavenPath maven) {
        String main = maven.artifactId() + "-" + maven.version();
        return maven.fileName().equals(main + ".pom") || Release.isCompanion(maven.fileName(), main);
    }

    /**
     * True when {@code maven}'s version is released: its jar, .kar or features XML, or, with
     * {@code orPom}, its pom (a parent pom is a version by itself, released at once).
     */
    private boolean hasVersion(MavenPath maven, boolean orPom) {
        String base = maven.path().substring(0, maven.path().lastIndexOf('/') + 1) + maven.artifactId() + "-"
                + maven.version();
        return isReleased(base + ".jar") || isReleased(base + ".kar") || isReleased(base + Release.FEATURES_SUFFIX)
                || orPom && isReleased(base + ".pom");
    }

    private Outcome park(MavenPath maven, Path received, String account, String address, String what)
            throws IOException, ReleaseRefused {
        pending.park(received, maven, account, address);
        auditQuietly(account, address, maven.path(), "pending", "waits for " + what);
        LOG.info("{} from {} waits for {}", maven.path(), account, what);
        return Outcome.PENDING;
    }

    /**
     * Forgets what waits for {@code maven}'s version (its pom and companions, and its features XML
     * when the jar or .kar was refused) after its jar, .kar or features XML was refused: the build
     * that sent them failed, and the next one sends its own.
     */
    void forgetWaiting(String account, MavenPath maven) {
        boolean features = maven.fileName().endsWith(Release.FEATURES_SUFFIX);
        synchronized (pendingLock) {
            try {
                for (PendingFeatures.Pending waiting : pending.of(account)) {
                    MavenPath other = waiting.maven();
                    boolean dependent = waitsForItsVersion(other)
                            || !features && other.fileName().endsWith(Release.FEATURES_SUFFIX);
                    if (dependent && other.groupId().equals(maven.groupId())
                            && other.artifactId().equals(maven.artifactId()) && other.version().equals(maven.version())) {
                        pending.drop(waiting);
                    }
                }
            } catch (IOException e) {
                LOG.warn("Could not forget what waits for {}: {}", maven.path(), e.getMessage());
            }
        }
    }

    /**
     * Tries again every features XML of {@code account} that waits for its bundles, after one of
     * the account's bundles was released: released when all its bundles now are, left waiting when
     * some still are not, dropped (and the refusal audited) when it fails otherwise. A pom or
     * companion that waits for its version is released once the version is.
     */
    void releasePending(String account) throws IOException {
        synchronized (pendingLock) {
            // Again while something was released: a document may wait for another one (a nested repository).
            boolean released;
            do {
                released = false;
                for (PendingFeatures.Pending waiting : pending.of(account)) {
                    released |= tryPending(account, waiting);
                }
            } while (released);
        }
    }

    /** Releases {@code waiting} when it can now be; true when it was released. */
    private boolean tryPending(String account, PendingFeatures.Pending waiting) throws IOException {
        if (waitsForItsVersion(waiting.maven()) && !hasVersion(waiting.maven(), !waiting.maven().fileName()
                .endsWith(".pom"))) {
            return false;
        }
        try {
            byte[] bytes = Files.readAllBytes(waiting.file());
            UploadBody.Received file = new UploadBody.Received(bytes.length, Checksums.of(bytes, "sha256"));
            if (sameAsReleased(waiting.maven().path(), file.sha256())) {
                pending.drop(waiting);
                return false;
            }
            if (releaseReceived(waiting.maven(), waiting.file(), file, account, waiting.address(), false)
                    == Outcome.RELEASED) {
                pending.drop(waiting);
                return true;
            }
        } catch (ReleaseRefused refused) {
            if (!refused.code().equals(FeaturesInspection.NOT_RELEASED)) {
                pending.drop(waiting);
                auditQuietly(account, waiting.address(), waiting.maven().path(), "refused",
                        refused.code() + ": " + refused.getMessage());
                LOG.warn("Features XML {} of {}, waiting for its bundles, is refused: {}",
                        waiting.maven().path(), account, refused.getMessage());

            }
        }
        return false;
    }

    /** A file that waits ({@link PendingFeatures}): whose, where it goes, since when, from where. */
    public record Waiting(String account, String path, Instant since, String from) {
    }

    /** Every file that waits for what it needs, for {@code imio:pending-list}. */
    public List<Waiting> waiting() throws IOException {
        synchronized (pendingLock) {
            List<Waiting> all = new ArrayList<>();
            for (PendingFeatures.Pending p : pending.all()) {
                all.add(new Waiting(p.account(), p.maven().path(), Files.getLastModifiedTime(p.file()).toInstant(),
                        p.address()));
            }
            return all;
        }
    }

    /**
     * Forgets what {@code account} has waiting at {@code path} (a build abandoned half way), audited
     * as {@code actor}'s; false when nothing waits there.
     */
    public boolean dropWaiting(String account, String path, String actor, String address) throws IOException {
        synchronized (pendingLock) {
            for (PendingFeatures.Pending p : pending.of(account)) {
                if (p.maven().path().equals(path)) {
                    pending.drop(p);
                    auditQuietly(account, address, path, "dropped", "waiting file dropped by " + actor);
                    LOG.info("Waiting file {} of {} dropped by {}", path, account, actor);
                    return true;
                }
            }
            return false;
        }
    }

    boolean isReleased(String path) {
        try {
            return ledger.isReleased(path);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the releases: " + e.getMessage(), e);
        }
    }

    private void confirmChecksum(String basePath, String algorithm, InputStream body, String account)
            throws IOException, ReleaseRefused {
        byte[] sent = UploadBody.readSmall(body, 1024);
        Path base = files.resolve(basePath);
        String expected;
        if (Files.isRegularFile(base)) {
            expected = Checksums.of(base, algorithm);
        } else {
            // Maven sends a file's checksums right after it: a features XML may still be waiting.
            Path waiting;
            synchronized (pendingLock) {
                waiting = pending.waiting(account, basePath);
                expected = waiting == null ? null : Checksums.of(Files.readAllBytes(waiting), algorithm);
            }
            if (waiting == null && Files.isRegularFile(base)) {
                expected = Checksums.of(base, algorithm);
            }
        }
        if (expected == null) {
            throw new ReleaseRefused(404, "no_such_file", "release.checksum_without_file", basePath);
        }
        String given = new String(sent, java.nio.charset.StandardCharsets.US_ASCII).strip().split("\\s+")[0];
        if (!given.equalsIgnoreCase(expected)) {
            throw new ReleaseRefused(400, "checksum_mismatch", "release.checksum_mismatch", algorithm, basePath);
        }
    }

    private void auditQuietly(String account, String address, String path, String outcome, String detail) {
        try {
            ledger.audit(clock.instant(), account == null ? "-" : account, address, "release", path, outcome, detail);
        } catch (SQLException e) {
            LOG.error("Could not write the audit entry for {}: {}", path, e.getMessage());
        }
    }
}
