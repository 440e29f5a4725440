package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
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

    /** The root a repository with the online keys in {@code folder} and its root keys in {@code folder/offline} would publish. */
    private static TrustRoot rootOf(Path folder) throws Exception {
        Map<Role, List<VerifyingKey>> keys = new EnumMap<>(Role.class);
        for (Role role : List.of(Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP)) {
            keys.put(role, List.of(SigningKey.readFrom(folder.resolve(role.id() + ".key")).publicKey()));
        }
        List<SigningKey> rootKeys = new ArrayList<>();
        for (int holder = 1; holder <= 3; holder++) {
            rootKeys.add(SigningKey.readFrom(folder.resolve("offline/root-" + holder + ".key")));
        }
        keys.put(Role.ROOT, rootKeys.stream().map(SigningKey::publicKey).toList());
        return TrustRoot.initial(SignedMetadata.sign(MetadataDocuments.root(1, Instant.parse("2030-01-01T00:00:00Z"),
                keys, Map.of(Role.ROOT, 2)), rootKeys));
    }

    private static RepositoryKeys load(Path folder, TrustRoot root) throws Exception {
        return RepositoryKeys.load(folder, folder.resolve("offline"), 3, root, false, null);
    }

    @Test
    void theFirstStartCreatesSeveralRootKeysOutsideTheKeysFolderAndNoneAfterwards(@TempDir Path folder) throws Exception {
        RepositoryKeys first = load(folder, null);
        assertEquals(3, first.initialRootKeys().size());
        assertEquals(3, first.initialRootKeys().stream().map(key -> key.publicKey().id()).distinct().count());
        assertFalse(Files.exists(folder.resolve("root.key")), "no root key among the keys the server keeps");
        for (int holder = 1; holder <= 3; holder++) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(
                    folder.resolve("offline/root-" + holder + ".key"))));
        }
        assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("offline"))));

        TrustRoot root = rootOf(folder);
        for (int holder = 1; holder <= 3; holder++) {
            Files.delete(folder.resolve("offline/root-" + holder + ".key"));
        }
        RepositoryKeys later = load(folder, root);
        assertEquals(List.of(), later.initialRootKeys());
        assertNull(later.problem(), "the root keys being offline is how it should be");
        assertFalse(Files.exists(folder.resolve("offline/root-1.key")), "no root key is made once a root is published");
    }

    @Test
    void aSingleRootKeyOfAnOlderInstanceStillSigns(@TempDir Path folder) throws Exception {
        SigningKey legacy = SigningKey.generate();
        legacy.writeTo(folder.resolve("root.key"));
        RepositoryKeys keys = load(folder, null);
        assertEquals(List.of(), keys.initialRootKeys());
        assertEquals(legacy.publicKey().id(), keys.of(Role.ROOT).publicKey().id());
        assertFalse(Files.exists(folder.resolve("offline")));
    }

    @Test
    void aMissingOnlineKeyIsNeverMadeUpOnceARootIsPublished(@TempDir Path folder) throws Exception {
        load(folder, null);
        TrustRoot root = rootOf(folder);
        assertNull(load(folder, root).problem(), "every key in place and listed");

        Files.delete(folder.resolve("targets.key"));
        RepositoryKeys keys = load(folder, root);

        assertFalse(Files.exists(folder.resolve("targets.key")), "no unlisted key is created");
        assertTrue(keys.problem().contains("targets key (keys/targets.key) is missing"), keys.problem());
        assertEquals(List.of(Role.TARGETS), keys.unusable());
        assertThrows(IllegalStateException.class, () -> keys.of(Role.TARGETS));
    }

    @Test
    void aKeyTheRootDoesNotListIsNotUsed(@TempDir Path folder) throws Exception {
        load(folder, null);
        TrustRoot root = rootOf(folder);
        SigningKey.generate().writeTo(folder.resolve("timestamp.key"));

        RepositoryKeys keys = load(folder, root);

        assertTrue(keys.problem().contains("is not the one the published root lists"), keys.problem());
        assertThrows(IllegalStateException.class, () -> keys.of(Role.TIMESTAMP));
    }

    @Test
    void aStagedKeyIsAdoptedOnlyWhenThePublishedRootListsIt(@TempDir Path folder) throws Exception {
        RepositoryKeys keys = load(folder, null);
        TrustRoot before = rootOf(folder);
        SigningKey staged = keys.stage(Role.SNAPSHOT);

        // The root listing it was never published: the rotation is abandoned.
        assertNull(load(folder, before).problem());
        assertFalse(Files.exists(folder.resolve("snapshot.key.next")));

        keys.stage(Role.SNAPSHOT);
        Files.move(folder.resolve("snapshot.key.next"), folder.resolve("kept.next"));
        staged.writeTo(folder.resolve("snapshot.key.next"));
        Path listed = Files.createTempDirectory(folder, "with-next");
        for (Role role : List.of(Role.TARGETS, Role.SNAPSHOT, Role.TIMESTAMP)) {
            Files.copy(folder.resolve(role.id() + ".key"), listed.resolve(role.id() + ".key"));
        }
        Files.createDirectories(listed.resolve("offline"));
        for (int holder = 1; holder <= 3; holder++) {
            Files.copy(folder.resolve("offline/root-" + holder + ".key"), listed.resolve("offline/root-" + holder + ".key"));
        }
        staged.writeTo(listed.resolve("snapshot.key"));
        // Published, then cut off before the key was put in place: the rotation completes.
        RepositoryKeys after = load(folder, rootOf(listed));
        assertNull(after.problem());
        assertEquals(staged.publicKey().id(), after.of(Role.SNAPSHOT).publicKey().id());
    }

    @Test
    void withOfflineTargetsTheTargetsKeyGoesOfflineAndAReleasesKeyStaysOnlineCheckedAgainstTheDelegation(
            @TempDir Path folder) throws Exception {
        RepositoryKeys first = RepositoryKeys.load(folder, folder.resolve("offline"), 3, null, true, null);
        assertTrue(first.offlineTargets());
        assertTrue(Files.exists(folder.resolve("offline/targets.key")), "beside the root keys, out of backups");
        assertFalse(Files.exists(folder.resolve("targets.key")), "never among the keys the server keeps");
        assertEquals(SigningKey.readFrom(folder.resolve("offline/targets.key")).publicKey(),
                first.initialTargetsKey().publicKey(), "kept for the first top-level targets only");
        String releases = SigningKey.readFrom(folder.resolve("releases.key")).publicKey().id();
        assertEquals(releases, first.releases().publicKey().id());

        Map<Role, List<VerifyingKey>> keys = new EnumMap<>(Role.class);
        keys.put(Role.TARGETS, List.of(first.initialTargetsKey().publicKey()));
        for (Role role : List.of(Role.SNAPSHOT, Role.TIMESTAMP)) {
            keys.put(role, List.of(SigningKey.readFrom(folder.resolve(role.id() + ".key")).publicKey()));
        }
        keys.put(Role.ROOT, first.initialRootKeys().stream().map(SigningKey::publicKey).toList());
        TrustRoot root = TrustRoot.initial(SignedMetadata.sign(MetadataDocuments.root(1,
                Instant.parse("2030-01-01T00:00:00Z"), keys, Map.of(Role.ROOT, 2)), first.initialRootKeys()));
        Files.delete(folder.resolve("offline/targets.key"));

        RepositoryKeys later = RepositoryKeys.load(folder, folder.resolve("offline"), 3, root, true,
                java.util.Set.of(releases));
        assertNull(later.problem(), "the targets key being offline is how it should be");
        assertNull(later.initialTargetsKey());
        assertEquals(releases, later.releases().publicKey().id());

        RepositoryKeys otherDelegation = RepositoryKeys.load(folder, folder.resolve("offline"), 3, root, true,
                java.util.Set.of(SigningKey.generate().publicKey().id()));
        assertNull(otherDelegation.releases());
        assertTrue(otherDelegation.problem().contains("releases"), otherDelegation.problem());

        // A rotation cut off after its targets were published completes; one that was not published is dropped.
        SigningKey staged = later.stageReleases();
        assertEquals(staged.publicKey().id(), RepositoryKeys.load(folder, folder.resolve("offline"), 3, root, true,
                java.util.Set.of(staged.publicKey().id())).releases().publicKey().id());
        later.stageReleases();
        assertNull(RepositoryKeys.load(folder, folder.resolve("offline"), 3, root, true,
                java.util.Set.of(staged.publicKey().id())).problem());
        assertFalse(Files.exists(folder.resolve("releases.key.next")));
    }
}

