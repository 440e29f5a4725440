package be.imio.platform.repository.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SigningKey;

/**
 * The repository's signing keys, one per role, created on the role's first start in
 * {@code data/repository/keys} (owner-only files). The root key signs rarely; it can be moved off
 * the server once the first root is published, and is needed again only to sign a new root.
 */
final class RepositoryKeys {

    private static final Logger LOG = LoggerFactory.getLogger(RepositoryKeys.class);

    private final Map<Role, SigningKey> keys = new EnumMap<>(Role.class);

    private RepositoryKeys() {
    }

    /**
     * Loads the keys from {@code folder}, creating any that do not exist yet, except a root key
     * that was moved away after the first root was published: that one is offline.
     */
    static RepositoryKeys loadOrCreate(Path folder, boolean rootPublished) throws IOException, MetadataException {
        Files.createDirectories(folder);
        RepositoryKeys loaded = new RepositoryKeys();
        for (Role role : Role.values()) {
            Path file = folder.resolve(role.id() + ".key");
            if (Files.exists(file)) {
                loaded.keys.put(role, SigningKey.readFrom(file));
            } else if (role == Role.ROOT && rootPublished) {
                LOG.info("The root key is offline; it is needed again only to sign a new root");
            } else {
                SigningKey key = SigningKey.generate();
                key.writeTo(file);
                loaded.keys.put(role, key);
                LOG.info("Created the {} signing key {}", role.id(), key.publicKey());
            }
        }
        return loaded;
    }

    /** The key of {@code role}; for root, only while it is online. */
    SigningKey of(Role role) {
        SigningKey key = keys.get(role);
        if (key == null) {
            throw new IllegalStateException("the " + role.id() + " key is offline");
        }
        return key;
    }
}
