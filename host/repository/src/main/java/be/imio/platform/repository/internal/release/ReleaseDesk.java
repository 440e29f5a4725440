package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.metadata.MetadataBudget;
import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.repository.internal.RepositoryDatabase;

/**
 * Accepts uploaded files as releases: each is received into a staging folder (never visible),
 * checked, recorded in the database and moved into the repository in one step, then listed in
 * signed targets metadata. A path is released once; a second upload is refused and changes nothing.
 * The desk owns the checks every upload passes (path, namespace, name, checksum) and the audit;
 * one file's release is {@link FileRelease}'s, an archive's {@link KarRelease}'s, and what waits
 * for the rest of its release {@link WaitingFiles}'.
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
    private final ReleaseTargets targets;
    private final SignedReleases signed;
    final Publishers publishers;
    final ModuleNames names;
    private final Path files;
    final Staging staging;
    final WaitingFiles waiting;

    @Activate
    public ReleaseDesk(@Reference RepositoryDatabase database, @Reference MetadataPublisher metadata,
            @Reference Publishers publishers, @Reference FeaturesService karafFeatures, BundleContext context)
            throws SQLException, IOException, MetadataException {
        this.ledger = database.ledger();
        this.targets = new ReleaseTargets(() -> {
            try {
                return database.rollouts().published();
            } catch (SQLException e) {
                throw new IllegalStateException("the rollouts could not be read: " + e.getMessage(), e);
            }
        }, () -> {
            try {
                return database.required().published();
            } catch (SQLException e) {
                throw new IllegalStateException("the required releases could not be read: " + e.getMessage(), e);
            }
        });
        this.names = new ModuleNames(ledger, karafFeatures);
        this.metadata = metadata;
        this.budget = new MetadataBudget(ledger, metadata, targets);
        this.publishers = publishers;
        Path home = Path.of(context.getProperty("karaf.data"), "repository");
        this.files = Files.createDirectories(home.resolve("maven"));
        this.signed = new SignedReleases(clock, ledger, metadata, budget, targets, files);
        this.staging = new Staging(home.resolve("incoming"), files, () -> metadata.config().minFreeMegabytes());
        this.waiting = new WaitingFiles(this, new PendingFeatures(home.resolve("pending")));
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
            if (maven != null && !WaitingFiles.waitsForItsVersion(maven) && Checksums.algorithmOf(maven.fileName()) == null
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
                    : new FileRelease(this).release(maven, body, declaredLength, account, address);
        }
    }

    static boolean smallFile(MavenPath maven) {
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
     * Forgets what waits for {@code maven}'s version after its jar, .kar or features XML was
     * refused ({@link WaitingFiles#forget}).
     */
    void forgetWaiting(String account, MavenPath maven) {
        waiting.forget(account, maven);
    }

    /** Tries again what {@code account} has waiting ({@link WaitingFiles#releasePending}). */
    void releasePending(String account) throws IOException {
        waiting.releasePending(account);
    }

    /** A file that waits ({@link PendingFeatures}): whose, where it goes, since when, from where. */
    public record Waiting(String account, String path, Instant since, String from) {
    }

    /** Every file that waits for what it needs, for {@code imio:pending-list}. */
    public List<Waiting> waiting() throws IOException {
        return waiting.all();
    }

    /**
     * Forgets what {@code account} has waiting at {@code path} (a build abandoned half way), audited
     * as {@code actor}'s; false when nothing waits there.
     */
    public boolean dropWaiting(String account, String path, String actor, String address) throws IOException {
        return waiting.drop(account, path, actor, address);
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
            byte[] waited = waiting.bytesWaiting(account, basePath);
            expected = waited == null ? null : Checksums.of(waited, algorithm);
            if (waited == null && Files.isRegularFile(base)) {
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

    void auditQuietly(String account, String address, String path, String outcome, String detail) {
        try {
            ledger.audit(clock.instant(), account == null ? "-" : account, address, "release", path, outcome, detail);
        } catch (SQLException e) {
            LOG.error("Could not write the audit entry for {}: {}", path, e.getMessage());
        }
    }
}
