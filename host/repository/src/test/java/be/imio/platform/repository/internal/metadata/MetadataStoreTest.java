package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;

class MetadataStoreTest {

    private static final SigningKey KEY = SigningKey.generate();
    private static final Instant EXPIRES = Instant.parse("2030-01-01T00:00:00Z");

    @Test
    void keepsTheNewestVersionsOfTargetsAndSnapshotAndEveryRoot(@TempDir Path folder) throws Exception {
        MetadataStore store = new MetadataStore(folder, 3);
        for (int v = 1; v <= 4; v++) {
            store.publish(SignedMetadata.sign(MetadataDocuments.root(v, EXPIRES,
                    Map.of(Role.ROOT, List.of(KEY.publicKey())), Map.of()), List.of(KEY)));
        }
        for (int v = 1; v <= 50; v++) {
            SignedMetadata targets = SignedMetadata.sign(MetadataDocuments.targets(v, EXPIRES, List.of()), List.of(KEY));
            store.publish(targets);
            SignedMetadata snapshot = SignedMetadata.sign(MetadataDocuments.snapshot(v, EXPIRES, targets), List.of(KEY));
            store.publish(snapshot);
            store.publish(SignedMetadata.sign(MetadataDocuments.timestamp(v, EXPIRES, snapshot), List.of(KEY)));
        }

        TreeSet<String> names;
        try (var files = Files.list(folder)) {
            names = files.map(f -> f.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(List.of("1.root.json", "2.root.json", "3.root.json", "4.root.json", "root.json",
                "48.targets.json", "49.targets.json", "50.targets.json", "targets.json",
                "48.snapshot.json", "49.snapshot.json", "50.snapshot.json", "snapshot.json", "timestamp.json")), names);
        assertEquals(50, store.latest(Role.TARGETS).orElseThrow().version());
        assertEquals(50, SignedMetadata.parse(Files.readAllBytes(folder.resolve("50.snapshot.json"))).version(),
                "what the timestamp pins is there");
    }
}
