package be.imio.platform.salles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class SlotTest {

    private static final LocalDate TODAY = LocalDate.of(2026, 11, 29);

    @Test
    void anEveningInTheComingWeekIsASlot() {
        Map<String, String> errors = new LinkedHashMap<>();
        assertNotNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 22, 0), TODAY, errors));
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void theEndMustFollowTheStartWithinSixteenHours() {
        Map<String, String> backwards = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 18, 0), TODAY, backwards));
        assertEquals(java.util.Set.of("endsAt"), backwards.keySet());

        Map<String, String> tooLong = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 3, 6, 0), TODAY, tooLong));
        assertTrue(tooLong.get("endsAt").contains("16"), tooLong.toString());
    }

    @Test
    void aSlotCannotStartInThePast() {
        Map<String, String> errors = new LinkedHashMap<>();
        assertNull(Slot.check(LocalDateTime.of(2026, 11, 28, 18, 0), LocalDateTime.of(2026, 11, 28, 20, 0), TODAY, errors));
        assertEquals(java.util.Set.of("startsAt"), errors.keySet());
    }
}
