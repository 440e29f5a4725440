package be.imio.platform.salles.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDateTime;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

class SlotTest {

    private static final Texts TEXTS = Texts.of(SlotTest.class.getClassLoader(), SallesDatabase.MODULE);

    private static final LocalDateTime TODAY = LocalDateTime.of(2026, 11, 29, 10, 0);
    private static final LocalTime OPENS = LocalTime.of(7, 0);
    private static final LocalTime CLOSES = LocalTime.of(23, 0);

    @Test
    void anEveningInTheComingWeekIsASlot() {
        JsonFields errors = new JsonFields(null);
        assertNotNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 22, 0), TODAY, OPENS, CLOSES, errors, TEXTS));
        assertTrue(errors.valid(), errors.problems().toString());
    }

    @Test
    void theEndMustFollowTheStartWithinSixteenHours() {
        JsonFields backwards = new JsonFields(null);
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 18, 0), LocalDateTime.of(2026, 12, 2, 18, 0), TODAY, OPENS, CLOSES, backwards, TEXTS));
        assertEquals(java.util.Set.of("endsAt"), backwards.problems().keySet());

        JsonFields tooLong = new JsonFields(null);
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 3, 6, 0), TODAY, OPENS, CLOSES, tooLong, TEXTS));
        assertTrue(tooLong.problems(Texts.FRENCH).get("endsAt").contains("16"), tooLong.problems().toString());
    }

    @Test
    void aSlotStaysWithinTheOpeningHoursTheCommuneSet() {
        JsonFields late = new JsonFields(null);
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 21, 0), LocalDateTime.of(2026, 12, 2, 23, 30), TODAY, OPENS,
                CLOSES, late, TEXTS));
        String french = late.problems(Texts.FRENCH).get("endsAt");
        assertTrue(french.contains("07:00") && french.contains("23:00"), french);
        assertEquals("Räume werden von 07:00 bis 23:00 reserviert", late.problems(Texts.GERMAN).get("endsAt"));

        JsonFields earlier = new JsonFields(null);
        assertNotNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 2, 8, 0), TODAY,
                LocalTime.of(6, 0), CLOSES, earlier, TEXTS), "a commune opening at 6 books from 6");
    }

    @Test
    void aSlotCannotStartInThePastEvenEarlierToday() {
        for (LocalDateTime start : new LocalDateTime[] {LocalDateTime.of(2026, 11, 28, 18, 0), LocalDateTime.of(2026, 11, 29, 7, 0),
                LocalDateTime.of(2026, 11, 29, 9, 59)}) {
            JsonFields errors = new JsonFields(null);
            assertNull(Slot.check(start, start.plusHours(2), TODAY, OPENS, CLOSES, errors, TEXTS), start.toString());
            assertEquals(java.util.Set.of("startsAt"), errors.problems().keySet(), start.toString());
        }
        assertNotNull(Slot.check(LocalDateTime.of(2026, 11, 29, 10, 30), LocalDateTime.of(2026, 11, 29, 12, 0), TODAY, OPENS,
                CLOSES, new JsonFields(null), TEXTS), "later today is fine");
    }

    @Test
    void aSlotStartingBeforeTheOpeningHoursIsSaidOfItsStart() {
        JsonFields early = new JsonFields(null);
        assertNull(Slot.check(LocalDateTime.of(2026, 12, 2, 6, 0), LocalDateTime.of(2026, 12, 2, 8, 0), TODAY, OPENS, CLOSES,
                early, TEXTS));
        assertEquals(java.util.Set.of("startsAt"), early.problems().keySet());
    }
}
