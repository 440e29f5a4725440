package be.imio.platform.repository.internal.release;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

class ReleaseAboutTest {

    static final String COURRIER = "{\"title\":{\"fr\":\"Registre du courrier\",\"en\":\"Mail registry\"},"
            + "\"description\":{\"fr\":\"Le courrier de la commune.\",\"en\":\"The commune's mail.\"},"
            + "\"category\":{\"fr\":\"Secrétariat\",\"en\":\"Secretariat\"},"
            + "\"notes\":{\"fr\":\"Première version.\",\"en\":\"First release.\"}}";

    static Release release(String fileName, String about) {
        return new Release("be/imio/platform/courrier/1.0.0/" + fileName, "be.imio.platform", "courrier", "1.0.0",
                null, null, about, 10, "0".repeat(64), "testing", "imio", "127.0.0.1",
                Instant.parse("2026-11-29T10:00:00Z"), null, null);
    }

    @Test
    void aFeaturesXmlTakesItsBundleTextsAndAddsItsDependencies() throws Exception {
        String about = ReleaseAbout.ofFeatures(COURRIER, List.of("scr", "http-whiteboard/[4,5)"));

        ObjectNode parsed = ReleaseAbout.parse(about);
        assertEquals("Mail registry", parsed.path("title").path("en").asText());
        assertEquals("[\"scr\",\"http-whiteboard/[4,5)\"]", parsed.path("dependencies").toString());
        assertEquals("{\"dependencies\":[\"scr\"]}", ReleaseAbout.ofFeatures(null, List.of("scr")),
                "no bundle released with texts: the dependencies alone");
        assertNull(ReleaseAbout.ofFeatures(null, List.of()), "nothing to say: nothing kept");
    }

    @Test
    void theTextsAreATargetOfTheirOwnThatTheFeaturesXmlNames() throws Exception {
        String about = COURRIER.replace("}}", "},\"dependencies\":[\"scr\"]}");
        Release features = release("courrier-1.0.0-features.xml", about);

        ObjectNode custom = features.toTarget().custom();
        assertFalse(custom.has("title") || custom.has("description") || custom.has("notes") || custom.has("dependencies"),
                "no text in the signed targets entry: " + custom);
        assertEquals("be/imio/platform/courrier/1.0.0/courrier-1.0.0-about.json", custom.path("about").asText());
        assertEquals("testing", custom.path("channel").asText(), "the usual fields stay");

        List<Target> targets = new ReleaseTargets().of(List.of(features, release("courrier-1.0.0.jar", COURRIER)));
        assertEquals(List.of("be/imio/platform/courrier/1.0.0/courrier-1.0.0-features.xml",
                "be/imio/platform/courrier/1.0.0/courrier-1.0.0-about.json",
                "be/imio/platform/courrier/1.0.0/courrier-1.0.0.jar"), targets.stream().map(Target::path).toList(),
                "one texts file, for the features XML only");
        Target texts = targets.get(1);
        byte[] bytes = ReleaseAbout.fileBytes(features.path(), about);
        assertTrue(texts.matches(bytes), "the texts file is pinned by length and SHA-256");
        JsonNode file = new ObjectMapper().readTree(bytes);
        assertEquals("Registre du courrier", file.path("about").path("title").path("fr").asText());
        assertEquals("The commune's mail.", file.path("about").path("description").path("en").asText());
        assertEquals("Première version.", file.path("about").path("notes").path("fr").asText());
        assertEquals("scr", file.path("about").path("dependencies").path(0).asText());
        assertEquals(features.path(), file.path("release").asText(), "the file says whose texts it holds");
        assertEquals("imio", texts.custom().path("releasedBy").asText(), "counted against its publisher's budget");
        assertArrayEquals(bytes, ReleaseAbout.fileBytes(features.path(), about), "the same release, the same bytes");

        assertFalse(release("courrier-1.0.0-features.xml", null).toTarget().custom().has("about"));
        assertEquals(1, new ReleaseTargets().of(List.of(release("courrier-1.0.0-features.xml", null))).size(),
                "nothing to say: no texts file");
    }

    @Test
    void theTextsFileCarriesOnlyTheFieldsPresent() throws Exception {
        JsonNode file = new ObjectMapper().readTree(ReleaseAbout.fileBytes("a/b/1/b-1-features.xml",
                "{\"title\":{\"fr\":\"Courrier\"},\"channel\":\"stable\"}"));
        assertEquals("{\"title\":{\"fr\":\"Courrier\"}}", file.path("about").toString());
    }

    @Test
    void aTextsFileIsWrittenOnceAndPublishedBeforeItIsPinned(@TempDir Path files) throws Exception {
        Release features = release("courrier-1.0.0-features.xml", COURRIER);

        List<Target> targets = new ReleaseTargets().publish(List.of(features), files);

        Path written = files.resolve("be/imio/platform/courrier/1.0.0/courrier-1.0.0-about.json");
        assertTrue(targets.get(1).matches(Files.readAllBytes(written)));
        Files.writeString(written, "damaged");
        new ReleaseTargets().publish(List.of(features), files);
        assertTrue(targets.get(1).matches(Files.readAllBytes(written)), "a damaged copy is written again");
    }

    @Test
    void onlyTheFeaturesXmlPublishesTheTexts() {
        assertFalse(release("courrier-1.0.0.jar", COURRIER).toTarget().custom().has("about"),
                "hosts read them from the features XML's; the bundle's copy is what that one is made from");
    }

    @Test
    void aKeptTextNeverMasksTheChannelOrARevocation() {
        ObjectNode custom = release("courrier-1.0.0-features.xml", "{\"channel\":\"stable\",\"revoked\":false}")
                .toTarget().custom();

        assertEquals("testing", custom.path("channel").asText());
        assertFalse(custom.has("revoked"));
    }

    @Test
    void refusesWhatWouldNotFitTheColumn() {
        List<String> many = java.util.Collections.nCopies(ReleaseAbout.MAX_CHARS / 10, "feature-x");

        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> ReleaseAbout.ofFeatures(COURRIER, many));

        assertEquals(400, refused.status());
        assertEquals("about_too_long", refused.code());
    }
}
