package be.imio.platform.repository.internal.release;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.metadata.MetadataBudget;
import be.imio.platform.repository.internal.metadata.MetadataPublisher;
import be.imio.platform.repository.internal.metadata.TargetsSplit;
import be.imio.platform.repository.internal.publisher.PublisherRoles;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;

/**
 * Every change of what the repository releases that signed metadata must follow (a release, a
 * promotion, a revocation, a new root), each with its ledger rows: the targets, snapshot and
 * timestamp metadata are signed inside the transaction that changes the rows, one change at a
 * time, and signed again from the database when a commit fails after signing, or when they lag
 * the database after a crash.
 */
public final class SignedReleases {

    private static final Logger LOG = LoggerFactory.getLogger(SignedReleases.class);

    private final Clock clock;
    private final ReleaseLedger ledger;
    private final MetadataPublisher metadata;
    private final MetadataBudget budget;
    private final ReleaseTargets targets;
    private final Path files;

    SignedReleases(Clock clock, ReleaseLedger ledger, MetadataPublisher metadata, MetadataBudget budget,
            ReleaseTargets targets, Path files) {
        this.clock = clock;
        this.ledger = ledger;
        this.metadata = metadata;
        this.budget = budget;
        this.targets = targets;
        this.files = files;
    }

    /**
     * Moves every file of a version to the stable channel and signs new targets metadata.
     *
     * @return false when no such version exists or it is already stable
     */
    public synchronized boolean promote(String groupId, String artifactId, String version, String actor, String address)
            throws SQLException, IOException, MetadataException {
        metadata.checkCanSign();
        int changed = signedChange(() -> ledger.change(groupId, artifactId, version, "CHANNEL = ?",
                List.of(Release.STABLE), "CHANNEL = 'stable' OR REVOKED_AT IS NOT NULL", clock.instant(), actor, address,
                "promote", "to stable", this::sign));
        if (changed > 0) {
            LOG.info("Promoted {}:{}:{} to stable ({})", groupId, artifactId, version, actor);
        }
        return changed > 0;
    }

    /** A change of the ledger whose signing is part of it: either both happen, or neither. */
    private interface SignedChange {
        int run() throws Exception;
    }

    /**
     * Records {@code releases} with their name {@code claims} and signs them, in one transaction
     * within the publisher's budget: each received file is moved into place ({@code moves}: from,
     * to) once the rows are in, and taken away again when signing or the commit fails.
     */
    synchronized void recordAndSign(String account, List<Release> releases, List<ReleaseLedger.NameClaim> claims,
            Map<Path, Path> moves) throws Exception {
        List<Path> placed = List.copyOf(moves.values());
        signedInTransaction = false;
        try {
            budget.admit(account, releases, claims, () -> ledger.recordAll(releases, claims, () -> {
                for (var move : moves.entrySet()) {
                    Files.createDirectories(move.getValue().getParent());
                    // The rows are in, so no release owns these paths: a file already there is an orphan of a crash.
                    Files.move(move.getKey(), move.getValue(), StandardCopyOption.ATOMIC_MOVE,
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }, all -> signOrUndo(all, placed)));
        } catch (Exception e) {
            undoSignedUncommitted(placed);
            throw e;
        }
    }

    private int signedChange(SignedChange change) throws SQLException, IOException, MetadataException {
        signedInTransaction = false;
        try {
            return change.run();
        } catch (SQLException | IOException | MetadataException | RuntimeException e) {
            undoSignedUncommitted(List.of());
            throw e;
        } catch (Exception e) {
            undoSignedUncommitted(List.of());
            throw new IOException(e.getMessage(), e);
        }
    }

    /**
     * Set by {@link #sign} within a transaction (the caller holds this desk): still set when the
     * transaction failed, it was its commit that did, after the metadata went out.
     */
    private boolean signedInTransaction;

    /**
     * After a transaction that signed and then failed to commit: the metadata published names what
     * the database does not hold (a release, a promotion, a revocation), so the files it moved into
     * place ({@code placed}) go and targets, snapshot and timestamp are signed again from the
     * database, with newer versions, which hosts take in place of the ones they may have seen.
     */
    private void undoSignedUncommitted(List<Path> placed) {
        if (!signedInTransaction) {
            return;
        }
        signedInTransaction = false;
        for (Path file : placed) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                LOG.error("Could not remove {} after a failed commit: {}", file, e.getMessage());
            }
        }
        try {
            publishTargets();
            LOG.error("A change was signed but its commit failed: targets, snapshot and timestamp signed again from"
                    + " the database");
        } catch (IOException | MetadataException | RuntimeException e) {
            LOG.error("A change was signed but its commit failed, and signing again from the database failed too: {}",
                    e.getMessage(), e);
        }
    }

    /**
     * Signs targets, snapshot and timestamp for {@code all} the releases, inside the transaction
     * that changes them (the caller holds this desk, so no other change signs in between).
     */
    private void sign(List<Release> all) throws IOException, MetadataException {
        metadata.publishTargets(targets.publish(all, files));
        signedInTransaction = true;
    }

    /**
     * Signs targets, snapshot and timestamp again from the releases in the database, above every
     * version published so far: after the repository was put back from a disk or machine snapshot
     * (a restore through {@code bin/imio restore} does it by itself), so hosts accept its metadata.
     */
    public void republish(String actor, String address) throws IOException, MetadataException {
        publishTargets();
        LOG.warn("Targets, snapshot and timestamp metadata published again ({})", actor);
        try {
            ledger.audit(clock.instant(), actor, address, "republish", "metadata", "published", "");
        } catch (SQLException e) {
            LOG.error("Could not write the audit entry of the republication: {}", e.getMessage());
        }
    }

    /**
     * Revokes every file of a version: it stays listed, flagged with the reason, so that hosts
     * learn of it from signed metadata and never install it.
     *
     * @return false when no such version exists or it is already revoked
     */
    public synchronized boolean revoke(String groupId, String artifactId, String version, String reason, String actor,
            String address) throws SQLException, IOException, MetadataException {
        metadata.checkCanSign();
        int changed = signedChange(() -> ledger.change(groupId, artifactId, version, "REVOKED_REASON = ?, REVOKED_AT = ?",
                List.of(reason, clock.instant()), "REVOKED_AT IS NOT NULL", clock.instant(), actor, address, "revoke",
                reason, this::sign));
        if (changed > 0) {
            LOG.warn("Revoked {}:{}:{} ({}): {}", groupId, artifactId, version, actor, reason);
        }
        return changed > 0;
    }

    /**
     * Signs and publishes the next root metadata ({@link MetadataPublisher#signNewRoot}), with its
     * {@code root-sign} audit row ({@code actor} from {@code address}, the roles rotated): no new
     * root, which every host follows, without a row saying who signed it. A published root cannot
     * be taken back: should its row fail after publication, the log says so.
     *
     * @throws IllegalStateException the signing's own failure (nothing published, no row)
     * @throws SQLException the row could not be written before signing (nothing published)
     */
    public be.imio.platform.trust.TrustRoot signNewRoot(MetadataPublisher.RootChange change,
            java.util.Set<be.imio.platform.trust.Role> rotate, String actor, String address) throws SQLException {
        be.imio.platform.trust.TrustRoot[] signed = new be.imio.platform.trust.TrustRoot[1];
        List<String> detail = new java.util.ArrayList<>();
        if (!rotate.isEmpty()) {
            detail.add("rotated: " + rotate.stream().map(be.imio.platform.trust.Role::id).sorted()
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        change.added().forEach(key -> detail.add("root key added: " + key.publicKey().id()));
        change.removed().stream().sorted().forEach(id -> detail.add("root key removed: " + id));
        if (change.threshold() != null) {
            detail.add("root threshold: " + change.threshold());
        }
        if (change.offlineTargets() != null) {
            detail.add("targets key offline: " + change.offlineTargets().publicKey().id());
        }
        ledger.auditWith(java.time.Instant.now(), actor, address, "root-sign", "root", String.join("; ", detail),
                new ReleaseLedger.AuditedChange() {
                    @Override
                    public void apply() {
                        try {
                            signed[0] = metadata.signNewRoot(change, rotate);
                        } catch (java.io.IOException | be.imio.platform.trust.MetadataException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        }
                    }

                    @Override
                    public void undo() {
                        LOG.error("New root metadata was published but its audit row could not be written");
                    }
                });
        return signed[0];
    }

    /**
     * The targets signing ceremony ({@link MetadataPublisher#signTargets}), with its
     * {@code targets-sign} audit row ({@code actor} from {@code address}: the publishers delegated
     * to, those left out and why, the releases key): published top-level targets, which every host
     * follows, always have a row saying who signed them.
     *
     * @throws IllegalStateException the signing's own failure (nothing published, no row)
     * @throws SQLException the row could not be written before signing (nothing published)
     */
    public MetadataPublisher.TargetsSigned signTargets(List<be.imio.platform.trust.SigningKey> signers,
            boolean rotateReleases, Map<String, be.imio.platform.repository.internal.metadata.CeremonyCheck.Expected> expected,
            String actor, String address) throws SQLException {
        MetadataPublisher.TargetsSigned[] signed = new MetadataPublisher.TargetsSigned[1];
        String signerIds = signers.stream().map(key -> key.publicKey().id().substring(0, 12))
                .collect(Collectors.joining(","));
        ledger.auditWith(java.time.Instant.now(), actor, address, "targets-sign", "targets",
                "signed by: " + signerIds + (rotateReleases ? "; releases key rotated" : "")
                        + (expected == null ? "; delegations not checked against an expected list" : "; delegations as expected"),
                new ReleaseLedger.AuditedChange() {
                    @Override
                    public void apply() {
                        try {
                            signed[0] = metadata.signTargets(signers, rotateReleases, expected, false);
                        } catch (java.io.IOException | MetadataException e) {
                            throw new IllegalStateException(e.getMessage(), e);
                        }
                    }

                    @Override
                    public void undo() {
                        LOG.error("New top-level targets were published but their audit row could not be written");
                    }
                });
        return signed[0];
    }

    /**
     * Frees a module name a group claimed with a features XML, so that another group may release
     * under it (the group's files stay released; a name a group's bundles hold is freed by revoking
     * them). Audited with {@code reason}.
     *
     * @return the group that held it; null when none had claimed it
     */
    public String freeName(String name, String reason, String actor, String address) throws SQLException {
        String owner = ledger.names().freeName(name, clock.instant(), actor, address, reason);
        if (owner != null) {
            LOG.warn("Module name {} of {} freed ({}): {}", name, owner, actor, reason);
        }
        return owner;
    }

    /**
     * {@link #sign}s {@code all} within the transaction that records a release; when that fails,
     * the files it moved into place ({@code placed}) go, as the rows will: nothing is released.
     */
    void signOrUndo(List<Release> all, List<Path> placed) throws IOException, MetadataException {
        try {
            sign(all);
        } catch (IOException | MetadataException | RuntimeException e) {
            for (Path file : placed) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException again) {
                    LOG.error("Could not remove {} after a failed release: {}", file, again.getMessage());
                }
            }
            throw e;
        }
    }

    /**
     * Publishes {@code role}, the role {@code account} signed for its own files (checked already for
     * its signature, paths, version and expiry by the caller), once every file it lists is one this
     * account released, with the same length and SHA-256; then targets, snapshot and timestamp, in
     * which the files it signs are no longer awaiting. Audited as {@code publisher-role}.
     *
     * @throws ReleaseRefused 409 {@code unknown_target} naming a file it lists that is not released
     *     here as it says
     */
    public synchronized void acceptRole(String account, String name, SignedMetadata role, String address)
            throws ReleaseRefused, SQLException, IOException, MetadataException {
        metadata.checkCanSign();
        // Under this desk's lock: two uploads of the same role must not both take the next version.
        long published = metadata.store().latest(name).map(SignedReleases::versionOf).orElse(0L);
        long ceiling = Math.max(published + 1, clock.millis()) + PublisherRoles.MAX_VERSION_LEAP;
        if (role.version() <= published || role.version() > ceiling) {
            throw new ReleaseRefused(409, "role_version", "release.role-version", role.version(), published);
        }
        List<Release> all = ledger.all();
        Map<String, Target> released = targets.of(all).stream().collect(Collectors.toMap(Target::path, target -> target));
        for (Target signed : MetadataDocuments.targetsOf(role).values()) {
            Target mine = released.get(signed.path());
            if (mine == null || mine.custom().has("aboutOf") || !account.equals(ReleaseTargets.publisherOf(mine))
                    || mine.length() != signed.length() || !mine.sha256().equals(signed.sha256())) {
                throw new ReleaseRefused(409, "unknown_target", "release.role-unknown-target", signed.path());
            }
        }
        metadata.publishDelegated(name, role, targets.publish(all, files));
        ledger.audit(clock.instant(), account, address, "publisher-role", name, "published",
                "version " + role.version() + ", " + MetadataDocuments.targetsOf(role).size() + " files");
        LOG.info("Published the role {} version {} its publisher signed", name, role.version());
    }

    /**
     * Who signs each file of {@code all} for hosts, by path: {@code publisher} (in its publisher's
     * own role), {@code awaiting} (its publisher has a key and has not signed it yet: no host is
     * offered it), {@code repository} (a publisher without a key: the repository's targets key).
     */
    public Map<String, String> signatures(List<Release> all) throws IOException, MetadataException {
        TargetsSplit split = metadata.split(targets.of(all));
        Set<String> awaiting = Set.copyOf(split.awaiting());
        Map<String, String> signers = new java.util.HashMap<>();
        for (Release release : all) {
            signers.put(release.path(), awaiting.contains(release.path()) ? "awaiting"
                    : split.files().containsKey(release.path()) ? "publisher" : "repository");
        }
        return signers;
    }

    private static long versionOf(SignedMetadata document) {
        try {
            return document.version();
        } catch (MetadataException e) {
            throw new IllegalStateException("a published role has no version", e);
        }
    }

    /** Signs targets, snapshot and timestamp again from the database: after a rollout changed, for one. */
    public synchronized void publishTargets() throws IOException, MetadataException {
        try {
            metadata.publishTargets(targets.publish(ledger.all(), files));
        } catch (SQLException e) {
            throw new IOException("could not read the releases: " + e.getMessage(), e);
        }
    }

    /** After a crash between a release's commit and its metadata, the metadata catches up. */
    private void reconcileTargets() throws SQLException, IOException, MetadataException {
        // Whole entries, not only path and SHA-256: a promotion or a revocation signed while its
        // commit failed (or the process died between the two) differs in channel or revocation only.
        Map<String, Target> released = targets.of(ledger.all()).stream()
                .collect(Collectors.toMap(Target::path, target -> target));
        // What the metadata should list: the files awaiting their publisher's signature are not.
        Map<String, Target> expected = new java.util.HashMap<>(released);
        expected.keySet().removeAll(metadata.split(released.values()).awaiting());
        Map<String, Target> listed = metadata.listed();
        if (!expected.equals(listed)) {
            LOG.warn("Targets metadata lists {} files, the database {}: publishing them again", listed.size(), released.size());
            publishTargets();
        }
    }

    /** After a crash between a release's commit and its metadata, the metadata catches up. */
    void reconcile() throws SQLException, IOException, MetadataException {
        reconcileTargets();
    }
}
