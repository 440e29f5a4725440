package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.TrustRoot;
import be.imio.platform.trust.VerifyingKey;

class RepositoryKeysTest {

    /** The root a repository with the keys in {@code folder} would publish. */
    private static TrustRoot rootOf(Path folder) throws Exception {
        Map<Role, List<VerifyingKey>> keys = new EnumMap<>(Role.class);
        for (Role role : Role.values()) {
            keys.put(role, List.of(SigningKey.readFrom(folder.resolve(role.id() + ".key")).publicKey()));
        }
        SigningKey root = SigningKey.readFrom(folder.resolve("root.key"));
        return TrustRoot.initial(SignedMetadata.sign(MetadataDocuments.root(1, Instant.parse("2030-01-01T00:00:00Z"),
                keys, Map.of()), List.of(root)));
    }

    @Test
    void aMissingOnlineKeyIsNeverMadeUpOnceARootIsPublished(@TempDir Path folder) throws Exception {
        RepositoryKeys.load(folder, null);
        TrustRoot root = rootOf(folder);
        assertNull(RepositoryKeys.load(folder, root).problem(), "every key in place and listed");

        Files.delete(folder.resolve("targets.key"));
        RepositoryKeys keys = RepositoryKeys.load(folder, root);

        assertFalse(Files.exists(folder.resolve("targets.key")), "no unlisted key is created");
        assertTrue(keys.problem().contains("targets key (keys/targets.key) is missing"), keys.problem());
        assertEquals(List.of(Role.TARGETS), keys.unusable());
        assertThrows(IllegalStateException.class, () -> keys.of(Role.TARGETS));
    }

    @Test
    void aKeyTheRootDoesNotListIsNotUsed(@TempDir Path folder) throws Exception {
        RepositoryKeys.load(folder, null);
        TrustRoot root = rootOf(folder);
        SigningKey.generate().writeTo(folder.resolve("timestamp.key"));

        RepositoryKeys keys = RepositoryKeys.load(folder, root);

        assertTrue(keys.problem().contains("is not the one the published root lists"), keys.problem());
        assertThrows(IllegalStateException.class, () -> keys.of(Role.TIMESTAMP));
    }

    @Test
    void aStagedKeyIsAdoptedOnlyWhenThePublishedRootListsIt(@TempDir Path folder) throws Exception {
        RepositoryKeys keys = RepositoryKeys.load(folder, null);
        TrustRoot before = rootOf(folder);
        SigningKey staged = keys.stage(Role.SNAPSHOT);

        // The root listing it was never published: the rotation is abandoned.
        assertNull(RepositoryKeys.load(folder, before).problem());
        assertFalse(Files.exists(folder.resolve("snapshot.key.next")));

        keys.stage(Role.SNAPSHOT);
        Files.move(folder.resolve("snapshot.key.next"), folder.resolve("kept.next"));
        staged.writeTo(folder.resolve("snapshot.key.next"));
        Path listed = Files.createTempDirectory(folder, "with-next");
        for (Role role : Role.values()) {
            Files.copy(folder.resolve(role.id() + ".key"), listed.resolve(role.id() + ".key"));
        }
        staged.writeTo(listed.resolve("snapshot.key"));
        // Published, then cut off before the key was put in place: the rotation completes.
        RepositoryKeys after = RepositoryKeys.load(folder, rootOf(listed));
        assertNull(after.problem());
        assertEquals(staged.publicKey().id(), after.of(Role.SNAPSHOT).publicKey().id());
    }
}
