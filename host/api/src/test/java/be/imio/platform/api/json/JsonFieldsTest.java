package be.imio.platform.api.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Fields read as people type them; each problem named per field, in each language. */
class JsonFieldsTest {

    private final Texts texts = Texts.of(JsonFieldsTest.class.getClassLoader(), "sample");

    @Test
    void readsBelgianGermanAndIsoDatesStrictly() throws Exception {
        JsonFields fields = new JsonFields(Json.parse("{\"a\":\"29/11/2026\",\"b\":\"29.11.2026\",\"c\":\"2026-11-29\","
                + "\"d\":\"31/02/2026\",\"e\":\"15.12.2026 20:00\",\"f\":\"2026-12-15T19:30\"}"));
        assertEquals(LocalDate.of(2026, 11, 29), fields.date("a"));
        assertEquals(LocalDate.of(2026, 11, 29), fields.date("b"));
        assertEquals(LocalDate.of(2026, 11, 29), fields.date("c"));
        assertNull(fields.date("d"), "no 31 February");
        assertEquals(LocalDateTime.of(2026, 12, 15, 20, 0), fields.dateTime("e"));
        assertEquals(LocalDateTime.of(2026, 12, 15, 19, 30), fields.dateTime("f"));
        assertEquals(List.of("d"), List.copyOf(fields.problems().keySet()));
    }

    @Test
    void readsDatesAndTimesAsBelgiansWriteThemWithOneDigitOrAnH() throws Exception {
        JsonFields fields = new JsonFields(Json.parse("{\"a\":\"1/12/2026\",\"b\":\"1.2.2026\",\"c\":\"4/12/2026 10h00\","
                + "\"d\":\"04.12.2026 9:30\",\"e\":\"4/12/2026 25h00\",\"f\":\"4/13/2026\"}"));
        assertEquals(LocalDate.of(2026, 12, 1), fields.date("a"));
        assertEquals(LocalDate.of(2026, 2, 1), fields.date("b"));
        assertEquals(LocalDateTime.of(2026, 12, 4, 10, 0), fields.dateTime("c"));
        assertEquals(LocalDateTime.of(2026, 12, 4, 9, 30), fields.dateTime("d"));
        assertNull(fields.dateTime("e"));
        assertNull(fields.date("f"), "no 13th month");
        assertEquals(List.of("e", "f"), List.copyOf(fields.problems().keySet()));
    }

    @Test
    void aFormsNumbersMayGroupThousandsAsBelgiansDo() throws Exception {
        JsonFields form = JsonFields.ofForm(Json.parse("{\"a\":\"1 500\",\"b\":\"1.500\",\"c\":\"1\u202f500\","
                + "\"d\":\"1.5\",\"e\":\"15.00\",\"f\":\"1 500.000\",\"g\":\"2 000 000\"}"));
        assertEquals(1500, form.number("a", 0, 1_000_000));
        assertEquals(1500, form.number("b", 0, 1_000_000));
        assertEquals(1500, form.number("c", 0, 1_000_000));
        form.number("d", 0, 1_000_000);
        form.number("e", 0, 1_000_000);
        form.number("f", 0, 1_000_000);
        assertEquals(2_000_000, form.number("g", 0, 5_000_000));
        assertEquals(List.of("d", "e", "f"), List.copyOf(form.problems().keySet()), "a decimal or mixed grouping is no whole number");
    }

    @Test
    void aTextRefusesWhatPeopleCannotSeeOrWhatTurnsItAround() throws Exception {
        for (String hidden : List.of("Evil\\u202egpj.exe", "a\\u200bb", "a\\u0000b", "a\\u007fb", "a\\u0085b", "a\\u2066b",
                "\\ufeffBOM")) {
            JsonFields fields = new JsonFields(Json.parse("{\"t\":\"" + hidden + "\"}"));
            fields.text("t", 50, be.imio.platform.api.internal.SdkTexts.message("field.required", "x"));
            assertEquals(List.of("t"), List.copyOf(fields.problems().keySet()), hidden);
        }
        JsonFields fine = new JsonFields(Json.parse("{\"t\":\"Fête « des voisins » – Liège, 20 €\"}"));
        assertEquals("Fête « des voisins » – Liège, 20 €", fine.text("t", 50, be.imio.platform.api.internal.SdkTexts.message("field.required", "x")));
    }

    @Test
    void yearsHaveFourDigitsAndNoSign() throws Exception {
        for (String typed : List.of("29/11/-2026", "29.11.+12026", "+12026-11-29", "-2026-11-29", "29/11/26", "2026-1-29",
                "01/12/0000", "01.12.0999", "0000-12-01", "0001-01-01")) {
            JsonFields fields = new JsonFields(Json.parse("{\"d\":\"" + typed + "\",\"t\":\"" + typed + " 10:00\"}"));
            assertNull(fields.date("d"), typed);
            assertNull(fields.dateTime("t"), typed);
        }
        JsonFields fields = new JsonFields(Json.parse("{\"t\":\"2026-11-29T10:00:30\",\"d\":\"01/12/1000\"}"));
        assertEquals(LocalDateTime.of(2026, 11, 29, 10, 0, 30), fields.dateTime("t"));
        assertEquals(java.time.LocalDate.of(1000, 12, 1), fields.date("d"), "a year written with four digits, from 1000");
    }

    @Test
    void aNumberPastSixtyFourBitsIsRefusedNeverCutToItsLowBits() throws Exception {
        for (String typed : List.of("18446744073709551621", "-18446744073709551611", "4294967301", "5.0", "1e1", "\"5\"")) {
            JsonFields fields = new JsonFields(Json.parse("{\"n\":" + typed + "}"));
            assertEquals(1, fields.number("n", 1, 10), typed);
            assertEquals(List.of("n"), List.copyOf(fields.problems().keySet()), typed);
        }
        assertEquals(5, new JsonFields(Json.parse("{\"n\":5}")).number("n", 1, 10));
    }

    @Test
    void namesEachWrongFieldInTheReadersLanguage() throws Exception {
        JsonFields fields = new JsonFields(Json.parse("{\"title\":\"\",\"position\":0,\"subject\":\"" + "x".repeat(20) + "\"}"));
        fields.text("title", 300, texts.message("title"));
        fields.number("position", 1, 5);
        fields.text("subject", 10, texts.message("title"));
        assertEquals(Map.of("title", "indiquez Registre du courrier", "position", "nombre entier de 1 à 5 attendu",
                "subject", "Registre du courrier : 10 caractères au plus"), fields.problems(Texts.FRENCH));
        assertEquals("geben Sie Posteingangsregister an", fields.problems(Texts.GERMAN).get("title"));
        assertEquals("a whole number from 1 to 5", fields.problems(Texts.ENGLISH).get("position"));
        assertTrue(!fields.valid());
    }
}
