package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.repository.internal.publisher.PublisherKeys;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SigningKey;

class CeremonyCheckTest {

    private final SigningKey imio = SigningKey.generate();
    private final SigningKey liege = SigningKey.generate();
    private final Map<String, Set<String>> namespaces = Map.of("imio", Set.of("be.imio.solutions"), "liege",
            Set.of("be.liege", "be.liege.cpas"));

    private static PublisherKeys.Registered registered(SigningKey key) {
        return new PublisherKeys.Registered(key.publicKey(), Instant.parse("2026-12-01T00:00:00Z"));
    }

    private TargetsSplit.Chosen proposed(SigningKey liegeKey, Map<String, Set<String>> granted) {
        return TargetsSplit.chosen(Map.of("imio", registered(imio), "liege", registered(liegeKey)), granted);
    }

    @Test
    void theExpectedListIsReadStrictly(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("expected.txt");
        Files.writeString(file, "# kept with the offline key\nimio " + imio.publicKey().id() + " be.imio.solutions\n\n"
                + "liege " + liege.publicKey().id() + " be.liege,be.liege.cpas  # two namespaces\n");
        assertEquals(Map.of("imio", new CeremonyCheck.Expected(imio.publicKey().id(), Set.of("be.imio.solutions")),
                "liege", new CeremonyCheck.Expected(liege.publicKey().id(), Set.of("be.liege", "be.liege.cpas"))),
                CeremonyCheck.read(file));
        for (String bad : List.of("imio " + imio.publicKey().id().substring(0, 12) + " be.imio.solutions",
                "imio " + imio.publicKey().id() + " be.*", "imio " + imio.publicKey().id(),
                "imio " + imio.publicKey().id() + " be.imio.solutions\nimio " + liege.publicKey().id() + " be.x.y")) {
            Files.writeString(file, bad + "\n");
            MetadataException refused = assertThrows(MetadataException.class, () -> CeremonyCheck.read(file), bad);
            assertTrue(refused.getMessage().contains("line "), refused.getMessage());
        }
    }

    @Test
    void everyDifferenceBetweenWhatTheServerProposesAndWhatIsExpectedIsNamed() {
        Map<String, CeremonyCheck.Expected> expected = Map.of(
                "imio", new CeremonyCheck.Expected(imio.publicKey().id(), Set.of("be.imio.solutions")),
                "liege", new CeremonyCheck.Expected(liege.publicKey().id(), Set.of("be.liege", "be.liege.cpas")));
        assertEquals(List.of(), CeremonyCheck.mismatches(proposed(liege, namespaces), expected));

        SigningKey swapped = SigningKey.generate();
        assertEquals(List.of("liege: proposed key " + swapped.publicKey().id() + ", expected " + liege.publicKey().id()),
                CeremonyCheck.mismatches(proposed(swapped, namespaces), expected), "a key the server swapped");
        Map<String, Set<String>> widened = Map.of("imio", Set.of("be.imio.solutions"), "liege", Set.of("be.liege", "be.namur"));
        assertEquals(List.of("liege: proposed namespaces be.liege,be.namur, expected be.liege,be.liege.cpas"),
                CeremonyCheck.mismatches(proposed(liege, widened), expected), "a namespace the server added");
        TargetsSplit.Chosen withIntruder = TargetsSplit.chosen(Map.of("imio", registered(imio), "liege", registered(liege),
                "intruder", registered(swapped)), Map.of("imio", Set.of("be.imio.solutions"), "liege",
                Set.of("be.liege", "be.liege.cpas"), "intruder", Set.of("be.namur")));
        assertEquals(List.of("intruder: proposed (key " + swapped.publicKey().id() + ", namespaces be.namur), not expected"),
                CeremonyCheck.mismatches(withIntruder, expected), "a publisher the server added");
        assertEquals(List.of("liege: expected, not proposed (no key registered, or no such publisher)"),
                CeremonyCheck.mismatches(TargetsSplit.chosen(Map.of("imio", registered(imio)), namespaces), expected));
    }

    @Test
    void theChangesToThePublishedDelegationsAreListed() {
        TargetsSplit.Chosen before = proposed(liege, namespaces);
        Delegations published = Delegations.of(before.keys(), before.delegations());
        assertEquals(List.of(), CeremonyCheck.changes(published, before));
        SigningKey swapped = SigningKey.generate();
        TargetsSplit.Chosen after = TargetsSplit.chosen(Map.of("liege", registered(swapped), "namur", registered(imio)),
                Map.of("liege", Set.of("be.liege"), "namur", Set.of("be.namur")));
        assertEquals(List.of("publisher-liege: key " + liege.publicKey().id() + " replaced by " + swapped.publicKey().id(),
                "added publisher-namur", "removed publisher-imio"), CeremonyCheck.changes(published, after));
        assertEquals(List.of("publisher-liege: namespaces changed"), CeremonyCheck.changes(Delegations.of(before.keys(),
                List.of(before.delegations().get(1))), TargetsSplit.chosen(Map.of("liege", registered(liege)),
                Map.of("liege", Set.of("be.liege")))));
    }
}
