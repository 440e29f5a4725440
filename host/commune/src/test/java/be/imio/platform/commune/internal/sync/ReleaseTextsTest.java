package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.Target;

class ReleaseTextsTest {

    private static final String FEATURES = "be/imio/platform/courrier/1.0.0/courrier-1.0.0-features.xml";
    private static final String ABOUT = "be/imio/platform/courrier/1.0.0/courrier-1.0.0-about.json";
    private static final byte[] TEXTS = ("{\"about\":{\"title\":{\"en\":\"Mail registry\",\"fr\":\"Registre du courrier\"},"
            + "\"dependencies\":[\"scr\"]},\"release\":\"" + FEATURES + "\"}").getBytes(StandardCharsets.UTF_8);

    @TempDir
    Path dir;

    private RepositoryServer repository;
    private VerifiedCache cache;

    @BeforeEach
    void start() throws Exception {
        repository = new RepositoryServer();
        cache = new VerifiedCache(dir.resolve("verified"));
    }

    @AfterEach
    void stop() {
        repository.close();
    }

    private static Map<String, Target> targets(byte[] signedTexts) {
        ObjectNode custom = JsonNodeFactory.instance.objectNode().put("artifactId", "courrier").put("version", "1.0.0")
                .put("channel", "testing").put("about", ABOUT);
        Map<String, Target> targets = new LinkedHashMap<>();
        targets.put(FEATURES, new Target(FEATURES, 10, "0".repeat(64), custom));
        targets.put(ABOUT, new Target(ABOUT, signedTexts.length, Digests.sha256Hex(signedTexts), null));
        return targets;
    }

    @Test
    void theVerifiedTextsFileFillsInTheFeaturesTarget() throws Exception {
        repository.maven(ABOUT, TEXTS);

        ReleaseTexts.Filled filled = ReleaseTexts.fill(targets(TEXTS), Map.of(), cache, repository.client());

        ObjectNode custom = filled.targets().get(FEATURES).custom();
        assertEquals("Registre du courrier", custom.path("title").path("fr").asText());
        assertEquals("scr", custom.path("dependencies").path(0).asText());
        assertEquals("testing", custom.path("channel").asText(), "the signed fields stay");
        assertEquals(0, filled.missing());
        // Read from the verified cache from then on, without the repository.
        assertEquals("Mail registry", ReleaseTexts.fill(targets(TEXTS), Map.of(), cache, null).targets().get(FEATURES).custom()
                .path("title").path("en").asText());
    }

    @Test
    void aMirrorServingOtherTextsIsNotBelieved() throws Exception {
        byte[] forged = new String(TEXTS, StandardCharsets.UTF_8).replace("Registre du courrier", "Registre du piratage")
                .getBytes(StandardCharsets.UTF_8);
        repository.maven(ABOUT, forged);

        ReleaseTexts.Filled filled = ReleaseTexts.fill(targets(TEXTS), Map.of(), cache, repository.client());

        assertFalse(filled.targets().get(FEATURES).custom().has("title"), "nothing unverified is shown");
        assertEquals(1, filled.missing(), "fetched again at the next sync");
    }

    @Test
    void aTextsFileOfAnotherReleaseIsNotShown() throws Exception {
        byte[] other = new String(TEXTS, StandardCharsets.UTF_8).replace("courrier-1.0.0-features", "courrier-0.9.0-features")
                .getBytes(StandardCharsets.UTF_8);
        repository.maven(ABOUT, other);

        ReleaseTexts.Filled filled = ReleaseTexts.fill(targets(other), Map.of(), cache, repository.client());

        assertFalse(filled.targets().get(FEATURES).custom().has("title"));
    }
}
