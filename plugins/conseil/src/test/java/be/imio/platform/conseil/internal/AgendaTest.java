package be.imio.platform.conseil.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

class AgendaTest {

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
        Map<String, String> errors = new LinkedHashMap<>();
        MeetingDraft draft = MeetingDraft.parse(ConseilJson.JSON.readTree("{\"title\":\" Conseil communal \","
                + "\"heldAt\":\"15/12/2026 20:00\",\"place\":\"Hôtel de ville\"}"), TODAY, errors);
        assertNotNull(draft, errors.toString());
        assertEquals(LocalDateTime.of(2026, 12, 15, 20, 0), draft.heldAt());
        assertEquals("Conseil communal", draft.title());

        Map<String, String> wrong = new LinkedHashMap<>();
        assertNull(MeetingDraft.parse(ConseilJson.JSON.readTree("{\"title\":\"\",\"heldAt\":\"15/12/2030 20:00\"}"),
                TODAY, wrong));
        assertEquals(Set.of("title", "heldAt", "place"), wrong.keySet());
        assertEquals(true, wrong.get("heldAt").contains("deux ans"), wrong.get("heldAt"));
    }
}
