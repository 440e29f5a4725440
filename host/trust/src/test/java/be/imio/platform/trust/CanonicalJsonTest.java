package be.imio.platform.trust;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;

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

    @Test
    void refusesLoneSurrogatesWhichUtf8CannotEncode() throws Exception {
        // Written by String.getBytes, each would become '?': "\ud800" and "?" would sign alike.
        for (String lone : List.of("\"\\ud800\"", "\"a\\udc00b\"", "\"\\udc00\\ud800\"", "{\"\\ud800\":1}",
                "[\"ok\", \"\\udbff\"]")) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> canonical(lone), lone);
            assertTrue(refused.getMessage().contains("surrogate"), refused.getMessage());
        }
        assertEquals("\"?\"", canonical("\"?\""));
    }

    @Test
    void keepsCharactersOutsideTheBasicPlaneAsTheirFourUtf8Bytes() throws Exception {
        byte[] bytes = CanonicalJson.bytes(JSON.readTree("\"\\ud83d\\ude00\""));
        assertArrayEquals(new byte[] {'"', (byte) 0xF0, (byte) 0x9F, (byte) 0x98, (byte) 0x80, '"'}, bytes);
    }

    @Test
    void refusesEveryKindOfFloatingPointNumber() {
        for (String number : List.of("1.0", "1e2", "-0.0", "1E-3", "12345678901234567890.5")) {
            assertThrows(IllegalArgumentException.class, () -> canonical("{\"x\": " + number + "}"), number);
        }
    }
}
