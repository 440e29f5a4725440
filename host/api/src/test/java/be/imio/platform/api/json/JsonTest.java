package be.imio.platform.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;

/** No caller can change how another bundle, or the platform's own answers, read and write JSON. */
class JsonTest {

    @Test
    @SuppressWarnings("deprecation")
    void reconfiguringTheFactoryOfOneReaderOrWriterChangesNoOtherOne() throws Exception {
        Json.writer().getFactory().configure(JsonGenerator.Feature.QUOTE_FIELD_NAMES, false);
        Json.writer().getFactory().configure(JsonGenerator.Feature.ESCAPE_NON_ASCII, true);
        Json.reader().getFactory().configure(JsonParser.Feature.ALLOW_COMMENTS, true);

        assertEquals("{\"message\":\"é\"}", Json.writer().writeValueAsString(Json.object().put("message", "é")));
        assertThrows(java.io.IOException.class, () -> Json.reader().readTree("{/*c*/\"a\":1}"));
        assertThrows(java.io.IOException.class, () -> Json.parse("{/*c*/\"a\":1}"));
        assertNull(JsonAnswers.parse("{/*c*/\"a\":1}".getBytes(StandardCharsets.UTF_8)),
                "the platform's answers still refuse what is not JSON");
    }
}
