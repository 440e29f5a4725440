package be.imio.platform.web.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

class JsonFieldsTest {

    private static JsonNode json(String text) throws Exception {
        return JsonAnswers.JSON.readTree(text);
    }

    @Test
    void readsBelgianAndIsoDateTimes() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        assertEquals(LocalDateTime.of(2026, 12, 15, 20, 0),
                JsonFields.dateTime(json("{\"heldAt\":\"15/12/2026 20:00\"}"), "heldAt", errors));
        assertEquals(LocalDateTime.of(2026, 12, 15, 19, 30),
                JsonFields.dateTime(json("{\"heldAt\":\"2026-12-15T19:30\"}"), "heldAt", errors));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void readsBelgianDatesStrictly() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        assertEquals(java.time.LocalDate.of(2026, 11, 29), JsonFields.date(json("{\"d\":\"29/11/2026\"}"), "d", errors));
        assertEquals(null, JsonFields.date(json("{\"d\":\"31/02/2026\"}"), "d", errors), "no 31 February");
        assertEquals(java.util.Set.of("d"), errors.keySet());
    }

    @Test
    void namesTheFieldsThatAreWrong() throws Exception {
        Map<String, String> errors = new LinkedHashMap<>();
        JsonNode body = json("{\"heldAt\":\"31/11/2026 20:00\",\"title\":\"\",\"position\":0,\"for\":\"12\"}");

        JsonFields.dateTime(body, "heldAt", errors);
        JsonFields.text(body, "title", 300, "le titre", "the title", errors);
        JsonFields.number(body, "position", 1, 5, errors);
        JsonFields.number(body, "for", 0, 100, errors);

        assertEquals(java.util.List.of("heldAt", "title", "position", "for"), java.util.List.copyOf(errors.keySet()));
        assertTrue(errors.get("heldAt").contains("29/11/2026 14:30"), "the expected form is shown");
        assertTrue(errors.get("position").contains("1") && errors.get("position").contains("5"));
    }
}
