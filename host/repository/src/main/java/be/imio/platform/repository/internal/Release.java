package be.imio.platform.repository.internal;

import java.time.Instant;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

/** One released file, as recorded in {@code REPOSITORY_RELEASE} and pinned in targets metadata. */
public record Release(String path, String groupId, String artifactId, String version, String symbolicName,
        String hostApiRange, long length, String sha256, String channel, String releasedBy,
        String releasedFrom, Instant releasedAt, String revokedReason, Instant revokedAt) {

    /** Testing first; promotion to stable is an explicit act. */
    static final String FIRST_CHANNEL = "testing";
    static final String STABLE = "stable";

    Target toTarget() {
        ObjectNode custom = JsonNodeFactory.instance.objectNode();
        custom.put("groupId", groupId).put("artifactId", artifactId).put("version", version)
                .put("channel", channel).put("releasedBy", releasedBy).put("releasedAt", releasedAt.toString());
        if (symbolicName != null) {
            custom.put("symbolicName", symbolicName);
        }
        if (hostApiRange != null && !hostApiRange.isEmpty()) {
            custom.put("hostApi", hostApiRange);
        }
        if (revokedAt != null) {
            custom.put("revoked", true).put("revokedReason", revokedReason).put("revokedAt", revokedAt.toString());
        }
        return new Target(path, length, sha256, custom);
    }
}
