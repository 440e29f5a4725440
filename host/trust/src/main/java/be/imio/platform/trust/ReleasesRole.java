package be.imio.platform.trust;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The repository's online delegated role, {@code releases}: what the repository decides day to day
 * about files its publishers signed (channel, promotion, revocation, rollout, deadline), and the
 * texts it derives from each release. The top-level targets, signed offline, delegate to it with
 * the repository's online key, trusted for texts files only ({@code ...-about.json}, see
 * {@link #paths()}): whoever holds that key can withhold, promote or revoke a publisher's file, or
 * change what a release's texts say, but never introduce code. Its descriptions are its
 * {@code custom.files} (by target path, each an object the host reads as the target's custom
 * data); a file no description names is not offered.
 *
 * <p>A repository whose top-level targets are signed online (one created before publisher
 * signing) has no such role: its top-level targets carry the descriptions themselves.
 */
public final class ReleasesRole {

    /** The role's name, and so its file ({@code releases.json}); no publisher role has it ({@code publisher-...}). */
    public static final String NAME = "releases";
    /** How the file of a release's texts ends: {@code ARTIFACT-VERSION-about.json}. */
    public static final String TEXTS_SUFFIX = "-about.json";
    /** How many path segments a texts file may have (group segments, artifact, version, file). */
    static final int MAX_SEGMENTS = 16;

    private ReleasesRole() {
    }

    /**
     * The path patterns the role is trusted for: a texts file at any depth from a one-segment group
     * ({@code g/a/v/a-v-about.json}) to {@value #MAX_SEGMENTS} segments, nothing else.
     */
    public static List<String> paths() {
        List<String> paths = new ArrayList<>();
        for (int segments = 4; segments <= MAX_SEGMENTS; segments++) {
            paths.add("*/".repeat(segments - 1) + "*" + TEXTS_SUFFIX);
        }
        return paths;
    }

    /**
     * The delegation to the role, signed by {@code key}: not terminating, so that a path it covers
     * and does not list is still looked for in the publishers' roles.
     */
    public static Delegation delegation(VerifyingKey key) {
        return new Delegation(NAME, Set.of(key.id()), 1, paths(), false);
    }

    /** True when {@code delegations} delegate to the role: the top-level targets are signed offline. */
    public static boolean isDelegated(Delegations delegations) {
        return delegations.roles().stream().anyMatch(role -> role.name().equals(NAME));
    }

    /**
     * The descriptions of files of {@code tree}: the role's {@code custom.files} when the top-level
     * targets delegate to it (empty when its document cannot be used: expired, refused), else the
     * top-level targets' own {@code custom.files}. Each value is an object.
     *
     * @throws MetadataException when the top-level document's delegations cannot be read
     */
    public static JsonNode descriptions(TargetsTree tree) throws MetadataException {
        if (!isDelegated(Delegations.of(tree.top()))) {
            return files(tree.top());
        }
        Optional<SignedMetadata> role = tree.document(NAME);
        return role.isPresent() ? files(role.get()) : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }

    /** The {@code custom.files} object of {@code document}, empty when it has none. */
    public static ObjectNode files(SignedMetadata document) {
        JsonNode files = document.signed().path("custom").path("files");
        return files.isObject() ? (ObjectNode) files : com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
    }
}
