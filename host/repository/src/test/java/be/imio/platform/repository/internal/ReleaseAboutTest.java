package be.imio.platform.repository.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

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
    void theTargetOfAFeaturesXmlCarriesTheFieldsPresent() {
        String about = COURRIER.replace("}}", "},\"dependencies\":[\"scr\"]}");

        ObjectNode custom = release("courrier-1.0.0-features.xml", about).toTarget().custom();

        assertEquals("Registre du courrier", custom.path("title").path("fr").asText());
        assertEquals("Mail registry", custom.path("title").path("en").asText());
        assertEquals("The commune's mail.", custom.path("description").path("en").asText());
        assertEquals("Secrétariat", custom.path("category").path("fr").asText());
        assertEquals("Première version.", custom.path("notes").path("fr").asText());
        assertEquals("scr", custom.path("dependencies").path(0).asText());
        assertEquals("testing", custom.path("channel").asText(), "the usual fields stay");

        ObjectNode titleOnly = release("courrier-1.0.0-features.xml", "{\"title\":{\"fr\":\"Courrier\"}}").toTarget().custom();
        assertEquals("{\"fr\":\"Courrier\"}", titleOnly.path("title").toString());
        assertFalse(titleOnly.has("description") || titleOnly.has("notes") || titleOnly.has("dependencies"));
        assertFalse(release("courrier-1.0.0-features.xml", null).toTarget().custom().has("title"));
    }

    @Test
    void onlyTheFeaturesXmlSignsTheTexts() {
        assertFalse(release("courrier-1.0.0.jar", COURRIER).toTarget().custom().has("title"),
                "hosts read them from the features XML; the bundle's copy is what that one is made from");
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
