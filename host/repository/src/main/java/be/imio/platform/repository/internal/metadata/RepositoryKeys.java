package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

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
 * The repository's signing keys, one per role, in {@code data/repository/keys} (owner-only files),
 * all created on the role's first start. The root key signs rarely; it can be moved off the server
 * once the first root is published, and is needed again only to sign a new root.
 *
 * <p>Once a root is published, a missing online key (targets, snapshot, timestamp) is never made
 * up: a new key that no root lists would make every host refuse everything the repository signs.
 * The repository then signs nothing and says why ({@link #problem()}), until a new root lists a new
 * key ({@code imio:root-sign --rotate}). A key file that the published root does not list is
 * refused the same way.
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
    private final Map<Role, Message> problems = new EnumMap<>(Role.class);

    private RepositoryKeys(Path folder) {
        this.folder = folder;
    }

    /**
     * Loads the keys from {@code folder}. Creates them all when no root is published yet
     * ({@code root} null); afterwards creates none, and checks each online key against {@code root}.
     */
    static RepositoryKeys load(Path folder, TrustRoot root) throws IOException, MetadataException {
        Files.createDirectories(folder);
        RepositoryKeys loaded = new RepositoryKeys(folder);
        for (Role role : Role.values()) {
            Path file = loaded.file(role);
            Path next = loaded.next(role);
            if (Files.exists(next)) {
                SigningKey staged = SigningKey.readFrom(next);
                if (root != null && root.keyIds(role).contains(staged.publicKey().id())) {
                    Files.move(next, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    LOG.warn("Completed the rotation of the {} key: the published root lists {}", role.id(),
                            staged.publicKey().id());
                } else {
                    Files.delete(next);
                    LOG.warn("Deleted the {} key of a rotation that did not publish its root", role.id());
                }
            }
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
                LOG.info("The root key is offline; it is needed again only to sign a new root");
            } else {
                loaded.problems.put(role, RepositoryTexts.message("signing.key-missing", role.id(), file.getFileName()));
            }
        }
        if (!loaded.problems.isEmpty()) {
            LOG.error("The repository signs nothing until a new root lists new keys (imio:root-sign --key ROOT.key"
                    + " --rotate {}): {}", String.join(",", loaded.problems.keySet().stream().map(Role::id).toList()),
                    loaded.problem());
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
        if (problems.isEmpty()) {
            return null;
        }
        List<Message> each = List.copyOf(problems.values());
        return Message.written(language -> String.join(Texts.FRENCH.getLanguage().equals(language.getLanguage())
                ? " ; " : "; ", each.stream().map(problem -> problem.in(language)).toList()));
    }

    /** The online roles whose key is missing or not listed by the published root. */
    List<Role> unusable() {
        return new ArrayList<>(problems.keySet());
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
        SigningKey key = SigningKey.generate();
        key.writeTo(next(role));
        return key;
    }

    /** Puts the staged key of {@code role} in place, once a published root lists it. */
    void commit(Role role, SigningKey key) throws IOException {
        Files.move(next(role), file(role), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        keys.put(role, key);
        problems.remove(role);
    }

    /** Drops a staged key whose root was not published. */
    void abandon(Role role) throws IOException {
        Files.deleteIfExists(next(role));
    }

    private Path file(Role role) {
        return folder.resolve(role.id() + ".key");
    }

    private Path next(Role role) {
        return folder.resolve(role.id() + ".key.next");
    }
}
