package be.imio.platform.repository.internal.metadata;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.repository.internal.release.ReleaseTargets;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

/**
 * Which released files the repository's top-level targets list itself and which their publishers
 * sign. A publisher with a key ({@code PublisherKeys}) has its namespaces delegated to its own role,
 * {@code publisher-ACCOUNT}, which only its key signs (terminating: no other role answers for its
 * paths): its files are pinned by that role, as the publisher uploaded it, and the top-level targets
 * carry only what the repository says about them (channel, revocation, rollout, deadline, texts),
 * in {@code custom.files}, by path. A file its role does not list with the same length and SHA-256
 * is awaiting its publisher's signature and listed nowhere: hosts are not offered it. A publisher
 * is delegated to only once it has published a role its current key signed. The texts
 * files the repository derives from a release stay in the top-level targets, as do the files of
 * publishers without a key.
 *
 * @param top what the top-level targets list
 * @param delegations the delegations of the top-level targets, one per publisher with a key
 * @param files what the top-level targets say of each file a publisher signed, by path
 * @param awaiting the files awaiting their publisher's signature
 */
public record TargetsSplit(List<Target> top, Delegations delegations, Map<String, ObjectNode> files,
        List<String> awaiting) {

    /** How many levels of groups below a namespace its role covers: {@code be.imio.solutions.a.b.c}. */
    static final int SUBGROUP_LEVELS = 3;

    /** The name of {@code account}'s role. */
    public static String roleName(String account) {
        return MetadataStore.DELEGATED_PREFIX + account;
    }

    /**
     * The path patterns of {@code namespaces}: every Maven path of a group that is a namespace or
     * below one (a namespace covers the names below it), up to {@link #SUBGROUP_LEVELS} levels.
     */
    public static List<String> patterns(Collection<String> namespaces) {
        List<String> patterns = new ArrayList<>();
        for (String namespace : new java.util.TreeSet<>(namespaces)) {
            String base = namespace.replace('.', '/');
            for (int extra = 0; extra <= SUBGROUP_LEVELS; extra++) {
                patterns.add(base + "/*".repeat(3 + extra));
            }
        }
        return patterns;
    }

    /** The delegation to {@code account}'s role. */
    public static Delegation delegation(String account, VerifyingKey key, Collection<String> namespaces) {
        return new Delegation(roleName(account), Set.of(key.id()), 1, patterns(namespaces), true);
    }

    private static boolean signedBy(SignedMetadata role, VerifyingKey key, Delegation delegation) {
        try {
            Delegations.of(List.of(key), List.of(delegation)).verifySignatures(role, delegation);
            return true;
        } catch (MetadataException e) {
            return false;
        }
    }

    /**
     * Splits {@code released} (every target the releases give) for publishers' {@code keys} (by
     * account), with their {@code namespaces} and the {@code roles} they signed (by role name).
     */
    public static TargetsSplit of(Collection<Target> released, Map<String, VerifyingKey> keys,
            Map<String, Set<String>> namespaces, Map<String, SignedMetadata> roles) throws MetadataException {
        List<Delegation> delegated = new ArrayList<>();
        Map<String, Map<String, Target>> signed = new LinkedHashMap<>();
        for (Map.Entry<String, VerifyingKey> key : new TreeMap<>(keys).entrySet()) {
            Set<String> granted = namespaces.getOrDefault(key.getKey(), Set.of());
            if (granted.isEmpty()) {
                continue;
            }
            SignedMetadata role = roles.get(roleName(key.getKey()));
            Delegation delegation = delegation(key.getKey(), key.getValue(), granted);
            // Delegated once there is a role its key signed: hosts refuse a whole update whose snapshot
            // does not pin a delegated role, or whose role another key signed (a publisher's key replaced).
            if (role != null && signedBy(role, key.getValue(), delegation)) {
                delegated.add(delegation);
                signed.put(key.getKey(), MetadataDocuments.targetsOf(role));
            } else {
                signed.put(key.getKey(), Map.of());
            }
        }
        List<Target> top = new ArrayList<>();
        Map<String, ObjectNode> files = new TreeMap<>();
        List<String> awaiting = new ArrayList<>();
        for (Target target : released) {
            Map<String, Target> publisherSigned = signed.get(ReleaseTargets.publisherOf(target));
            if (publisherSigned == null || target.custom().has("aboutOf")) {
                top.add(target);
                continue;
            }
            Target bySigner = publisherSigned.get(target.path());
            if (bySigner != null && bySigner.length() == target.length() && bySigner.sha256().equals(target.sha256())) {
                files.put(target.path(), target.custom());
            } else {
                awaiting.add(target.path());
            }
        }
        Set<String> delegatedKeys = new java.util.HashSet<>();
        delegated.forEach(role -> delegatedKeys.addAll(role.keyIds()));
        return new TargetsSplit(top, Delegations.of(keys.values().stream().filter(key -> delegatedKeys.contains(key.id()))
                .distinct().toList(), delegated), files, awaiting);
    }
}
