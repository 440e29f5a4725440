package be.imio.platform.trust;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The targets a client may use: those listed by the top-level targets document and by the
 * delegated roles it trusts, each path looked up as The Update Framework specification orders
 * (section 5.6.7.2): a pre-order depth-first search from the top-level targets, which descends into
 * a delegated role only when that role's paths cover the path, answers the first role that lists
 * it, and stops at a terminating role that covers it. A path outside the paths of any role on the
 * way is never answered, whoever lists it: a publisher cannot sign for another's namespace.
 *
 * <p>A delegated role whose document the client could not use (expired, never fetched) stops the
 * search for the paths it covers: they are not looked for in later roles, which could otherwise
 * serve another file under a path the unusable role is trusted for.
 */
public final class TargetsTree {

    /** How deep delegations may nest below the top-level targets. */
    public static final int MAX_DEPTH = 8;

    /**
     * A target as the search found it.
     *
     * @param target the target, as the role lists it
     * @param role the role that lists it: {@code targets} for the top-level document, else the delegated role's name
     */
    public record Resolved(Target target, String role) {
    }

    /** A target a role lists but is not trusted for: the search for its path never reaches that role. */
    public record Outside(String role, String path) {
    }

    private enum Step { NOT_FOUND, STOP }

    private final SignedMetadata topDocument;
    private final Map<String, Target> top;
    private final Delegations topDelegations;
    private final Map<String, Map<String, Target>> listed;
    private final Map<String, Delegations> delegations;
    private final Map<String, Delegation> trustedVia;
    private final Map<String, SignedMetadata> documents;

    private TargetsTree(SignedMetadata topDocument, Map<String, Target> top, Delegations topDelegations,
            Map<String, Map<String, Target>> listed, Map<String, Delegations> delegations,
            Map<String, Delegation> trustedVia, Map<String, SignedMetadata> documents) {
        this.topDocument = topDocument;
        this.top = top;
        this.topDelegations = topDelegations;
        this.listed = listed;
        this.delegations = delegations;
        this.trustedVia = trustedVia;
        this.documents = documents;
    }

    /**
     * The tree of {@code top} (a verified top-level targets document) and of {@code delegated}:
     * each delegated role's verified document by name, with the delegation it was verified against
     * ({@code trustedVia}). A role reached through another delegation than the one its document was
     * verified against (other keys or threshold) is treated as unusable there.
     */
    public static TargetsTree of(SignedMetadata top, Map<String, SignedMetadata> delegated,
            Map<String, Delegation> trustedVia) throws MetadataException {
        Map<String, Map<String, Target>> listed = new LinkedHashMap<>();
        Map<String, Delegations> delegations = new LinkedHashMap<>();
        for (Map.Entry<String, SignedMetadata> role : delegated.entrySet()) {
            listed.put(role.getKey(), MetadataDocuments.targetsOf(role.getValue()));
            delegations.put(role.getKey(), Delegations.of(role.getValue()));
        }
        return new TargetsTree(top, MetadataDocuments.targetsOf(top), Delegations.of(top), listed, delegations,
                Map.copyOf(trustedVia), Map.copyOf(delegated));
    }

    /** The top-level targets document the search starts from. */
    public SignedMetadata top() {
        return topDocument;
    }

    /**
     * The document of the delegated role {@code name} when the search may use it: given to
     * {@link #of} and verified against a delegation the top-level targets (or a role below them)
     * name it by; empty otherwise.
     */
    public Optional<SignedMetadata> document(String name) {
        Delegation via = trustedVia.get(name);
        if (via == null || !documents.containsKey(name) || !reachedVia(topDelegations, name, via, 1, new HashSet<>())) {
            return Optional.empty();
        }
        return Optional.of(documents.get(name));
    }

    private boolean reachedVia(Delegations from, String name, Delegation via, int depth, Set<String> visited) {
        for (Delegation role : from.roles()) {
            if (role.name().equals(name)) {
                return role.equals(via);
            }
            Delegations below = delegations.get(role.name());
            if (below != null && depth < MAX_DEPTH && role.equals(trustedVia.get(role.name())) && visited.add(role.name())
                    && reachedVia(below, name, via, depth + 1, visited)) {
                return true;
            }
        }
        return false;
    }

    /** The target at {@code path}, if the search finds one. */
    public Optional<Resolved> resolve(String path) {
        Target own = top.get(path);
        if (own != null) {
            return Optional.of(new Resolved(own, Role.TARGETS.id()));
        }
        Resolved[] found = new Resolved[1];
        search(topDelegations, path, 1, new HashSet<>(), found);
        return Optional.ofNullable(found[0]);
    }

    private Step search(Delegations from, String path, int depth, Set<String> visited, Resolved[] found) {
        for (Delegation role : from.roles()) {
            if (!role.covers(path)) {
                continue;
            }
            if (!visited.add(role.name())) {
                continue;
            }
            Map<String, Target> targets = role.equals(trustedVia.get(role.name())) ? listed.get(role.name()) : null;
            if (targets == null) {
                return Step.STOP;
            }
            Target target = targets.get(path);
            if (target != null) {
                found[0] = new Resolved(target, role.name());
                return Step.STOP;
            }
            if (depth < MAX_DEPTH && search(delegations.get(role.name()), path, depth + 1, visited, found) == Step.STOP) {
                return Step.STOP;
            }
            if (role.terminating()) {
                return Step.STOP;
            }
        }
        return Step.NOT_FOUND;
    }

    /** Every target the search finds, by path, in the order the documents list them. */
    public Map<String, Resolved> targets() {
        Map<String, Resolved> all = new LinkedHashMap<>();
        for (String path : candidates()) {
            resolve(path).ifPresent(resolved -> all.put(path, resolved));
        }
        return all;
    }

    /**
     * The targets delegated roles list that the search does not answer from them: outside their
     * paths, shadowed by an earlier role, or below a role that stops the search.
     */
    public List<Outside> outside() {
        Map<String, Resolved> resolved = targets();
        return listed.entrySet().stream()
                .flatMap(role -> role.getValue().keySet().stream()
                        .filter(path -> resolved.get(path) == null || !resolved.get(path).role().equals(role.getKey()))
                        .map(path -> new Outside(role.getKey(), path)))
                .toList();
    }

    private Set<String> candidates() {
        Set<String> paths = new LinkedHashSet<>(top.keySet());
        listed.values().forEach(targets -> paths.addAll(targets.keySet()));
        return paths;
    }
}
