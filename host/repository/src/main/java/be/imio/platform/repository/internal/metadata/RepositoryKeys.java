package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.trust.MetadataException;

import be.imio.platform.trust.Role;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.TrustRoot;

/**
 * The repository's signing keys: one per online role (targets, snapshot, timestamp) in
 * {@code data/repository/keys} (owner-only files), and the root keys, all created on the role's
 * first start. The root keys are several, a threshold of them signing each root: they are written
 * to the instance's {@code offline-keys} folder, outside {@code data} and {@code etc} so that no
 * backup holds them, to be handed each to a different person and taken off the server; they are
 * needed again only to sign a new root. (An instance created before kept one root key,
 * {@code data/repository/keys/root.key}, which still signs its roots until a new root replaces it.)
 *
 * <p>Once a root is published, a missing online key (targets, snapshot, timestamp) is never made
 * up: a new key that no root lists would make every host refuse everything the repository signs.
 * The repository then signs nothing and says why ({@link #problem()}), until a new root lists a new
 * key ({@code imio:root-sign --rotate}). A key file that the published root does not list is
 * refused the same way.
 *
 * <p>The top-level targets key is offline too in a repository created since publishers sign their
 * own releases ({@code targetsKey = offline}, the default): written beside the root keys
 * ({@code offline-keys/targets.key}) and needed only for a targets signing ceremony
 * ({@code imio:targets-sign}). What the repository decides online is then signed by the delegated
 * role {@code releases} ({@link be.imio.platform.trust.ReleasesRole}), whose key,
 * {@code releases.key}, is online beside snapshot's and timestamp's. A repository created before
 * keeps its targets key online, and no releases key.
 *
 * <p>A rotation writes each new key as {@code ROLE.key.next} and puts it in place only once the
 * root that lists it is published; at start, a {@code .next} key the published root lists completes
 * a rotation a crash interrupted, and one it does not list is an abandoned rotation and is deleted.
 */
public final class RepositoryKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryKeys.class);
    private static final List<Role> ONLINE = List.of(Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP);

    private final Path folder;
    private final Map<Role, SigningKey> keys = new EnumMap<>(Role.class);
    /** The root keys made at the first start, which sign root version 1; empty afterwards. */
    private final List<SigningKey> initialRootKeys = new ArrayList<>();
    private final Map<Role, Message> problems = new EnumMap<>(Role.class);
    /** The top-level targets key made at the first start of a repository whose targets are offline, else null. */
    private SigningKey initialTargetsKey;
    /** The releases role's key, when the top-level targets are offline; else null. */
    private SigningKey releases;
    private boolean offlineTargets;
    private Message releasesProblem;

    private RepositoryKeys(Path folder) {
        this.folder = folder;
    }

    /** The name of the releases role's key file. */
    static final String RELEASES = "releases";

    /**
     * Loads the keys from {@code folder}. Creates them all when no root is published yet
     * ({@code root} null), the {@code rootKeys} root keys in {@code offline} ({@code root-1.key},
     * {@code root-2.key}...), and the top-level targets key there too ({@code targets.key}) when
     * {@code offlineTargets}; afterwards creates none, and checks each online key against
     * {@code root}, and, when the top-level targets are offline ({@code offlineTargets}), the
     * releases key against {@code releasesKeyIds}, the ids the published top-level targets
     * delegate the releases role to.
     */
    static RepositoryKeys load(Path folder, Path offline, int rootKeys, TrustRoot root, boolean offlineTargets,
            Set<String> releasesKeyIds) throws IOException, MetadataException {
        Files.createDirectories(folder);
        RepositoryKeys loaded = new RepositoryKeys(folder);
        loaded.offlineTargets = offlineTargets;
        if (root == null && !Files.exists(loaded.file(Role.ROOT))) {
            Files.createDirectories(offline);
            try {
                Files.setPosixFilePermissions(offline, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
            } catch (UnsupportedOperationException notPosix) {
                // The key files themselves are owner-only (SigningKey.writeTo) where the system allows it.
            }
            for (int holder = 1; holder <= rootKeys; holder++) {
                loaded.initialRootKeys.add(readOrCreate(offline.resolve("root-" + holder + ".key")));
            }
            if (offlineTargets) {
                loaded.initialTargetsKey = readOrCreate(offline.resolve(Role.TARGETS.id() + ".key"));
            }
            LOG.warn("Created {} root keys{} in {}: hand each to a different person and take them off this server",
                    rootKeys, offlineTargets ? " and the targets key" : "", offline);
        } else if (root == null) {
            // A repository created before the root keys went offline: its targets key stays online too.
            loaded.offlineTargets = false;
        }
        if (loaded.offlineTargets) {
            loaded.loadReleases(root == null ? null : releasesKeyIds == null ? Set.of() : releasesKeyIds);
        }
        for (Role role : Role.values()) {
            if (role == Role.ROOT && !loaded.initialRootKeys.isEmpty()
                    || role == Role.TARGETS && loaded.offlineTargets) {
                continue;
            }
            Path file = loaded.file(role);
            loaded.settleStaged(role.id(), root == null ? Set.of() : root.keyIds(role));
            if (Files.exists(file)) {
                SigningKey key = SigningKey.readFrom(file);
                if (root != null && role != Role.ROOT && !root.keyIds(role).contains(key.publicKey().id())) {
                    loaded.problems.put(role, RepositoryTexts.message("signing.key-not-listed", role.id(),
                            file.getFileName()));
                } else {
                    loaded.keys.put(role, key);
                }
            } else if (root == null) {
                SigningKey key = SigningKey.generate();
                key.writeTo(file);
                loaded.keys.put(role, key);
                LOG.info("Created the {} signing key {}", role.id(), key.publicKey());
            } else if (role == Role.ROOT) {
                LOG.info("The root keys are offline; they are needed again only to sign a new root");
            } else {
                loaded.problems.put(role, RepositoryTexts.message("signing.key-missing", role.id(), file.getFileName()));
            }
        }
        if (!loaded.problems.isEmpty() || loaded.releasesProblem != null) {
            LOG.error("The repository signs nothing until a new root lists new keys (imio:root-sign --key ROOT-1.key --key ROOT-2.key"
                    + " --rotate {}, or imio:targets-sign --key TARGETS.key --rotate-releases): {}",
                    String.join(",", loaded.problems.keySet().stream().map(Role::id).toList()), loaded.problem());
        }
        return loaded;
    }

    /** Why the repository cannot sign, in English for logs, or null when every online key is in place and listed. */
    String problem() {
        Message words = problemWords();
        return words == null ? null : words.in(Texts.ENGLISH);
    }

    /** Why the repository cannot sign, for people in their language, or null when it can. */
    Message problemWords() {
        List<Message> each = new ArrayList<>(problems.values());
        if (releasesProblem != null) {
            each.add(releasesProblem);
        }
        if (each.isEmpty()) {
            return null;
        }
        return Message.written(language -> String.join(Texts.FRENCH.getLanguage().equals(language.getLanguage())
                ? " ; " : "; ", each.stream().map(problem -> problem.in(language)).toList()));
    }

    /** The online roles whose key is missing or not listed by the published root. */
    List<Role> unusable() {
        return new ArrayList<>(problems.keySet());
    }

    private static SigningKey readOrCreate(Path file) throws IOException, MetadataException {
        if (Files.exists(file)) {
            return SigningKey.readFrom(file);
        }
        SigningKey key = SigningKey.generate();
        key.writeTo(file);
        return key;
    }

    /**
     * Loads the releases key: created when the repository is ({@code delegatedTo} null), else
     * checked against the ids the top-level targets delegate to; completes or drops a rotation.
     */
    private void loadReleases(Set<String> delegatedTo) throws IOException, MetadataException {
        Path file = file(RELEASES);
        settleStaged(RELEASES, delegatedTo == null ? Set.of() : delegatedTo);
        if (delegatedTo == null) {
            releases = readOrCreate(file);
        } else if (!Files.exists(file)) {
            releasesProblem = RepositoryTexts.message("signing.key-missing", RELEASES, file.getFileName());
        } else {
            SigningKey key = SigningKey.readFrom(file);
            if (delegatedTo.contains(key.publicKey().id())) {
                releases = key;
            } else {
                releasesProblem = RepositoryTexts.message("signing.key-not-listed", RELEASES, file.getFileName());
            }
        }
    }

    /** True when the top-level targets are signed offline, and the releases role online. */
    boolean offlineTargets() {
        return offlineTargets;
    }

    /** The top-level targets key made at this first start (to sign the first top-level targets), else null. */
    SigningKey initialTargetsKey() {
        return initialTargetsKey;
    }

    /** The releases role's key; null when the top-level targets are online, or when it cannot sign (see {@link #problem()}). */
    SigningKey releases() {
        return releases;
    }

    /** Generates a new releases key, written as {@code releases.key.next} until {@link #commitReleases}. */
    SigningKey stageReleases() throws IOException {
        return stage(RELEASES);
    }

    /** Puts the staged releases key in place, once published top-level targets delegate to it. */
    void commitReleases(SigningKey key) throws IOException {
        commit(RELEASES);
        releases = key;
        releasesProblem = null;
    }

    /**
     * The top-level targets key went offline (a root listing an offline key is published): the
     * online one is deleted, never to sign again, and the releases role signs online from now on.
     */
    void targetsWentOffline() throws IOException {
        keys.remove(Role.TARGETS);
        problems.remove(Role.TARGETS);
        Files.deleteIfExists(file(Role.TARGETS));
        offlineTargets = true;
    }

    /** Drops a staged releases key whose targets were not published. */
    void abandonReleases() throws IOException {
        Files.deleteIfExists(next(RELEASES));
    }

    /** The root keys made at the first start, to sign root version 1; empty once a root is published. */
    List<SigningKey> initialRootKeys() {
        return List.copyOf(initialRootKeys);
    }

    /** The key of {@code role}; for root, only while it is online. */
    SigningKey of(Role role) {
        SigningKey key = keys.get(role);
        if (key == null) {
            throw new IllegalStateException(problems.containsKey(role) ? problems.get(role).in(Texts.ENGLISH)
                    : "the " + role.id() + " key is offline");
        }
        return key;
    }

    /** The key of {@code role} when it is usable, else null (a rotation replacing a lost key). */
    SigningKey usable(Role role) {
        return keys.get(role);
    }

    /** Generates a new key for {@code role}, written as {@code ROLE.key.next} until {@link #commit}. */
    SigningKey stage(Role role) throws IOException {
        if (!ONLINE.contains(role)) {
            throw new IllegalArgumentException("only online keys rotate here: " + role.id());
        }
        return stage(role.id());
    }

    /** Puts the staged key of {@code role} in place, once a published root lists it. */
    void commit(Role role, SigningKey key) throws IOException {
        commit(role.id());
        keys.put(role, key);
        problems.remove(role);
    }

    /** Drops a staged key whose root was not published. */
    void abandon(Role role) throws IOException {
        Files.deleteIfExists(next(role.id()));
    }

    /** A new key for the key file {@code name}, written as {@code NAME.key.next} until committed. */
    private SigningKey stage(String name) throws IOException {
        SigningKey key = SigningKey.generate();
        Files.deleteIfExists(next(name));
        key.writeTo(next(name));
        return key;
    }

    private void commit(String name) throws IOException {
        Files.move(next(name), file(name), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * At start, a staged key {@code NAME.key.next} left by a signing that a crash cut off: put in
     * place when the published metadata lists it ({@code listed}, the ids the root or the top-level
     * targets give that key), else deleted, its metadata never published.
     */
    private void settleStaged(String name, Set<String> listed) throws IOException, MetadataException {
        Path next = next(name);
        if (!Files.exists(next)) {
            return;
        }
        SigningKey staged = SigningKey.readFrom(next);
        if (listed.contains(staged.publicKey().id())) {
            commit(name);
            LOG.warn("Completed the rotation of the {} key: the published metadata lists {}", name, staged.publicKey().id());
        } else {
            Files.delete(next);
            LOG.warn("Deleted the {} key of a rotation whose metadata was not published", name);
        }
    }

    private Path file(Role role) {
        return file(role.id());
    }

    private Path file(String name) {
        return folder.resolve(name + ".key");
    }

    private Path next(String name) {
        return folder.resolve(name + ".key.next");
    }
}
