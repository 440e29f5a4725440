package be.imio.platform.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/** Every JSON error carries a stable code, its French message and an English one. */
class JsonAnswersTest {

    @Test
    void aFrenchEnglishPairGivesItsEnglishHalf() {
        JsonNode error = JsonAnswers.error("bad_json", "corps JSON invalide / invalid JSON body");
        assertEquals("bad_json", error.path("error").asText());
        assertEquals("corps JSON invalide / invalid JSON body", error.path("message").asText());
        assertEquals("invalid JSON body", error.path("message_en").asText());
    }

    @Test
    void aMessageThatIsNotOnePairIsRepeatedRatherThanCut() {
        assertEquals("a/b", JsonAnswers.error("x", "a/b").path("message_en").asText());
        assertEquals("un / deux / trois", JsonAnswers.error("x", "un / deux / trois").path("message_en").asText());
        assertEquals(" / en", JsonAnswers.error("x", " / en").path("message_en").asText());
        assertEquals("fr / ", JsonAnswers.error("x", "fr / ").path("message_en").asText());
    }

    @Test
    void aReasonPhraseCarriesPrintableAsciiOnlyOnOneLine() {
        assertEquals("snapshot_in_pom: the pom names version 1.1.0-SNAPSHOT",
                JsonAnswers.reasonPhrase("snapshot_in_pom: the pom names version 1.1.0-SNAPSHOT"));
        assertEquals("name: 'r?sum?' x  Set-Cookie: a=b", JsonAnswers.reasonPhrase("name: 'r\u00e9sum\u00e9' x\r\nSet-Cookie: a=b"),
                "no header can be smuggled in");
        assertEquals(JsonAnswers.MAX_REASON, JsonAnswers.reasonPhrase("x".repeat(5000)).length());
    }
}
