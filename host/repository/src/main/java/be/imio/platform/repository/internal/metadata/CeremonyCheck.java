package be.imio.platform.repository.internal.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataException;

/**
 * What a targets signing ceremony checks before the offline key signs: the delegations the server
 * proposes (from its database and {@code etc/}, which whoever holds the server could change)
 * against what the key holder expects, and what they change in the published top-level targets.
 *
 * <p>The expected delegations are a file kept with the offline targets key, one line per
 * publisher: {@code ACCOUNT KEYID NAMESPACE[,NAMESPACE...]} ({@code #} starts a comment), the key
 * id being the full one each publisher's {@code imio:keygen} printed and sent to iMio by another
 * way than the server. The ceremony signs only when the proposed delegations are exactly those.
 */
public final class CeremonyCheck {

    /** One publisher as the key holder expects it delegated to. */
    public record Expected(String keyId, Set<String> namespaces) {

        public Expected {
            namespaces = java.util.Collections.unmodifiableSortedSet(new TreeSet<>(namespaces));
        }
    }

    private CeremonyCheck() {
    }

    /**
     * Reads the expected delegations of {@code file}, by account.
     *
     * @throws MetadataException naming the line that is not {@code ACCOUNT KEYID NAMESPACE[,...]}
     */
    public static Map<String, Expected> read(Path file) throws IOException, MetadataException {
        Map<String, Expected> expected = new TreeMap<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).replaceFirst("#.*", "").strip();
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\\s+");
            Set<String> namespaces = fields.length == 3 ? new TreeSet<>(Arrays.asList(fields[2].split(","))) : Set.of();
            if (fields.length != 3 || !fields[1].matches("[0-9a-f]{64}")
                    || !namespaces.stream().allMatch(Publishers::isNamespace) || expected.containsKey(fields[0])) {
                throw new MetadataException(file + " line " + (i + 1) + ": expected ACCOUNT KEYID NAMESPACE[,NAMESPACE...]"
                        + " (a full 64-digit key id, package names, each account once), not: " + lines.get(i).strip());
            }
            expected.put(fields[0], new Expected(fields[1], namespaces));
        }
        return expected;
    }

    /** How {@code chosen} differs from {@code expected}, one line each; empty when they are the same. */
    public static List<String> mismatches(TargetsSplit.Chosen chosen, Map<String, Expected> expected) {
        Map<String, Expected> proposed = proposed(chosen);
        List<String> mismatches = new ArrayList<>();
        expected.forEach((account, want) -> {
            Expected got = proposed.get(account);
            if (got == null) {
                mismatches.add(account + ": expected, not proposed" + (chosen.leftOut().containsKey(account)
                        ? " (" + chosen.leftOut().get(account) + ")" : " (no key registered, or no such publisher)"));
            } else if (!got.keyId().equals(want.keyId())) {
                mismatches.add(account + ": proposed key " + got.keyId() + ", expected " + want.keyId());
            } else if (!got.namespaces().equals(want.namespaces())) {
                mismatches.add(account + ": proposed namespaces " + String.join(",", got.namespaces()) + ", expected "
                        + String.join(",", want.namespaces()));
            }
        });
        proposed.keySet().stream().filter(account -> !expected.containsKey(account)).forEach(account -> mismatches.add(
                account + ": proposed (key " + proposed.get(account).keyId() + ", namespaces "
                        + String.join(",", proposed.get(account).namespaces()) + "), not expected"));
        return mismatches;
    }

    /**
     * What signing {@code chosen} changes in the {@code published} top-level targets' delegations to
     * publishers, one line each: added, removed, another key, other paths.
     */
    public static List<String> changes(Delegations published, TargetsSplit.Chosen chosen) {
        Map<String, Delegation> before = new TreeMap<>();
        published.roles().stream().filter(role -> role.name().startsWith(MetadataStore.DELEGATED_PREFIX))
                .forEach(role -> before.put(role.name(), role));
        Map<String, Delegation> after = new TreeMap<>();
        chosen.delegations().forEach(role -> after.put(role.name(), role));
        List<String> changes = new ArrayList<>();
        after.forEach((name, role) -> {
            Delegation was = before.get(name);
            if (was == null) {
                changes.add("added " + name);
            } else if (!was.keyIds().equals(role.keyIds())) {
                changes.add(name + ": key " + String.join(",", was.keyIds()) + " replaced by " + String.join(",", role.keyIds()));
            } else if (!was.paths().equals(role.paths())) {
                changes.add(name + ": namespaces changed");
            }
        });
        before.keySet().stream().filter(name -> !after.containsKey(name)).forEach(name -> changes.add("removed " + name));
        return changes;
    }

    private static Map<String, Expected> proposed(TargetsSplit.Chosen chosen) {
        Map<String, Expected> proposed = new TreeMap<>();
        for (Delegation role : chosen.delegations()) {
            String account = TargetsSplit.accountOf(role.name());
            proposed.put(account, new Expected(role.keyIds().iterator().next(),
                    chosen.namespaces().getOrDefault(account, Set.of())));
        }
        return proposed;
    }
}
