package be.imio.platform.conseil.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;

class AgendaTest {

    private static final Texts TEXTS = Texts.of(AgendaTest.class.getClassLoader(), ConseilDatabase.MODULE);
    private static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneId.of("Europe/Brussels"));

    @Test
    void anItemMovesAndTheOthersKeepTheirOrder() {
        assertEquals(List.of(3L, 1L, 2L), Agenda.moved(List.of(1L, 2L, 3L), 3, 1));
        assertEquals(List.of(2L, 3L, 1L), Agenda.moved(List.of(1L, 2L, 3L), 1, 3));
        assertEquals(List.of(2L, 1L, 3L), Agenda.moved(List.of(1L, 2L, 3L), 1, 2));
        assertEquals(List.of(2L, 3L, 1L), Agenda.moved(List.of(1L, 2L, 3L), 1, 99), "past the end goes last");
        assertThrows(IllegalArgumentException.class, () -> Agenda.moved(List.of(1L, 2L), 7, 1));
    }

    @Test
    void aMeetingNeedsATitleADateWithinRangeAndAPlace() throws Exception {
        JsonFields errors = new JsonFields(Json.parse("{\"title\":\" Conseil communal \","
                + "\"heldAt\":\"15/12/2026 20:00\",\"place\":\"Hôtel de ville\"}"));
        MeetingDraft draft = MeetingDraft.parse(errors, TODAY, TEXTS);
        assertNotNull(draft, errors.problems().toString());
        assertEquals(LocalDateTime.of(2026, 12, 15, 20, 0), draft.heldAt());
        assertEquals("Conseil communal", draft.title());

        JsonFields wrong = new JsonFields(Json.parse("{\"title\":\"\",\"heldAt\":\"15/12/2030 20:00\"}"));
        assertNull(MeetingDraft.parse(wrong, TODAY, TEXTS));
        assertEquals(Set.of("title", "heldAt", "place"), wrong.problems().keySet());
        Map<String, String> french = wrong.problems(Texts.FRENCH);
        assertEquals(true, french.get("heldAt").contains("deux ans"), french.get("heldAt"));
        assertEquals("geben Sie den Ort an", wrong.problems(Texts.GERMAN).get("place"));
    }
}
