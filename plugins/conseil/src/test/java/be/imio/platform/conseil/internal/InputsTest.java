package be.imio.platform.conseil.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class InputsTest {

    private static JsonNode json(String text) throws Exception {
        return ConseilJson.JSON.readTree(text);
    }

    @Test
    void readsBelgianAndIsoDateTimes() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        assertEquals(LocalDateTime.of(2026, 12, 15, 20, 0),
                Inputs.dateTime(json("{\"heldAt\":\"15/12/2026 20:00\"}"), "heldAt", errors));
        assertEquals(LocalDateTime.of(2026, 12, 15, 19, 30),
                Inputs.dateTime(json("{\"heldAt\":\"2026-12-15T19:30\"}"), "heldAt", errors));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void namesTheFieldsThatAreWrong() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode body = json("{\"heldAt\":\"31/11/2026 20:00\",\"title\":\"\",\"position\":0,\"for\":\"12\"}");

        Inputs.dateTime(body, "heldAt", errors);
        Inputs.text(body, "title", 300, "le titre", "the title", errors);
        Inputs.number(body, "position", 1, 5, errors);
        Inputs.number(body, "for", 0, 100, errors);

        assertEquals(java.util.List.of("heldAt", "title", "position", "for"), java.util.List.copyOf(errors.keySet()));
        assertTrue(errors.get("heldAt").contains("15/12/2026 20:00"), "the expected form is shown");
        assertTrue(errors.get("position").contains("1") && errors.get("position").contains("5"));
    }
}
