package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.ReleasesRole;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TargetsTree;
import be.imio.platform.trust.TrustRoot;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * The host's side of the signed metadata, as The Update Framework's client workflow (specification
 * section 5) describes it: the root it trusts and the newest timestamp, snapshot and targets it has
 * accepted, kept on disk. An update is accepted only whole: each document signed by a threshold of
 * its role's keys, not expired at the update's start time, pinned by the document above it, no
 * longer than its parent pins, and never older than one already seen. A refused update leaves
 * everything as it was. Every trusted role's expiry is checked at every update, also when the
 * timestamp did not change, so that a mirror cannot freeze the host on metadata that has expired.
 *
 * <p>Delegated targets roles (a publisher's, trusted for its namespace only, and the repository's
 * releases role) are fetched as the snapshot pins them, every role the top-level targets reach in
 * the specification's search order (5.6.7); none of them may delegate further (one that does is
 * withheld), each checked against the keys and threshold of the delegation that names it; which
 * role answers for which path is {@link TargetsTree}'s. A delegated role that has expired withholds
 * its own targets only ({@link #withheld}): one publisher that lets its role lapse does not freeze
 * the others' modules.
 */
public final class TrustedMetadata {

    /** How many root versions one update may walk through. */
    private static final int MAX_ROOT_STEPS = 64;
    /** Upper bounds of the documents whose length nothing pins (5.3.3 and 5.4.1). */
    static final long MAX_ROOT_BYTES = 1024 * 1024;
    static final long MAX_TIMESTAMP_BYTES = 64 * 1024;
    /** The most a pinned document may be, whatever its parent pins. */
    static final long MAX_PINNED_BYTES = 32 * 1024 * 1024;
    /** The most delegated roles one update walks through. */
    static final int MAX_DELEGATED_ROLES = Delegations.MAX_ROLES;
    /** The folder, below the metadata's, of the delegated roles' documents. */
    private static final String DELEGATED = "delegated";

    /** The delegated roles accepted with one targets document, and what the search makes of them. */
    record Delegated(Map<String, SignedMetadata> documents, Map<String, Delegation> via, Map<String, Message> withheld) {
        static final Delegated NONE = new Delegated(Map.of(), Map.of(), Map.of());
    }

    private final Path folder;
    private volatile TrustRoot root;
    private volatile SignedMetadata timestamp;
    private volatile SignedMetadata snapshot;
    private volatile SignedMetadata targets;
    private volatile Delegated delegated = Delegated.NONE;
    private volatile TargetsTree tree;
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
        trusted.delegated = trusted.readDelegated();
        trusted.tree = trusted.treeOf(trusted.targets, trusted.delegated);
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

    /**
     * What the accepted targets and delegated roles answer, each path searched as the
     * specification orders; null before any targets were accepted. A new object after every
     * update that changed them.
     */
    TargetsTree tree() {
        return tree;
    }

    /**
     * Every target {@code tree} answers, by path, that the host may install from. A file a
     * publisher's role answers is pinned by that role (its length and SHA-256, which the
     * repository's keys cannot change) and described by the repository ({@link ReleasesRole#descriptions}:
     * its release, channel, revocation...); one it does not describe is not offered. What the
     * repository's online role {@code releases} answers is never here, whatever its path: that role
     * gives texts only ({@link #texts}).
     */
    static Map<String, Target> usableTargets(TargetsTree tree) {
        JsonNode described;
        try {
            described = ReleasesRole.descriptions(tree);
        } catch (MetadataException e) {
            // Read and checked when accepted: only a defect of this host gets here.
            throw new IllegalStateException("accepted targets cannot be read: " + e.getMessage(), e);
        }
        Map<String, Target> usable = new LinkedHashMap<>();
        tree.targets().forEach((path, resolved) -> {
            if (resolved.role().equals(Role.TARGETS.id())) {
                usable.put(path, resolved.target());
            } else if (!resolved.role().equals(ReleasesRole.NAME) && described.path(path).isObject()) {
                Target signed = resolved.target();
                usable.put(path, new Target(path, signed.length(), signed.sha256(),
                        (com.fasterxml.jackson.databind.node.ObjectNode) described.get(path)));
            }
        });
        return usable;
    }

    /**
     * The texts files the repository's online role {@code releases} answers, by path: read as a
     * release's texts ({@code ReleaseTexts}), never installed.
     */
    static Map<String, Target> texts(TargetsTree tree) {
        Map<String, Target> texts = new LinkedHashMap<>();
        tree.targets().forEach((path, resolved) -> {
            if (resolved.role().equals(ReleasesRole.NAME) && path.endsWith(ReleasesRole.TEXTS_SUFFIX)) {
                texts.put(path, resolved.target());
            }
        });
        return texts;
    }

    /** How many delegated roles the accepted targets reach. */
    int delegatedRoles() {
        return delegated.documents().size();
    }

    /** The delegated roles whose targets are withheld (expired), with why; empty when none. */
    Map<String, Message> withheld() {
        return delegated.withheld();
    }

    SignedMetadata timestamp() {
        return timestamp;
    }

    SignedMetadata snapshot() {
        return snapshot;
    }

    /**
     * Why what is trusted cannot be installed from at {@code now}, or null when it can: a role
     * missing (never accepted, or dropped after a key rotation) or expired.
     */
    Message unusableAt(Instant now) {
        TrustRoot trustedRoot = root;
        if (trustedRoot == null) {
            return Message.of("cause.no-trusted-root");
        }
        SignedMetadata[] documents = {trustedRoot.document(), timestamp, snapshot, targets};
        Role[] roles = {Role.ROOT, Role.TIMESTAMP, Role.SNAPSHOT, Role.TARGETS};
        for (int i = 0; i < roles.length; i++) {
            if (documents[i] == null) {
                return Message.of("cause.no-accepted-metadata", roles[i].id());
            }
            try {
                if (!documents[i].expires().isAfter(now)) {
                    return expired(documents[i]);
                }
            } catch (MetadataException e) {
                return Worded.message(e);
            }
        }
        return null;
    }

    private static Message expired(SignedMetadata document) throws MetadataException {
        return expired(document, document.type().id());
    }

    private static Message expired(SignedMetadata document, String role) throws MetadataException {
        return Message.of("cause.metadata-expired", role, document.version(),
                Message.day(document.expires()), Message.time(document.expires()));
    }

    /**
     * Trusts {@code bytes} as the first root when its SHA-256 is {@code fingerprint}, the value
     * iMio hands to local IT out of band.
     */
    void trustFirstRoot(byte[] bytes, String fingerprint) throws MetadataException, IOException {
        SignedMetadata document = SignedMetadata.parse(bytes);
        TrustRoot candidate = TrustRoot.initial(document);
        if (!candidate.fingerprint().equals(fingerprint)) {
            throw new RefusedMetadata(Message.of("cause.root-fingerprint"), " " + fingerprint);
        }
        write(Role.ROOT, document);
        root = candidate;
    }

    /** What an update found. */
    enum Outcome { UNCHANGED, UPDATED }

    /**
     * Runs one update against {@code client}, {@code now} being its fixed start time (5.1).
     *
     * @throws MetadataException when the repository offers metadata that must be refused, or what
     *     is trusted has expired; nothing changes (but the roots accepted on the way)
     * @throws RepositoryClient.Refused when an answer breaks the rules (too long, a 304 not asked for)
     * @throws IOException when the repository cannot be reached
     */
    Outcome update(RepositoryClient client, Instant now) throws MetadataException, IOException, InterruptedException {
        // 5.3: every new root, each checked against the one before; then its expiry (5.3.10).
        updateRoot(client);
        if (!root.document().expires().isAfter(now)) {
            Instant expired = root.document().expires();
            throw new RefusedMetadata(Message.of("cause.root-expired", Message.day(expired), Message.time(expired)));
        }
        // 5.4: the timestamp, conditional on the one held, bounded since nothing pins its length.
        String etag = timestamp == null ? null : timestampEtag;
        RepositoryClient.Fetched fetched = client.metadata(Role.TIMESTAMP.fileName(), etag, MAX_TIMESTAMP_BYTES);
        SignedMetadata newTimestamp = fetched.notModified() ? timestamp : SignedMetadata.parse(fetched.bytes());
        root.verify(newTimestamp, Role.TIMESTAMP, now);
        notOlder(newTimestamp, timestamp);
        MetadataDocuments.Pin snapshotPin = MetadataDocuments.pinOf(newTimestamp, Role.SNAPSHOT);
        if (timestamp != null && snapshotPin.version() < MetadataDocuments.pinOf(timestamp, Role.SNAPSHOT).version()) {
            throw rollback(Role.SNAPSHOT, snapshotPin.version(), MetadataDocuments.pinOf(timestamp, Role.SNAPSHOT).version());
        }
        // 5.5: the snapshot it pins; the one held when it is that one, still checked for expiry.
        SignedMetadata newSnapshot = snapshot;
        if (snapshot == null || snapshotPin.version() != snapshot.version()) {
            newSnapshot = fetchPinned(client, Role.SNAPSHOT, snapshotPin, now);
            notOlder(newSnapshot, snapshot);
            keepsEveryPin(snapshot, newSnapshot);
        } else {
            MetadataDocuments.checkPinned(snapshotPin, snapshot);
            root.verify(snapshot, Role.SNAPSHOT, now);
        }
        // 5.6: the targets it pins, likewise.
        MetadataDocuments.Pin targetsPin = MetadataDocuments.pinOf(newSnapshot, Role.TARGETS);
        SignedMetadata newTargets = targets;
        if (targets == null || targetsPin.version() != targets.version()) {
            newTargets = fetchPinned(client, Role.TARGETS, targetsPin, now);
            notOlder(newTargets, targets);
        } else {
            MetadataDocuments.checkPinned(targetsPin, targets);
            root.verify(targets, Role.TARGETS, now);
        }
        // 5.6.7: the delegated roles the targets reach, each as the snapshot pins it.
        Delegated newDelegated = updateDelegated(client, newSnapshot, newTargets, now);
        boolean delegationsChanged = !newDelegated.equals(delegated);
        boolean changed = timestamp == null || newTimestamp.version() != timestamp.version() || newTargets != targets
                || delegationsChanged;
        TargetsTree newTree = delegationsChanged || newTargets != targets ? treeOf(newTargets, newDelegated) : tree;
        // Written bottom-up: after a crash the timestamp on disk never pins what is not there yet.
        writeDelegated(newDelegated);
        if (newTargets != targets) {
            write(Role.TARGETS, newTargets);
        }
        if (newSnapshot != snapshot) {
            write(Role.SNAPSHOT, newSnapshot);
        }
        if (newTimestamp != timestamp) {
            write(Role.TIMESTAMP, newTimestamp);
        }
        targets = newTargets;
        delegated = newDelegated;
        tree = newTree;
        snapshot = newSnapshot;
        timestamp = newTimestamp;
        timestampEtag = fetched.etag();
        return changed ? Outcome.UPDATED : Outcome.UNCHANGED;
    }

    /** One delegation to follow: the role, the delegations that name it (their keys verify it), its depth. */
    private record Step(Delegation role, Delegations from, int depth) {
    }

    /**
     * Walks the delegated roles {@code top} reaches, in the search's pre-order, each one the
     * version {@code snapshot} pins: the one held when it is that version (checked again, since the
     * delegation's keys may have changed), else fetched no longer than pinned. A role is verified
     * against the delegation that first names it; one that has expired is kept but withheld, and
     * one that cannot be used (not pinned, not served, not the one pinned, not signed by a
     * threshold of its delegation's keys, older than the one held) is withheld with the reason,
     * the document held before kept.
     *
     * @throws MetadataException when the top-level targets delegate to too many roles
     */
    private Delegated updateDelegated(RepositoryClient client, SignedMetadata snapshot, SignedMetadata top, Instant now)
            throws MetadataException, IOException, InterruptedException {
        Map<String, SignedMetadata> documents = new LinkedHashMap<>();
        Map<String, Delegation> via = new LinkedHashMap<>();
        Map<String, Message> withheld = new LinkedHashMap<>();
        Deque<Step> pending = new ArrayDeque<>();
        push(pending, Delegations.of(top), 1);
        while (!pending.isEmpty()) {
            Step step = pending.pop();
            Delegation role = step.role();
            if (via.containsKey(role.name()) || withheld.containsKey(role.name())) {
                continue;
            }
            if (via.size() + withheld.size() == MAX_DELEGATED_ROLES) {
                throw new RefusedMetadata(Message.of("cause.too-many-roles", MAX_DELEGATED_ROLES));
            }
            SignedMetadata held = delegated.documents().get(role.name());
            Delegation heldVia = delegated.via().get(role.name());
            boolean sameKeys = heldVia != null && heldVia.keyIds().equals(role.keyIds())
                    && heldVia.threshold() == role.threshold();
            if (held == null && !snapshot.signed().path("meta").has(role.fileName()) && !role.name().equals(ReleasesRole.NAME)) {
                // A publisher delegated to that has signed nothing yet: no role to fetch, nothing of its
                // to offer, and its paths answered by no one (TargetsTree stops at a role it lacks).
                continue;
            }
            SignedMetadata document;
            try {
                MetadataDocuments.Pin pin = MetadataDocuments.pinOf(snapshot, role.fileName());
                if (held != null && pin.version() == held.version()) {
                    MetadataDocuments.checkPinned(pin, held);
                    step.from().verifySignatures(held, role);
                    document = held;
                } else {
                    document = fetchDelegated(client, role, step.from(), pin);
                    if (sameKeys) {
                        notOlder(document, held, role.name());
                    }
                }
            } catch (MetadataException | RepositoryClient.NotServed | RepositoryClient.Refused e) {
                // That role only: a publisher's role that is not pinned, not served, not the one
                // pinned, not signed by its keys or older than the one held withholds that
                // publisher's targets, never the others'. What was held stays, against a rollback.
                withheld.put(role.name(), Message.of("cause.role-refused", role.name(), Worded.message(e)));
                if (held != null && heldVia != null) {
                    documents.put(role.name(), held);
                    via.put(role.name(), heldVia);
                }
                continue;
            }
            documents.put(role.name(), document);
            via.put(role.name(), role);
            if (!document.expires().isAfter(now)) {
                withheld.put(role.name(), expired(document, role.name()));
            } else if (!Delegations.of(document).roles().isEmpty()) {
                // The platform's delegated roles (a publisher's, the repository's releases role) never
                // delegate: one that does could name another role first and shadow it in the search.
                withheld.put(role.name(), Message.of("cause.role-delegates", role.name()));
            }
        }
        return new Delegated(Map.copyOf(documents), Map.copyOf(via), Map.copyOf(withheld));
    }

    private static void push(Deque<Step> pending, Delegations delegations, int depth) {
        List<Delegation> roles = delegations.roles();
        for (int i = roles.size() - 1; i >= 0; i--) {
            pending.push(new Step(roles.get(i), delegations, depth));
        }
    }

    private SignedMetadata fetchDelegated(RepositoryClient client, Delegation role, Delegations from,
            MetadataDocuments.Pin pin) throws MetadataException, IOException, InterruptedException {
        SignedMetadata document = fetchPinned(client, role.name(), pin);
        from.verifySignatures(document, role);
        return document;
    }

    /** The search over {@code top} and the roles of {@code roles} not withheld; null without targets. */
    private TargetsTree treeOf(SignedMetadata top, Delegated roles) {
        if (top == null) {
            return null;
        }
        Map<String, SignedMetadata> usable = new LinkedHashMap<>(roles.documents());
        usable.keySet().removeAll(roles.withheld().keySet());
        try {
            return TargetsTree.of(top, usable, roles.via());
        } catch (MetadataException e) {
            // Every document here was read and checked before: only a defect of this host gets here.
            throw new IllegalStateException("accepted targets cannot be read: " + e.getMessage(), e);
        }
    }

    /**
     * The delegated roles kept on disk, each checked again against the delegation the accepted
     * targets (and the roles above it) give it; a role that no longer verifies is dropped and
     * fetched again. Expiry is checked at the next update.
     */
    private Delegated readDelegated() throws IOException {
        if (targets == null) {
            return Delegated.NONE;
        }
        Map<String, SignedMetadata> documents = new LinkedHashMap<>();
        Map<String, Delegation> via = new LinkedHashMap<>();
        Deque<Step> pending = new ArrayDeque<>();
        try {
            push(pending, Delegations.of(targets), 1);
        } catch (MetadataException e) {
            return Delegated.NONE;
        }
        while (!pending.isEmpty() && via.size() < MAX_DELEGATED_ROLES) {
            Step step = pending.pop();
            Delegation role = step.role();
            Path file = folder.resolve(DELEGATED).resolve(role.fileName());
            if (via.containsKey(role.name()) || !Files.exists(file)) {
                continue;
            }
            try {
                SignedMetadata document = SignedMetadata.parse(Files.readAllBytes(file));
                step.from().verifySignatures(document, role);
                documents.put(role.name(), document);
                via.put(role.name(), role);
            } catch (MetadataException e) {
                Files.deleteIfExists(file);
            }
        }
        // Expired roles are withheld from the start, not only from the next update on.
        Map<String, Message> withheld = new LinkedHashMap<>();
        Instant now = Instant.now();
        for (Map.Entry<String, SignedMetadata> role : documents.entrySet()) {
            try {
                if (!role.getValue().expires().isAfter(now)) {
                    withheld.put(role.getKey(), expired(role.getValue(), role.getKey()));
                }
            } catch (MetadataException e) {
                withheld.put(role.getKey(), Worded.message(e));
            }
        }
        return new Delegated(Map.copyOf(documents), Map.copyOf(via), Map.copyOf(withheld));
    }

    /** Writes each delegated role that changed, then removes the files of roles no longer reached. */
    private void writeDelegated(Delegated accepted) throws IOException {
        Path roles = folder.resolve(DELEGATED);
        if (!accepted.documents().isEmpty()) {
            Files.createDirectories(roles);
        }
        for (Map.Entry<String, SignedMetadata> role : accepted.documents().entrySet()) {
            if (role.getValue() != delegated.documents().get(role.getKey())) {
                writeFile(roles, role.getKey(), role.getValue());
            }
        }
        if (!Files.isDirectory(roles)) {
            return;
        }
        try (Stream<Path> files = Files.list(roles)) {
            for (Path file : files.toList()) {
                String name = file.getFileName().toString();
                if (name.endsWith(".json") && !accepted.documents().containsKey(name.substring(0, name.length() - 5))) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }

    /**
     * Follows the chain of new roots the repository published, each checked against the one
     * before (5.3.3 to 5.3.9). When a new root changes the keys or threshold of an online role,
     * what that role signed before is dropped (5.3.11): a compromised key may have pushed its
     * versions far ahead, and every later, legitimate document would be refused as a rollback.
     * Timestamp or snapshot keys changed: the timestamp and snapshot go; targets keys changed:
     * the targets go, and the snapshot (and so the timestamp) that pinned them.
     */
    private void updateRoot(RepositoryClient client) throws MetadataException, IOException, InterruptedException {
        for (int step = 0; step < MAX_ROOT_STEPS; step++) {
            RepositoryClient.Fetched next;
            try {
                next = client.metadata((root.version() + 1) + "." + Role.ROOT.fileName(), null, MAX_ROOT_BYTES);
            } catch (RepositoryClient.NotServed e) {
                if (e.status == 404) {
                    return;
                }
                throw e;
            }
            if (next.notModified()) {
                return;
            }
            TrustRoot before = root;
            TrustRoot accepted = before.next(SignedMetadata.parse(next.bytes()));
            write(Role.ROOT, accepted.document());
            root = accepted;
            boolean targetsRotated = !before.sameKeys(accepted, Role.TARGETS);
            if (targetsRotated) {
                drop(Role.TARGETS);
            }
            if (targetsRotated || !before.sameKeys(accepted, Role.SNAPSHOT) || !before.sameKeys(accepted, Role.TIMESTAMP)) {
                drop(Role.TIMESTAMP);
                drop(Role.SNAPSHOT);
            }
            // New keys may sign differently: forget the ETag so the timestamp is checked again.
            timestampEtag = null;
        }
    }

    private void drop(Role role) throws IOException {
        switch (role) {
            case TIMESTAMP -> timestamp = null;
            case SNAPSHOT -> snapshot = null;
            case TARGETS -> {
                targets = null;
                tree = null;
            }
            default -> throw new IllegalArgumentException(role.id());
        }
        Files.deleteIfExists(folder.resolve(role.fileName()));
    }

    /**
     * Downloads the document {@code pin} names, no longer than the length pinned (5.5.1, 5.6.1),
     * and checks it: hash and version as pinned, signatures, expiry.
     */
    private SignedMetadata fetchPinned(RepositoryClient client, Role role, MetadataDocuments.Pin pin, Instant now)
            throws MetadataException, IOException, InterruptedException {
        SignedMetadata document = fetchPinned(client, role.id(), pin);
        root.verify(document, role, now);
        return document;
    }

    /** The document of role {@code name} that {@code pin} names, within the length pinned, and exactly that one. */
    private static SignedMetadata fetchPinned(RepositoryClient client, String name, MetadataDocuments.Pin pin)
            throws MetadataException, IOException, InterruptedException {
        if (pin.length() < 1 || pin.length() > MAX_PINNED_BYTES) {
            throw new RefusedMetadata(Message.of("cause.pinned-too-long", name, pin.length(), MAX_PINNED_BYTES));
        }
        String file = name + ".json";
        RepositoryClient.Fetched fetched = client.metadata(pin.version() + "." + file, null, pin.length());
        if (fetched.notModified()) {
            throw new RepositoryClient.Refused(Message.of("cause.304-not-asked-for", file));
        }
        SignedMetadata document = SignedMetadata.parse(fetched.bytes());
        MetadataDocuments.checkPinned(pin, document);
        return document;
    }

    private static void notOlder(SignedMetadata offered, SignedMetadata seen) throws MetadataException {
        notOlder(offered, seen, offered.type().id());
    }

    /** {@code offered}, role {@code name}'s, is not older than {@code seen}, nor another document of the same version. */
    private static void notOlder(SignedMetadata offered, SignedMetadata seen, String name) throws MetadataException {
        if (seen != null && offered.version() < seen.version()) {
            throw new RefusedMetadata(Message.of("cause.rollback", name, offered.version(), seen.version()));
        }
        if (seen != null && offered.version() == seen.version()
                && !java.util.Arrays.equals(offered.toBytes(), seen.toBytes())) {
            throw new RefusedMetadata(Message.of("cause.differs-from-accepted", name, offered.version()));
        }
    }

    private static MetadataException rollback(Role role, long offered, long seen) {
        return new RefusedMetadata(Message.of("cause.rollback", role.id(), offered, seen));
    }

    /**
     * 5.5.5: the top-level targets the trusted snapshot pins are still pinned by the new one, at
     * the same version or a newer one. The delegated roles are checked one by one as they are
     * walked, so that one publisher's role going back withholds that publisher's targets only.
     */
    private static void keepsEveryPin(SignedMetadata trusted, SignedMetadata offered) throws MetadataException {
        if (trusted == null) {
            return;
        }
        JsonNode before = trusted.signed().path("meta");
        JsonNode after = offered.signed().path("meta");
        for (Iterator<String> names = before.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals(Role.TARGETS.fileName())) {
                // A delegated role that goes back or goes away is withheld on its own (updateDelegated).
                continue;
            }
            long was = before.path(name).path("version").asLong();
            if (!after.path(name).path("version").isIntegralNumber()) {
                throw new RefusedMetadata(Message.of("cause.no-longer-pins", offered.version(), name));
            }
            long now = after.path(name).path("version").asLong();
            if (now < was) {
                throw new RefusedMetadata(Message.of("cause.rollback", name.replaceFirst("\\.json$", ""), now, was));
            }
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
        writeFile(folder, role.id(), document);
    }

    private static void writeFile(Path folder, String name, SignedMetadata document) throws IOException {
        Path file = folder.resolve(name + ".json");
        Path tmp = Files.createTempFile(folder, "." + name, ".tmp");
        try {
            Files.write(tmp, document.toBytes());
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
