package be.imio.platform.salles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SlotTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);
    private static final LocalTime OPENS = LocalTime.of(7, 0);
    private static final LocalTime CLOSES = LocalTime.of(23, 0);

    @Test
    void anEveningInTheComingWeekIsASlot() {
        Map<String, String> errors = new LinkedHashMap<>();
        assertNotNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 22, 0), TODAY, OPENS, CLOSES, errors));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theEndMustFollowTheStartWithinSixteenHours() {
        Map<String, String> backwards = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 18, 0), TODAY, OPENS, CLOSES, backwards));
        assertEquals(java.util.Set.of("endsAt"), backwards.keySet());

        Map<String, String> tooLong = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 3, 6, 0), TODAY, OPENS, CLOSES, tooLong));
        assertTrue(tooLong.get("endsAt").contains("16"), tooLong.toString());
    }

    @Test
    void aSlotStaysWithinTheOpeningHoursTheCommuneSet() {
        Map<String, String> late = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 21, 0), LocalDateTime.of(2026, 12, 2, 23, 30), TODAY, OPENS,
                CLOSES, late));
        assertTrue(late.get("endsAt").contains("07:00") && late.get("endsAt").contains("23:00"), late.toString());

        Map<String, String> earlier = new LinkedHashMap<>();
        assertNotNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 2, 8, 0), TODAY,
                LocalTime.of(6, 0), CLOSES, earlier), "a commune opening at 6 books from 6");
    }

    @Test
    void aSlotCannotStartInThePast() {
        Map<String, String> errors = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 11, 28, 18, 0), LocalDateTime.of(2026, 11, 28, 20, 0), TODAY, OPENS, CLOSES, errors));
        assertEquals(java.util.Set.of("startsAt"), errors.keySet());
    }
}
