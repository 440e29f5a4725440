package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

/** A revocation, once seen, is final on the host, whatever later signed targets say. */
class RevocationMemoryTest {

    private static final String FEATURES = "be/imio/platform/courrier/1.0.0/courrier-1.0.0-features.xml";
    private static final String SHA = "a".repeat(64);

    @TempDir
    Path dir;

    private static Map<String, Target> targets(boolean revoked) {
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("channel", "stable");
        if (revoked) {
            custom.put("revoked", true).put("revokedReason", "faille de sécurité");
        }
        return Map.of(FEATURES, new Target(FEATURES, 10, SHA, custom));
    }

    @Test
    void aReleaseSeenRevokedStaysRevokedAcrossLaterTargetsAndRestarts() throws Exception {
        Path file = dir.resolve("host/revoked.properties");
        RevocationMemory memory = new RevocationMemory(file);
        assertFalse(memory.apply(targets(false)).get(FEATURES).custom().path("revoked").asBoolean(),
                "not revoked before the repository says so");
        assertTrue(memory.apply(targets(true)).get(FEATURES).custom().path("revoked").asBoolean());
        // A repository restored from an older backup signs it again as not revoked.
        Target again = memory.apply(targets(false)).get(FEATURES);
        assertTrue(again.custom().path("revoked").asBoolean(), "kept revoked: " + again);
        assertEquals("faille de sécurité", again.custom().path("revokedReason").asText());
        // And after a restart of the host.
        Target afterRestart = new RevocationMemory(file).apply(targets(false)).get(FEATURES);
        assertTrue(afterRestart.custom().path("revoked").asBoolean(), "remembered on disk: " + afterRestart);
    }
}
