package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

class CanonicalJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static String canonical(String json) throws Exception {
        return new String(CanonicalJson.bytes(JSON.readTree(json)), StandardCharsets.UTF_8);
    }

    @Test
    void sortsMembersAndDropsWhiteSpace() throws Exception {
        assertEquals("{\"a\":[1,true,null],\"b\":{\"y\":\"2\",\"z\":1}}",
                canonical("{ \"b\": {\"z\": 1, \"y\": \"2\"},\n \"a\": [1, true, null] }"));
    }

    @Test
    void sameValueSameBytesWhateverTheInputLooksLike() throws Exception {
        assertEquals(canonical("{\"name\":\"Liège\",\"n\":10}"), canonical("{\"n\" : 10 , \"name\" : \"Li\\u00e8ge\"}"));
    }

    @Test
    void escapesOnlyWhatJsonRequires() throws Exception {
        assertEquals("\"a\\\"b\\\\c\\u000a</é>\"", canonical("\"a\\\"b\\\\c\\n</é>\""));
    }

    @Test
    void refusesFloatingPointNumbers() {
        assertThrows(IllegalArgumentException.class, () -> canonical("{\"x\": 1.5}"));
    }
}
