package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Message;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.maven.ImmutableFileCache;
import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.ReleasesRole;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TrustRoot;
import be.imio.platform.trust.VerifyingKey;

/**
 * Signs and publishes the repository's metadata. On the role's first start it creates the keys
 * and publishes root version 1, then empty targets, snapshot and timestamp. Afterwards it signs a
 * document again, with a newer version, before it expires; the timestamp, short-lived, most often.
 *
 * <p>Root versions count up one by one, since hosts walk the chain of roots. The other roles take
 * as version the clock in milliseconds, when that is above their last version: hosts refuse a
 * version lower than one they saw, so a repository put back from a backup, or from a snapshot of
 * its disk, must still publish versions above all it published since the backup was taken.
 */
@Component(service = MetadataPublisher.class, configurationPid = MetadataConfig.PID)
@Designate(ocd = MetadataConfig.class)
public final class MetadataPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(MetadataPublisher.class);
    /** The folder of the instance the root keys are created in, to be taken off the server. */
    public static final String OFFLINE_KEYS = "offline-keys";

    private final Clock clock = Clock.systemUTC();
    private final MetadataStore store;
    private final RepositoryKeys keys;
    private final MetadataConfig config;
    private final ScheduledExecutorService scheduler;
    private final RepositoryDatabase database;
    private final Publishers publishers;

    @Activate
    public MetadataPublisher(BundleContext context, MetadataConfig config, @Reference RepositoryDatabase database,
            @Reference Publishers publishers) throws IOException, MetadataException {
        this.database = database;
        this.publishers = publishers;
        Path home = Path.of(context.getProperty("karaf.data"), "repository");
        this.config = config;
        this.store = new MetadataStore(home.resolve("metadata"), config.keepVersions());
        Optional<SignedMetadata> published = store.latest(Role.ROOT);
        // Beside data and etc, which backups take: the root keys must not be in any backup.
        Path offline = Path.of(context.getProperty("karaf.base")).resolve(OFFLINE_KEYS);
        if (published.isEmpty()
                && (config.rootKeys() < 1 || config.rootThreshold() < 1 || config.rootThreshold() > config.rootKeys())) {
            throw new MetadataException("etc/" + MetadataConfig.PID + ".cfg: rootThreshold (" + config.rootThreshold()
                    + ") must be from 1 to rootKeys (" + config.rootKeys() + ")");
        }
        if (published.isEmpty() && !List.of("offline", "online").contains(config.targetsKey())) {
            throw new MetadataException("etc/" + MetadataConfig.PID + ".cfg: targetsKey must be offline or online, not "
                    + config.targetsKey());
        }
        TrustRoot trusted = published.isPresent() ? TrustRoot.initial(published.get()) : null;
        Optional<Delegation> releases = published.isEmpty() ? Optional.empty() : store.latest(Role.TARGETS)
                .map(MetadataPublisher::delegationsOf).flatMap(delegations -> delegations.role(ReleasesRole.NAME));
        boolean offlineTargets = trusted == null ? config.targetsKey().equals("offline")
                : !onlineTargetsKeyListed(home.resolve("keys"), trusted)
                        && (releases.isPresent() || Files.exists(home.resolve("keys").resolve(RepositoryKeys.RELEASES + ".key")));
        this.keys = RepositoryKeys.load(home.resolve("keys"), offline, config.rootKeys(), trusted, offlineTargets,
                releases.map(Delegation::keyIds).orElse(Set.of()));
        if (keys.problem() == null) {
            publishMissing();
        }
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "imio-metadata-refresh"));
        scheduler.scheduleWithFixedDelay(this::refreshQuietly, config.checkMinutes(), config.checkMinutes(), TimeUnit.MINUTES);
    }

    @Deactivate
    void deactivate() {
        scheduler.shutdownNow();
    }

    public MetadataStore store() {
        return store;
    }

    public MetadataConfig config() {
        return config;
    }

    /**
     * Why the repository cannot sign its metadata (an online key missing, or not the one the
     * published root lists), or null when it can. Nothing is signed meanwhile: hosts keep the
     * last metadata until it expires, rather than meet a key no root lists.
     */
    public String signingProblem() {
        return keys.problem();
    }

    /** {@link #signingProblem()} for people, in their language; null when the repository can sign. */
    public Message signingProblemWords() {
        return keys.problemWords();
    }


    /** How long before an offline document expires the repository says it must be signed again. */
    private static final Duration DUE_WARNING = Duration.ofDays(30);

    /**
     * What must be signed again soon by someone the server cannot sign for, for people, or null
     * when nothing is due: no top-level targets published (offline), the offline top-level targets
     * or the root expiring within 30 days, or a publisher's role (its publisher signs again), with
     * when (Europe/Brussels).
     */
    public Message signingDue() {
        // Health asks often; the answer changes only with a publication (a new timestamp) or with time.
        Due cached = due;
        ImmutableFileCache.Cached timestamp;
        try {
            timestamp = store.read(Role.TIMESTAMP.fileName(), false);
        } catch (IOException e) {
            return RepositoryTexts.message("health.repository.metadata-unreadable", e.getMessage());
        }
        if (cached != null && cached.timestamp() == timestamp
                && cached.at().plus(DUE_RECHECK).isAfter(clock.instant())) {
            return cached.message();
        }
        Message message = signingDueNow();
        due = new Due(timestamp, clock.instant(), message);
        return message;
    }

    /** {@link #signingDue()}'s answer, for the published timestamp it was worked out with, and when. */
    private record Due(ImmutableFileCache.Cached timestamp, Instant at, Message message) {
    }

    private static final Duration DUE_RECHECK = Duration.ofMinutes(1);
    private volatile Due due;

    private Message signingDueNow() {
        try {
            Instant soon = clock.instant().plus(DUE_WARNING);
            Optional<SignedMetadata> top = store.latest(Role.TARGETS);
            if (keys.offlineTargets() && top.isEmpty()) {
                return RepositoryTexts.message("health.repository.targets-unsigned");
            }
            if (keys.offlineTargets() && top.get().expires().isBefore(soon)) {
                return RepositoryTexts.message("health.repository.targets-expiring", when(top.get().expires()));
            }
            Optional<SignedMetadata> root = store.latest(Role.ROOT);
            if (root.isPresent() && root.get().expires().isBefore(soon)) {
                return RepositoryTexts.message("health.repository.root-expiring", when(root.get().expires()));
            }
            // A publisher's role lapsing withholds all its modules on every host at once.
            Map<String, SignedMetadata> roles = store.delegated();
            Instant first = null;
            List<String> lapsing = new ArrayList<>();
            for (String account : delegatedKeyIds().keySet()) {
                SignedMetadata role = roles.get(TargetsSplit.roleName(account));
                if (role != null && role.expires().isBefore(soon)) {
                    lapsing.add(account);
                    first = first == null || role.expires().isBefore(first) ? role.expires() : first;
                }
            }
            if (!lapsing.isEmpty()) {
                return RepositoryTexts.message("health.repository.roles-expiring", String.join(", ", lapsing), when(first));
            }
            return null;
        } catch (IOException | MetadataException e) {
            return RepositoryTexts.message("health.repository.metadata-unreadable", e.getMessage());
        }
    }

    private static Message when(Instant at) {
        return Message.written(language -> be.imio.platform.api.BelgianFormats.dateTime(language, at));
    }

    /** Throws, saying why, when the repository cannot sign: a change that needs signing is refused before it is made. */
    public void checkCanSign() throws MetadataException {
        String problem = keys.problem();
        if (problem != null) {
            throw new MetadataException("refusing to sign: " + problem);
        }
    }

    /** The trusted root as published, whose fingerprint hosts compare when they are installed. */
    public synchronized TrustRoot root() throws IOException, MetadataException {
        return TrustRoot.initial(store.latest(Role.ROOT).orElseThrow());
    }

    /**
     * Publishes the delegated role {@code name}'s {@code document} as its publisher signed it, then
     * targets, snapshot and timestamp for {@code released} (which the new role may sign files of).
     */
    public synchronized void publishDelegated(String name, SignedMetadata document, Collection<Target> released)
            throws IOException, MetadataException {
        checkCanSign();
        store.publishDelegated(name, document);
        publishBelowRoot(released, Map.of());
    }

    /** Publishes a new targets document listing {@code targets}, then the snapshot and timestamp that pin it. */
    public synchronized void publishTargets(Collection<Target> targets) throws IOException, MetadataException {
        checkCanSign();
        publishBelowRoot(targets, Map.of());
    }

    /** How {@code released} divides between the top-level targets and the publishers' own roles (see {@link TargetsSplit}). */
    public TargetsSplit split(Collection<Target> released) throws IOException, MetadataException {
        return split(released, store.delegated());
    }

    /** {@link #split(Collection)} with the publishers' roles already read ({@code roles}, by name). */
    private TargetsSplit split(Collection<Target> released, Map<String, SignedMetadata> roles)
            throws IOException, MetadataException {
        if (keys.offlineTargets()) {
            Optional<SignedMetadata> top = store.latest(Role.TARGETS);
            return TargetsSplit.under(released, top.isPresent() ? Delegations.of(top.get()) : Delegations.NONE, roles);
        }
        try {
            return TargetsSplit.of(released, database.publisherKeys().registered(), publishers.all(), roles);
        } catch (java.sql.SQLException e) {
            throw new IOException("could not read the publishers' keys: " + e.getMessage(), e);
        }
    }

    /**
     * Every target the published metadata lists, as the releases gave it: the top-level targets'
     * own, and each file a publisher signed, with the length and SHA-256 of its role and what the
     * top-level targets say of it. Signing these again gives the same metadata, newer.
     */
    public Map<String, Target> listed() throws IOException, MetadataException {
        Map<String, Target> all = new java.util.LinkedHashMap<>();
        Optional<SignedMetadata> top = store.latest(Role.TARGETS);
        if (top.isEmpty()) {
            return all;
        }
        all.putAll(MetadataDocuments.targetsOf(top.get()));
        SignedMetadata describing = top.get();
        // As hosts read them: the releases role describes when the published top-level targets delegate to it.
        if (ReleasesRole.isDelegated(Delegations.of(top.get()))) {
            Optional<SignedMetadata> releases = store.latest(ReleasesRole.NAME);
            if (releases.isEmpty()) {
                return all;
            }
            all.putAll(MetadataDocuments.targetsOf(releases.get()));
            describing = releases.get();
        }
        com.fasterxml.jackson.databind.JsonNode files = ReleasesRole.files(describing);
        for (Map.Entry<String, SignedMetadata> role : store.delegated().entrySet()) {
            if (role.getKey().equals(ReleasesRole.NAME)) {
                continue;
            }
            for (Target signed : MetadataDocuments.targetsOf(role.getValue()).values()) {
                if (files.path(signed.path()).isObject()) {
                    all.put(signed.path(), new Target(signed.path(), signed.length(), signed.sha256(),
                            (com.fasterxml.jackson.databind.node.ObjectNode) files.get(signed.path())));
                }
            }
        }
        return all;
    }

    /**
     * The key ids the published top-level targets delegate each publisher's role to, by account:
     * a publisher whose registered key is not among them is not trusted by hosts for it yet (with
     * top-level targets offline: until the next targets signing ceremony).
     */
    public Map<String, Set<String>> delegatedKeyIds() throws IOException, MetadataException {
        Map<String, Set<String>> delegated = new java.util.TreeMap<>();
        Optional<SignedMetadata> top = store.latest(Role.TARGETS);
        if (top.isPresent()) {
            for (Delegation role : Delegations.of(top.get()).roles()) {
                if (role.name().startsWith(MetadataStore.DELEGATED_PREFIX)) {
                    delegated.put(TargetsSplit.accountOf(role.name()), role.keyIds());
                }
            }
        }
        return delegated;
    }

    /** True when the top-level targets are signed offline (at ceremonies), and the releases role online. */
    public boolean offlineTargets() {
        return keys.offlineTargets();
    }

    /**
     * Signs targets for {@code targets} (the top-level targets' own, with their delegations to the
     * publishers that sign their files), then snapshot (pinning them and every publisher's role)
     * and timestamp, each with its role's key and, during a rotation, with the role's new key in
     * {@code alsoSigning} too.
     */
    private void publishBelowRoot(Collection<Target> targets, Map<Role, SigningKey> alsoSigning)
            throws IOException, MetadataException {
        if (keys.offlineTargets()) {
            publishReleases(targets, store.latest(Role.TARGETS).orElseThrow(() -> new MetadataException(
                    "no top-level targets are published: sign them with imio:targets-sign")), null, keys.releases(),
                    alsoSigning);
            return;
        }
        // Read once: the split and the snapshot must see the same roles.
        Map<String, SignedMetadata> roles = store.delegated();
        TargetsSplit split = split(targets, roles);
        com.fasterxml.jackson.databind.node.ObjectNode top = MetadataDocuments.targets(nextVersion(Role.TARGETS),
                expiry(Duration.ofDays(config.targetsDays())), split.top(), split.delegations());
        describe(top, split.files());
        SignedMetadata document = SignedMetadata.sign(top, signers(Role.TARGETS, alsoSigning));
        List<SignedMetadata> documents = new ArrayList<>(List.of(document));
        documents.addAll(snapshotAndTimestamp(document, roles, alsoSigning));
        store.publishAll(documents);
    }

    /** Puts what the repository says of each publisher-signed file ({@code files}, by path) in {@code targets}' {@code custom.files}. */
    private static void describe(com.fasterxml.jackson.databind.node.ObjectNode targets,
            Map<String, com.fasterxml.jackson.databind.node.ObjectNode> files) {
        if (!files.isEmpty()) {
            com.fasterxml.jackson.databind.node.ObjectNode described = targets.putObject("custom").putObject("files");
            files.forEach(described::set);
        }
    }

    /**
     * A snapshot pinning {@code top} and the delegated {@code roles}, and the timestamp pinning it,
     * each signed with its role's key (and, during a rotation, the new one in {@code alsoSigning}).
     */
    private List<SignedMetadata> snapshotAndTimestamp(SignedMetadata top, Map<String, SignedMetadata> roles,
            Map<Role, SigningKey> alsoSigning) throws IOException, MetadataException {
        SignedMetadata snapshot = SignedMetadata.sign(MetadataDocuments.snapshot(nextVersion(Role.SNAPSHOT),
                expiry(Duration.ofDays(config.snapshotDays())), top, roles), signers(Role.SNAPSHOT, alsoSigning));
        return List.of(snapshot, SignedMetadata.sign(MetadataDocuments.timestamp(nextVersion(Role.TIMESTAMP),
                expiry(Duration.ofHours(config.timestampHours())), snapshot), signers(Role.TIMESTAMP, alsoSigning)));
    }

    /**
     * With top-level targets signed offline: signs the releases role for {@code released} under
     * {@code top}'s delegations (with {@code releasesKey}), then snapshot and timestamp (with
     * their keys and, during a rotation, the new ones in {@code alsoSigning}); publishes them, and
     * {@code newTop} first when a ceremony signed one (null: {@code top} is the published one).
     */
    private void publishReleases(Collection<Target> released, SignedMetadata top, SignedMetadata newTop,
            SigningKey releasesKey, Map<Role, SigningKey> alsoSigning) throws IOException, MetadataException {
        if (releasesKey == null) {
            throw new MetadataException("refusing to sign: " + keys.problem());
        }
        // Read once: the split and the snapshot must see the same roles.
        Map<String, SignedMetadata> roles = new java.util.TreeMap<>(store.delegated());
        TargetsSplit split = TargetsSplit.under(released, Delegations.of(top), roles);
        com.fasterxml.jackson.databind.node.ObjectNode document = MetadataDocuments.targets(
                nextVersion(Optional.ofNullable(roles.get(ReleasesRole.NAME))), expiry(Duration.ofDays(config.targetsDays())),
                split.top());
        describe(document, split.files());
        SignedMetadata releases = SignedMetadata.sign(document, List.of(releasesKey));
        roles.put(ReleasesRole.NAME, releases);
        List<SignedMetadata> documents = new ArrayList<>();
        if (newTop != null) {
            documents.add(newTop);
        }
        documents.addAll(snapshotAndTimestamp(top, roles, alsoSigning));
        store.publishAll(Map.of(ReleasesRole.NAME, releases), documents);
    }

    /**
     * What a targets signing ceremony signed (or, {@code published} false, would sign): the
     * top-level targets' version and expiry, the publishers delegated to and those left out (see
     * {@link TargetsSplit.Chosen}), the key the releases role is delegated to, and what changes
     * in the delegations to publishers ({@link CeremonyCheck#changes}).
     */
    public record TargetsSigned(long version, Instant expires, TargetsSplit.Chosen chosen, String releasesKeyId,
            List<String> changes, boolean published) {
    }

    /**
     * The targets signing ceremony, for top-level targets signed offline: signs new top-level
     * targets with {@code signers} (a threshold of the targets keys the root lists, brought back
     * from offline storage), delegating to the repository's releases role and to every publisher
     * with a key and namespaces ({@link TargetsSplit#chosen}), and lists no file itself. With
     * {@code rotateReleases}, the releases role gets a new key (a lost or stolen one replaced).
     * The document is checked exactly as hosts will check it before anything is published; the
     * releases role, snapshot and timestamp are signed again under it and published with it.
     *
     * <p>The delegations come from what the server holds (its database, {@code etc/}): with
     * {@code expected} (by account, as the key holder keeps them with the offline key; null: not
     * checked), nothing is signed unless they are exactly those. With {@code dryRun}, nothing is
     * signed at all: the answer says what would be ({@code signers} may then be empty).
     *
     * @throws MetadataException when the top-level targets are online here, the delegations differ
     *     from {@code expected}, or hosts would refuse the document (too few signatures of the
     *     root's targets keys), naming why
     */
    public synchronized TargetsSigned signTargets(List<SigningKey> signers, boolean rotateReleases,
            Map<String, CeremonyCheck.Expected> expected, boolean dryRun) throws IOException, MetadataException {
        if (!keys.offlineTargets()) {
            throw new MetadataException("this repository signs its top-level targets online (targetsKey = online):"
                    + " there is no targets signing ceremony");
        }
        if (!keys.unusable().isEmpty()) {
            throw new MetadataException("the " + keys.unusable().get(0).id() + " key cannot sign (" + keys.problem()
                    + "): rotate it first (imio:root-sign --rotate " + keys.unusable().get(0).id() + ")");
        }
        if (keys.releases() == null && !rotateReleases) {
            throw new MetadataException("the releases key cannot sign (" + keys.problem() + "): give it a new one"
                    + " (--rotate-releases)");
        }
        TargetsSplit.Chosen chosen = chosen();
        Optional<SignedMetadata> published = store.latest(Role.TARGETS);
        List<String> changes = CeremonyCheck.changes(published.isPresent() ? Delegations.of(published.get())
                : Delegations.NONE, chosen);
        if (expected != null) {
            List<String> mismatches = CeremonyCheck.mismatches(chosen, expected);
            if (!mismatches.isEmpty()) {
                throw new MetadataException("the delegations the server proposes are not the ones expected, nothing was"
                        + " signed: " + String.join("; ", mismatches));
            }
        }
        if (dryRun) {
            return new TargetsSigned(0, null, chosen, rotateReleases || keys.releases() == null ? ""
                    : keys.releases().publicKey().id(), changes, false);
        }
        SigningKey releasesKey = rotateReleases ? keys.stageReleases() : keys.releases();
        try {
            Instant expires = expiry(Duration.ofDays(config.offlineTargetsDays()));
            SignedMetadata top = offlineTop(chosen, releasesKey, expires, signers);
            // Checked exactly as a host will check it before anything is published.
            root().verify(top, Role.TARGETS, clock.instant());
            publishReleases(listed().values(), top, top, releasesKey, Map.of());
            if (rotateReleases) {
                keys.commitReleases(releasesKey);
                LOG.warn("Rotated the releases key: the top-level targets delegate to {}", releasesKey.publicKey().id());
            }
            rotateReleases = false;
            LOG.info("Published top-level targets version {}, delegating to {} publisher(s); left out: {}", top.version(),
                    chosen.delegations().size(), chosen.leftOut());
            return new TargetsSigned(top.version(), expires, chosen, releasesKey.publicKey().id(), changes, true);
        } finally {
            if (rotateReleases) {
                keys.abandonReleases();
            }
        }
    }

    /**
     * Top-level targets as a ceremony signs them with {@code signers}: no file, delegations to the
     * releases role ({@code releasesKey}; first, so that texts files are looked for in it before
     * any publisher's role) and to {@code chosen}'s publishers; expiring at {@code expires}.
     */
    private SignedMetadata offlineTop(TargetsSplit.Chosen chosen, SigningKey releasesKey, Instant expires,
            List<SigningKey> signers) throws IOException, MetadataException {
        List<VerifyingKey> delegatedKeys = new ArrayList<>(chosen.keys());
        if (!delegatedKeys.contains(releasesKey.publicKey())) {
            delegatedKeys.add(0, releasesKey.publicKey());
        }
        List<Delegation> roles = new ArrayList<>();
        roles.add(ReleasesRole.delegation(releasesKey.publicKey()));
        roles.addAll(chosen.delegations());
        return SignedMetadata.sign(MetadataDocuments.targets(nextVersion(Role.TARGETS), expires, List.of(),
                Delegations.of(delegatedKeys, roles)), signers);
    }

    /** The delegations of a ceremony: to every publisher with a key and namespaces of its own. */
    private TargetsSplit.Chosen chosen() throws IOException {
        try {
            return TargetsSplit.chosen(database.publisherKeys().registered(), publishers.all());
        } catch (java.sql.SQLException e) {
            throw new IOException("could not read the publishers' keys: " + e.getMessage(), e);
        }
    }

    private List<SigningKey> signers(Role role, Map<Role, SigningKey> alsoSigning) {
        List<SigningKey> signers = new ArrayList<>();
        if (keys.usable(role) != null) {
            signers.add(keys.usable(role));
        }
        if (alsoSigning.containsKey(role)) {
            signers.add(alsoSigning.get(role));
        }
        if (signers.isEmpty()) {
            throw new IllegalStateException("no key can sign " + role.id());
        }
        return signers;
    }

    /**
     * What a new root changes in the root keys: the key files of the people signing it ({@code
     * signers}: a threshold of the current root's keys, and every key added), the keys it adds and
     * those it removes (by id), and its threshold (null: unchanged); and, for a repository whose
     * top-level targets key is still online, the offline key that takes its place
     * ({@code offlineTargets}; null: none).
     */
    public record RootChange(List<SigningKey> signers, List<SigningKey> added, Set<String> removed, Integer threshold,
            SigningKey offlineTargets) {

        public RootChange {
            signers = List.copyOf(signers);
            added = List.copyOf(added);
            removed = Set.copyOf(removed);
        }

        /** A change that keeps the top-level targets key where it is. */
        public RootChange(List<SigningKey> signers, List<SigningKey> added, Set<String> removed, Integer threshold) {
            this(signers, added, removed, threshold, null);
        }

        /** Signs with {@code signers} and changes nothing in the root keys. */
        public static RootChange none(List<SigningKey> signers) {
            return new RootChange(signers, List.of(), Set.of(), null);
        }
    }

    /**
     * Publishes the next root, signed by the root key holders of {@code change} (a threshold of the
     * trusted root's keys, and of the new root's, as hosts require); with the root keys and
     * threshold {@code change} gives. The online roles in {@code rotate} get new keys; the others
     * keep theirs, which must be usable (a lost key is replaced by rotating it). Used with root keys
     * kept offline, brought back only for this.
     *
     * <p>In order: the new root is built and checked exactly as a host will check it; targets,
     * snapshot and timestamp are signed again by each role's current key and its new one, so that
     * hosts on either root accept them; then the root is published, and only then the new keys
     * replace the old ones on disk. A crash anywhere leaves a set every host accepts.
     *
     * @return the new root
     * @throws MetadataException when the new root would not be accepted by hosts (too few
     *     signatures, no root key left, a threshold above the number of keys), naming why
     */
    public synchronized TrustRoot signNewRoot(RootChange change, Set<Role> rotate) throws IOException, MetadataException {
        TrustRoot trusted = root();
        if (keys.offlineTargets() && rotate.contains(Role.TARGETS)) {
            throw new MetadataException("the targets key is offline here: give its new key with --offline-targets FILE");
        }
        if (change.offlineTargets() != null && trusted.keyIds(Role.TARGETS).contains(change.offlineTargets().publicKey().id())) {
            throw new MetadataException("the root lists that targets key already");
        }
        if (change.offlineTargets() != null && rotate.contains(Role.TARGETS)) {
            throw new MetadataException("the targets key goes offline: do not rotate it online too");
        }
        for (Role role : keys.unusable()) {
            if (!rotate.contains(role)) {
                throw new MetadataException("the " + role.id() + " key cannot sign (" + keys.problem()
                        + "): rotate it too (--rotate " + role.id() + ")");
            }
        }
        Map<String, VerifyingKey> rootKeys = new java.util.TreeMap<>();
        trusted.keys(Role.ROOT).forEach(key -> rootKeys.put(key.id(), key));
        for (String removed : change.removed()) {
            if (rootKeys.remove(removed) == null) {
                throw new MetadataException("root key " + removed + " is not a key of root version " + trusted.version());
            }
        }
        change.added().forEach(key -> rootKeys.put(key.publicKey().id(), key.publicKey()));
        int threshold = change.threshold() == null ? trusted.threshold(Role.ROOT) : change.threshold();
        if (rootKeys.isEmpty() || threshold < 1 || threshold > rootKeys.size()) {
            throw new MetadataException("a root needs from 1 to " + rootKeys.size() + " signatures of its "
                    + rootKeys.size() + " root key(s), not " + threshold);
        }
        Map<Role, SigningKey> fresh = new EnumMap<>(Role.class);
        SigningKey releasesKey = null;
        try {
            for (Role role : rotate) {
                fresh.put(role, keys.stage(role));
            }
            Map<Role, List<VerifyingKey>> roleKeys = new EnumMap<>(Role.class);
            roleKeys.put(Role.ROOT, List.copyOf(rootKeys.values()));
            // (The targets keys of an offline targets role stay as the trusted root lists them.)
            for (Role role : List.of(Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP)) {
                if (role == Role.TARGETS && change.offlineTargets() != null) {
                    roleKeys.put(role, List.of(change.offlineTargets().publicKey()));
                    continue;
                }
                if (role == Role.TARGETS && keys.offlineTargets()) {
                    // Offline, as the root keys: unchanged by a root signing unless given anew.
                    roleKeys.put(role, trusted.keys(Role.TARGETS));
                    continue;
                }
                roleKeys.put(role, List.of((fresh.containsKey(role) ? fresh.get(role) : keys.of(role)).publicKey()));
            }
            Map<String, SigningKey> signers = new java.util.LinkedHashMap<>();
            change.signers().forEach(key -> signers.put(key.publicKey().id(), key));
            change.added().forEach(key -> signers.put(key.publicKey().id(), key));
            SignedMetadata next = SignedMetadata.sign(MetadataDocuments.root(trusted.version() + 1,
                    expiry(Duration.ofDays(config.rootDays())), roleKeys, Map.of(Role.ROOT, threshold)),
                    List.copyOf(signers.values()));
            // Checked exactly as a host will check it before anything is published.
            TrustRoot accepted = trusted.next(next);
            boolean newOfflineKey = change.offlineTargets() != null && keys.offlineTargets();
            if (newOfflineKey && !fresh.isEmpty()) {
                throw new MetadataException("give the targets key a new key on its own, without --rotate");
            }
            if (change.offlineTargets() != null && !newOfflineKey) {
                releasesKey = moveTargetsOffline(change.offlineTargets(), fresh);
                // Published targets delegate to it: it is the releases key from now on, whatever follows.
                keys.commitReleases(releasesKey);
            } else if (!fresh.isEmpty()) {
                publishBelowRoot(listed().values(), fresh);
            }
            store.publish(next);
            if (newOfflineKey) {
                // Hosts take the new root before the targets: the top-level targets, as published, signed by the new key.
                resignTop(change.offlineTargets());
                LOG.warn("New offline targets key {} from root version {} on", change.offlineTargets().publicKey().id(),
                        accepted.version());
            }
            if (releasesKey != null) {
                keys.targetsWentOffline();
                LOG.warn("The top-level targets key is offline from root version {} on ({}); the releases role is"
                        + " signed online with {}", accepted.version(), change.offlineTargets().publicKey().id(),
                        releasesKey.publicKey().id());
            }
            for (Map.Entry<Role, SigningKey> rotated : fresh.entrySet()) {
                keys.commit(rotated.getKey(), rotated.getValue());
                LOG.warn("Rotated the {} key: root version {} lists {}", rotated.getKey().id(), accepted.version(),
                        rotated.getValue().publicKey().id());
            }
            fresh.clear();
            LOG.info("Published root metadata version {}, fingerprint {}: {} of {} root keys sign", accepted.version(),
                    accepted.fingerprint(), threshold, rootKeys.size());
            return accepted;
        } finally {
            for (Role role : fresh.keySet()) {
                keys.abandon(role);
            }
        }
    }

    /**
     * Signs again, with {@code offline} (the new targets key the published root lists), the
     * top-level targets as published: the same delegations, a newer version and expiry; never
     * the server's current proposal, which only a ceremony with its checks signs.
     */
    private void resignTop(SigningKey offline) throws IOException, MetadataException {
        com.fasterxml.jackson.databind.node.ObjectNode signed = store.latest(Role.TARGETS).orElseThrow().signed();
        signed.put("version", nextVersion(Role.TARGETS));
        signed.put("expires", expiry(Duration.ofDays(config.offlineTargetsDays())).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                .toString());
        SignedMetadata top = SignedMetadata.sign(signed, List.of(offline));
        root().verify(top, Role.TARGETS, clock.instant());
        publishReleases(listed().values(), top, top, keys.releases(), Map.of());
    }

    /**
     * The first targets signing ceremony of a repository whose top-level targets key was online:
     * top-level targets signed by {@code offline} (and by the online key, so that hosts still on
     * the current root accept them too), delegating to the releases role (a new key) and to the
     * publishers with a key; the releases role, snapshot and timestamp signed under them (with
     * {@code fresh} keys too, during a rotation). Refused, publishing nothing, when a file hosts
     * are offered today would no longer be: one its publisher's own key has not signed.
     *
     * @return the releases role's new key, staged, to be put in place once the root is published
     */
    private SigningKey moveTargetsOffline(SigningKey offline, Map<Role, SigningKey> fresh)
            throws IOException, MetadataException {
        TargetsSplit.Chosen chosen = chosen();
        SigningKey releasesKey = keys.stageReleases();
        try {
            SignedMetadata top = offlineTop(chosen, releasesKey, expiry(Duration.ofDays(config.offlineTargetsDays())),
                    List.of(offline, keys.of(Role.TARGETS)));
            Collection<Target> offered = listed().values();
            TargetsSplit split = TargetsSplit.under(offered, Delegations.of(top), store.delegated());
            if (!split.awaiting().isEmpty()) {
                Set<String> accounts = new java.util.TreeSet<>();
                for (Target target : offered) {
                    if (split.awaiting().contains(target.path())) {
                        accounts.add(be.imio.platform.repository.internal.release.ReleaseTargets.publisherOf(target));
                    }
                }
                throw new MetadataException(split.awaiting().size() + " file(s) hosts are offered would no longer be,"
                        + " not signed by their publisher's own key (" + String.join(", ", accounts) + "): have each"
                        + " register a key and sign its releases first; nothing was published");
            }
            // Published before the root: hosts on either root accept them (signed by both targets keys).
            // Should the root then fail to be published, the old online key (still listed) signs ceremonies.
            publishReleases(offered, top, top, releasesKey, fresh);
            return releasesKey;
        } catch (IOException | MetadataException | RuntimeException e) {
            keys.abandonReleases();
            throw e;
        }
    }

    private synchronized void publishMissing() throws IOException, MetadataException {
        if (store.latest(Role.ROOT).isEmpty()) {
            List<SigningKey> rootKeys = keys.initialRootKeys().isEmpty() ? List.of(keys.of(Role.ROOT))
                    : keys.initialRootKeys();
            SigningKey targetsKey = keys.offlineTargets() ? keys.initialTargetsKey() : keys.of(Role.TARGETS);
            Map<Role, List<VerifyingKey>> roleKeys = Map.of(
                    Role.ROOT, rootKeys.stream().map(SigningKey::publicKey).toList(),
                    Role.TARGETS, List.of(targetsKey.publicKey()),
                    Role.SNAPSHOT, List.of(keys.of(Role.SNAPSHOT).publicKey()),
                    Role.TIMESTAMP, List.of(keys.of(Role.TIMESTAMP).publicKey()));
            int threshold = Math.min(config.rootThreshold(), rootKeys.size());
            SignedMetadata root = SignedMetadata.sign(MetadataDocuments.root(1, expiry(Duration.ofDays(config.rootDays())),
                    roleKeys, Map.of(Role.ROOT, threshold)), rootKeys);
            store.publish(root);
            LOG.info("Published root metadata version 1, fingerprint {}", TrustRoot.initial(root).fingerprint());
        }
        if (store.latest(Role.TARGETS).isEmpty() && keys.offlineTargets()) {
            if (keys.initialTargetsKey() == null) {
                LOG.error("No top-level targets are published: sign them with the targets key (imio:targets-sign)");
                return;
            }
            signTargets(List.of(keys.initialTargetsKey()), false, null, false);
        } else if (store.latest(Role.TARGETS).isEmpty()) {
            publishTargets(List.of());
        } else if (store.latest(Role.TIMESTAMP).isEmpty()) {
            publishSnapshot(store.latest(Role.TARGETS).orElseThrow());
        }
    }

    private void publishSnapshot(SignedMetadata targets) throws IOException, MetadataException {
        checkCanSign();
        store.publishAll(snapshotAndTimestamp(targets, store.delegated(), Map.of()));
    }

    private void publishTimestamp(SignedMetadata snapshot) throws IOException, MetadataException {
        checkCanSign();
        long version = nextVersion(Role.TIMESTAMP);
        store.publish(SignedMetadata.sign(MetadataDocuments.timestamp(version,
                expiry(Duration.ofHours(config.timestampHours())), snapshot), List.of(keys.of(Role.TIMESTAMP))));
    }

    /** Signs again whatever has less than half of its lifetime left. */
    synchronized void refresh() throws IOException, MetadataException {
        Instant now = clock.instant();
        if (keys.problem() != null) {
            LOG.error("Signing nothing: {}", keys.problem());
            return;
        }
        SignedMetadata targets = store.latest(Role.TARGETS).orElse(null);
        if (targets == null) {
            LOG.error("No top-level targets are published: sign them with the targets key (imio:targets-sign)");
            return;
        }
        SignedMetadata snapshot = store.latest(Role.SNAPSHOT).orElseThrow();
        SignedMetadata timestamp = store.latest(Role.TIMESTAMP).orElseThrow();
        // With offline top-level targets, what is signed online on a schedule is the releases role.
        SignedMetadata online = keys.offlineTargets() ? store.latest(ReleasesRole.NAME).orElse(null) : targets;
        if (online == null || halfGone(online, Duration.ofDays(config.targetsDays()), now)) {
            publishTargets(listed().values());
        } else if (halfGone(snapshot, Duration.ofDays(config.snapshotDays()), now)) {
            publishSnapshot(targets);
        } else if (halfGone(timestamp, Duration.ofHours(config.timestampHours()), now)) {
            publishTimestamp(snapshot);
        }
        Message dueNow = signingDue();
        if (dueNow != null) {
            LOG.warn("{}", dueNow.in(be.imio.platform.api.Texts.ENGLISH));
        }
    }

    private void refreshQuietly() {
        try {
            refresh();
        } catch (IOException | MetadataException | RuntimeException e) {
            LOG.error("Could not sign the repository's metadata again: {}", e.getMessage(), e);
        }
    }

    private long nextVersion(Role role) throws IOException, MetadataException {
        return nextVersion(store.latest(role));
    }

    /** The version after {@code last} (none: 1), or the clock in milliseconds when that is higher. */
    private long nextVersion(Optional<SignedMetadata> last) {
        return Math.max(last.map(MetadataPublisher::versionOf).orElse(0L) + 1, clock.millis());
    }

    private static boolean halfGone(SignedMetadata document, Duration lifetime, Instant now) throws MetadataException {
        return document.expires().minus(lifetime.dividedBy(2)).isBefore(now);
    }

    private Instant expiry(Duration lifetime) {
        return clock.instant().plus(lifetime);
    }

    /**
     * True when the published {@code root} lists the online targets key of {@code keys} for the
     * targets role: the top-level targets are then signed online, whatever else is on disk (a move
     * offline that published its targets and not its root is resumed by signing it again).
     */
    private static boolean onlineTargetsKeyListed(Path keys, TrustRoot root) throws IOException, MetadataException {
        Path file = keys.resolve(Role.TARGETS.id() + ".key");
        return Files.exists(file) && root.keyIds(Role.TARGETS).contains(SigningKey.readFrom(file).publicKey().id());
    }

    private static Delegations delegationsOf(SignedMetadata targets) {
        try {
            return Delegations.of(targets);
        } catch (MetadataException e) {
            throw new IllegalStateException("published targets cannot be read: " + e.getMessage(), e);
        }
    }

    private static long versionOf(SignedMetadata document) {
        try {
            return document.version();
        } catch (MetadataException e) {
            throw new IllegalStateException("published metadata has no version", e);
        }
    }
}
