package be.imio.platform.commune.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.TrustRoot;

/**
 * The host's side of the signed metadata, as The Update Framework's client workflow describes
 * it: the root it trusts and the newest timestamp, snapshot and targets it has accepted, kept on
 * disk. An update is accepted only whole: each document signed by a threshold of its role's keys,
 * not expired, pinned by the document above it, and never older than one already seen. A refused
 * update leaves everything as it was.
 */
final class TrustedMetadata {

    /** How many root versions one update may walk through. */
    private static final int MAX_ROOT_STEPS = 64;

    private final Path folder;
    private TrustRoot root;
    private SignedMetadata timestamp;
    private SignedMetadata snapshot;
    private SignedMetadata targets;
    private String timestampEtag;

    private TrustedMetadata(Path folder) {
        this.folder = folder;
    }

    /**
     * What was accepted before, read back. A document that no longer verifies against the trusted
     * root (a damaged disk, a hand edit) is dropped and fetched again.
     */
    static TrustedMetadata load(Path folder) throws IOException {
        TrustedMetadata trusted = new TrustedMetadata(Files.createDirectories(folder));
        try {
            SignedMetadata root = trusted.read(Role.ROOT);
            if (root == null) {
                return trusted;
            }
            trusted.root = TrustRoot.initial(root);
        } catch (MetadataException e) {
            throw new IOException("the trusted root in " + folder + " is damaged: " + e.getMessage(), e);
        }
        trusted.targets = trusted.readVerified(Role.TARGETS);
        trusted.snapshot = trusted.readVerified(Role.SNAPSHOT);
        trusted.timestamp = trusted.readVerified(Role.TIMESTAMP);
        return trusted;
    }

    boolean hasRoot() {
        return root != null;
    }

    TrustRoot root() {
        return root;
    }

    SignedMetadata targets() {
        return targets;
    }

    SignedMetadata timestamp() {
        return timestamp;
    }

    /**
     * Trusts {@code bytes} as the first root when its SHA-256 is {@code fingerprint}, the value
     * iMio hands to local IT out of band.
     */
    void trustFirstRoot(byte[] bytes, String fingerprint) throws MetadataException, IOException {
        SignedMetadata document = SignedMetadata.parse(bytes);
        TrustRoot candidate = TrustRoot.initial(document);
        if (!candidate.fingerprint().equals(fingerprint)) {
            throw new MetadataException("la racine reçue n'a pas l'empreinte configurée / the root received does not"
                    + " have the configured fingerprint " + fingerprint);
        }
        write(Role.ROOT, document);
        root = candidate;
    }

    /** What an update found. */
    enum Outcome { UNCHANGED, UPDATED }

    /**
     * Runs one update against {@code client}.
     *
     * @throws MetadataException when the repository offers metadata that must be refused; nothing changes
     * @throws IOException when the repository cannot be reached
     */
    Outcome update(RepositoryClient client, Instant now) throws MetadataException, IOException, InterruptedException {
        updateRoot(client);
        if (!root.document().expires().isAfter(now)) {
            throw new MetadataException("la racine de confiance a expiré le " + root.document().expires()
                    + " / the trusted root expired at " + root.document().expires());
        }
        RepositoryClient.Fetched fetched = client.metadata(Role.TIMESTAMP.fileName(), timestamp == null ? null : timestampEtag);
        if (fetched.notModified()) {
            root.verify(timestamp, Role.TIMESTAMP, now);
            return Outcome.UNCHANGED;
        }
        SignedMetadata newTimestamp = SignedMetadata.parse(fetched.bytes());
        root.verify(newTimestamp, Role.TIMESTAMP, now);
        notOlder(newTimestamp, timestamp);
        MetadataDocuments.Pin snapshotPin = MetadataDocuments.pinOf(newTimestamp, Role.SNAPSHOT);
        SignedMetadata newSnapshot = snapshot;
        if (snapshot == null || snapshotPin.version() != snapshot.version()) {
            newSnapshot = fetchPinned(client, Role.SNAPSHOT, snapshotPin, now);
            notOlder(newSnapshot, snapshot);
        } else {
            MetadataDocuments.checkPinned(snapshotPin, snapshot);
        }
        // Targets are fetched whenever the snapshot pins another version, or when the copy on
        // disk was dropped as damaged.
        MetadataDocuments.Pin targetsPin = MetadataDocuments.pinOf(newSnapshot, Role.TARGETS);
        SignedMetadata newTargets = targets;
        if (targets == null || targetsPin.version() != targets.version()) {
            newTargets = fetchPinned(client, Role.TARGETS, targetsPin, now);
            notOlder(newTargets, targets);
        } else {
            MetadataDocuments.checkPinned(targetsPin, targets);
        }
        boolean changed = timestamp == null || newTimestamp.version() != timestamp.version() || newTargets != targets;
        // Written bottom-up: after a crash the timestamp on disk never pins what is not there yet.
        if (newTargets != targets) {
            write(Role.TARGETS, newTargets);
        }
        if (newSnapshot != snapshot) {
            write(Role.SNAPSHOT, newSnapshot);
        }
        write(Role.TIMESTAMP, newTimestamp);
        targets = newTargets;
        snapshot = newSnapshot;
        timestamp = newTimestamp;
        timestampEtag = fetched.etag();
        return changed ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    /** Follows the chain of new roots the repository published, each checked against the one before. */
    private void updateRoot(RepositoryClient client) throws MetadataException, IOException, InterruptedException {
        for (int step = 0; step < MAX_ROOT_STEPS; step++) {
            RepositoryClient.Fetched next;
            try {
                next = client.metadata((root.version() + 1) + "." + Role.ROOT.fileName(), null);
            } catch (RepositoryClient.NotServed e) {
                if (e.status == 404) {
                    return;
                }
                throw e;
            }
            TrustRoot accepted = root.next(SignedMetadata.parse(next.bytes()));
            write(Role.ROOT, accepted.document());
            root = accepted;
            // New keys may sign differently: forget the ETag so the timestamp is checked again.
            timestampEtag = null;
        }
    }

    private SignedMetadata fetchPinned(RepositoryClient client, Role role, MetadataDocuments.Pin pin, Instant now)
            throws MetadataException, IOException, InterruptedException {
        RepositoryClient.Fetched fetched = client.metadata(pin.version() + "." + role.fileName(), null);
        SignedMetadata document = SignedMetadata.parse(fetched.bytes());
        MetadataDocuments.checkPinned(pin, document);
        root.verify(document, role, now);
        return document;
    }

    private static void notOlder(SignedMetadata offered, SignedMetadata seen) throws MetadataException {
        if (seen != null && offered.version() < seen.version()) {
            throw new MetadataException(offered.type().id() + " version " + offered.version()
                    + " plus ancienne que la version " + seen.version() + " déjà acceptée (retour en arrière refusé) / "
                    + "older than version " + seen.version() + " already accepted (rollback refused)");
        }
        if (seen != null && offered.version() == seen.version()
                && !java.util.Arrays.equals(offered.toBytes(), seen.toBytes())) {
            throw new MetadataException(offered.type().id() + " version " + offered.version()
                    + " différente de celle déjà acceptée / differs from the one already accepted");
        }
    }

    private SignedMetadata read(Role role) throws IOException, MetadataException {
        Path file = folder.resolve(role.fileName());
        return Files.exists(file) ? SignedMetadata.parse(Files.readAllBytes(file)) : null;
    }

    private SignedMetadata readVerified(Role role) throws IOException {
        try {
            SignedMetadata document = read(role);
            if (document != null) {
                // Expiry is not checked: an expired catalogue still says what the host runs.
                root.verify(document, role, Instant.EPOCH);
            }
            return document;
        } catch (MetadataException e) {
            Files.deleteIfExists(folder.resolve(role.fileName()));
            return null;
        }
    }

    private void write(Role role, SignedMetadata document) throws IOException {
        Path file = folder.resolve(role.fileName());
        Path tmp = Files.createTempFile(folder, "." + role.id(), ".tmp");
        try {
            Files.write(tmp, document.toBytes());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
