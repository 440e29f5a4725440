package be.imio.platform.repository.internal.metadata;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.repository.internal.publisher.PublisherKeys;
import be.imio.platform.repository.internal.publisher.Publishers;
import be.imio.platform.repository.internal.release.ReleaseTargets;
import be.imio.platform.trust.Delegation;
import be.imio.platform.trust.Delegations;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.ReleasesRole;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.VerifyingKey;

/**
 * Which released files the repository's top-level targets list itself and which their publishers
 * sign. A publisher with a key ({@code PublisherKeys}) has its namespaces delegated to its own role,
 * {@code publisher-ACCOUNT}, which only its key signs (terminating: no other role answers for its
 * paths): its files are pinned by that role, as the publisher uploaded it, and the top-level targets
 * carry only what the repository says about them (channel, revocation, rollout, deadline, texts),
 * in {@code custom.files}, by path. The texts files the repository derives from a release stay in
 * the top-level targets, as do the files of publishers without a key, and those a publisher
 * released before its key was registered (which no key of its signed).
 *
 * <p>Anything else of a publisher with a key is awaiting its signature and listed nowhere: hosts are
 * not offered it. That is a file its role does not pin with the same length and SHA-256, and every
 * file of a publisher that cannot be delegated to (yet): it has published no role its current key
 * signed, it has no namespace, one of its namespaces overlaps another publisher's (the two roles
 * would both answer for the same paths), or {@link Delegations#MAX_ROLES} publishers are delegated
 * to already. It fails closed: a publisher with a key is never signed for by the repository again.
 *
 * <p>When the top-level targets are signed offline, which publishers are delegated to is theirs,
 * fixed at the last targets signing ceremony ({@link #chosen}); {@link #under} then splits the
 * releases under those delegations: what the repository derives (texts) and says goes to its
 * online {@code releases} role, and a file no delegated role of its publisher pins awaits.
 *
 * @param top what the top-level targets list (with offline top-level targets: what the releases role lists)
 * @param delegations the delegations of the top-level targets, one per publisher with a key
 * @param files what the top-level targets say of each file a publisher signed, by path
 * @param awaiting the files awaiting their publisher's signature
 */
public record TargetsSplit(List<Target> top, Delegations delegations, Map<String, ObjectNode> files,
        List<String> awaiting) {

    /** How many levels of groups below a namespace its role covers: {@code be.imio.solutions.a.b.c.d.e}. */
    static final int SUBGROUP_LEVELS = 5;

    /** The name of {@code account}'s role. */
    public static String roleName(String account) {
        return MetadataStore.DELEGATED_PREFIX + account;
    }

    /** The account whose role {@code roleName} is ({@link #roleName}'s inverse). */
    public static String accountOf(String roleName) {
        return roleName.substring(MetadataStore.DELEGATED_PREFIX.length());
    }

    /** True when {@code signed}, as a publisher's role pins it, is {@code released}: the same length and SHA-256. */
    private static boolean pins(Target signed, Target released) {
        return signed != null && signed.length() == released.length() && signed.sha256().equals(released.sha256());
    }

    /**
     * The path patterns of {@code namespaces}: every Maven path of a group that is a namespace or
     * below one (a namespace covers the names below it), up to {@link #SUBGROUP_LEVELS} levels.
     */
    public static List<String> patterns(Collection<String> namespaces) {
        List<String> patterns = new ArrayList<>();
        for (String namespace : new java.util.TreeSet<>(namespaces)) {
            if (!Publishers.isNamespace(namespace)) {
                // A glob character would reach other publishers' groups: be.* covers every be.x.
                throw new IllegalArgumentException("not a namespace: " + namespace);
            }
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

    /**
     * The accounts, among {@code namespaces}' (by account), other than {@code account}, one of whose
     * namespaces is one of {@code account}'s, or above or below one of them.
     */
    public static Set<String> overlapping(String account, Map<String, Set<String>> namespaces) {
        Set<String> overlapping = new java.util.TreeSet<>();
        for (String mine : namespaces.getOrDefault(account, Set.of())) {
            namespaces.forEach((other, theirs) -> {
                // What is not a namespace is never delegated (see patterns): it takes no path from anyone.
                if (!other.equals(account) && theirs.stream().filter(Publishers::isNamespace).anyMatch(name -> name.equals(mine)
                        || name.startsWith(mine + ".") || mine.startsWith(name + "."))) {
                    overlapping.add(other);
                }
            });
        }
        return overlapping;
    }

    /**
     * Splits {@code released} (every target the releases give) for publishers' {@code keys} (by
     * account), with their {@code namespaces} and the {@code roles} they signed (by role name).
     */
    public static TargetsSplit of(Collection<Target> released, Map<String, PublisherKeys.Registered> keys,
            Map<String, Set<String>> namespaces, Map<String, SignedMetadata> roles) throws MetadataException {
        List<Delegation> delegated = new ArrayList<>();
        List<VerifyingKey> delegatedKeys = new ArrayList<>();
        Map<String, Map<String, Target>> signed = new TreeMap<>();
        for (Map.Entry<String, PublisherKeys.Registered> key : new TreeMap<>(keys).entrySet()) {
            String account = key.getKey();
            VerifyingKey publicKey = key.getValue().key();
            // Fails closed: whatever stops the delegation, the account's files await its signature.
            signed.put(account, Map.of());
            Set<String> granted = namespaces.getOrDefault(account, Set.of());
            SignedMetadata role = roles.get(roleName(account));
            if (granted.isEmpty() || role == null || !overlapping(account, namespaces).isEmpty()
                    || delegated.size() == Delegations.MAX_ROLES) {
                continue;
            }
            Delegation delegation;
            try {
                delegation = delegation(account, publicKey, granted);
            } catch (IllegalArgumentException e) {
                continue;
            }
            // Hosts refuse a role another key signed (a publisher's key replaced): delegated once its current key signed one.
            if (role.isSignedBy(publicKey)) {
                delegated.add(delegation);
                if (!delegatedKeys.contains(publicKey)) {
                    delegatedKeys.add(publicKey);
                }
                signed.put(account, MetadataDocuments.targetsOf(role));
            }
        }
        List<Target> top = new ArrayList<>();
        Map<String, ObjectNode> files = new TreeMap<>();
        List<String> awaiting = new ArrayList<>();
        for (Target target : released) {
            String account = ReleaseTargets.publisherOf(target);
            Map<String, Target> publisherSigned = signed.get(account);
            if (publisherSigned == null || target.custom().has("aboutOf")) {
                top.add(target);
                continue;
            }
            if (pins(publisherSigned.get(target.path()), target)) {
                files.put(target.path(), target.custom());
            } else if (releasedBefore(target, keys.get(account).since())) {
                top.add(target);
            } else {
                awaiting.add(target.path());
            }
        }
        return new TargetsSplit(top, Delegations.of(delegatedKeys, delegated), files, awaiting);
    }

    /**
     * The publishers a targets signing ceremony delegates to: every publisher with a key (by
     * account in {@code keys}) and namespaces ({@code namespaces}) not overlapping another's, up to
     * {@link Delegations#MAX_ROLES} minus one (the releases role), in account order.
     *
     * @param delegations one per publisher delegated to
     * @param keys the keys they name
     * @param leftOut the publishers with a key left out, each with why ({@code no-namespace},
     *     {@code overlap:ACCOUNT,...}, {@code too-many}, {@code bad-namespace}: not a package name)
     * @param namespaces the namespaces of each publisher delegated to, by account
     */
    public record Chosen(List<Delegation> delegations, List<VerifyingKey> keys, Map<String, String> leftOut,
            Map<String, Set<String>> namespaces) {
    }

    /** The delegations of a targets signing ceremony (see {@link Chosen}). */
    public static Chosen chosen(Map<String, PublisherKeys.Registered> keys, Map<String, Set<String>> namespaces) {
        List<Delegation> delegations = new ArrayList<>();
        List<VerifyingKey> delegatedKeys = new ArrayList<>();
        Map<String, String> leftOut = new TreeMap<>();
        Map<String, Set<String>> delegatedNamespaces = new TreeMap<>();
        for (Map.Entry<String, PublisherKeys.Registered> key : new TreeMap<>(keys).entrySet()) {
            String account = key.getKey();
            Set<String> granted = namespaces.getOrDefault(account, Set.of());
            Set<String> overlapping = overlapping(account, namespaces);
            if (granted.isEmpty()) {
                leftOut.put(account, "no-namespace");
            } else if (!granted.stream().allMatch(Publishers::isNamespace)) {
                leftOut.put(account, "bad-namespace");
            } else if (!overlapping.isEmpty()) {
                leftOut.put(account, "overlap:" + String.join(",", overlapping));
            } else if (delegations.size() == Delegations.MAX_ROLES - 1) {
                leftOut.put(account, "too-many");
            } else {
                try {
                    delegations.add(delegation(account, key.getValue().key(), granted));
                } catch (IllegalArgumentException e) {
                    leftOut.put(account, "bad-namespace");
                    continue;
                }
                if (!delegatedKeys.contains(key.getValue().key())) {
                    delegatedKeys.add(key.getValue().key());
                }
                delegatedNamespaces.put(account, new java.util.TreeSet<>(granted));
            }
        }
        return new Chosen(delegations, delegatedKeys, leftOut, delegatedNamespaces);
    }

    /**
     * Splits {@code released} under the delegations of top-level targets signed offline
     * ({@code delegations}, the releases role's among them): a publisher's file is described when
     * the role its delegation names, as published ({@code roles}, by name) and verified against
     * that delegation's keys, pins it with the same length and SHA-256, and the delegation's paths
     * cover it; texts files go to the releases role; anything else awaits.
     */
    public static TargetsSplit under(Collection<Target> released, Delegations delegations,
            Map<String, SignedMetadata> roles) {
        Map<String, Map<String, Target>> signed = new TreeMap<>();
        for (Delegation delegation : delegations.roles()) {
            SignedMetadata role = roles.get(delegation.name());
            if (delegation.name().equals(ReleasesRole.NAME) || role == null) {
                continue;
            }
            try {
                delegations.verifySignatures(role, delegation);
                signed.put(delegation.name(), MetadataDocuments.targetsOf(role));
            } catch (MetadataException notByItsKey) {
                // Signed with a key the ceremony did not delegate to (a key changed since): awaits.
            }
        }
        List<Target> top = new ArrayList<>();
        Map<String, ObjectNode> files = new TreeMap<>();
        List<String> awaiting = new ArrayList<>();
        for (Target target : released) {
            if (target.custom().has("aboutOf")) {
                top.add(target);
                continue;
            }
            String role = roleName(ReleaseTargets.publisherOf(target));
            boolean covered = delegations.role(role).map(delegation -> delegation.covers(target.path())).orElse(false);
            if (covered && pins(signed.getOrDefault(role, Map.of()).get(target.path()), target)) {
                files.put(target.path(), target.custom());
            } else {
                awaiting.add(target.path());
            }
        }
        return new TargetsSplit(top, delegations, files, awaiting);
    }

    private static boolean releasedBefore(Target target, Instant since) {
        try {
            return Instant.parse(target.custom().path("releasedAt").asText()).isBefore(since);
        } catch (java.time.format.DateTimeParseException unknown) {
            return false;
        }
    }
}
