package be.imio.platform.commune.internal.settings;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.DateTimeException;
import java.time.LocalTime;

import org.junit.jupiter.api.Test;

import be.imio.platform.commune.internal.settings.HostSettings.MaintenanceWindow;

class MaintenanceWindowTest {

    private static LocalTime at(String time) {
        return LocalTime.parse(time);
    }

    @Test
    void withoutAWindowUpdatesMayRunAtAnyTime() {
        for (String empty : new String[] {"", "   ", null}) {
            MaintenanceWindow window = MaintenanceWindow.parse(empty);
            assertTrue(window.contains(at("00:00")));
            assertTrue(window.contains(at("12:30")));
            assertTrue(window.contains(at("23:59:59")));
        }
    }

    @Test
    void aWindowWithinOneNightIncludesItsStartAndExcludesItsEnd() {
        MaintenanceWindow window = MaintenanceWindow.parse("02:00-05:00");

        assertTrue(window.contains(at("02:00")));
        assertTrue(window.contains(at("03:30")));
        assertTrue(window.contains(at("04:59:59")));
        assertFalse(window.contains(at("05:00")));
        assertFalse(window.contains(at("01:59:59")));
        assertFalse(window.contains(at("14:00")));
    }

    @Test
    void aWindowOverMidnightSpansBothDays() {
        MaintenanceWindow window = MaintenanceWindow.parse(" 22:00 - 05:00 ");

        assertTrue(window.contains(at("22:00")));
        assertTrue(window.contains(at("23:59:59")));
        assertTrue(window.contains(at("00:00")));
        assertTrue(window.contains(at("04:59")));
        assertFalse(window.contains(at("05:00")));
        assertFalse(window.contains(at("12:00")));
        assertFalse(window.contains(at("21:59")));
    }

    @Test
    void refusesAWindowThatIsNotTwoTimes() {
        for (String bad : new String[] {"02:00", "02:00-03:00-04:00", "nightly"}) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> MaintenanceWindow.parse(bad));
            assertTrue(refused.getMessage().contains("maintenance window expected as 02:00-05:00: " + bad),
                    refused.getMessage());
        }
    }

    @Test
    void refusesTimesThatDoNotExist() {
        DateTimeException refused = assertThrows(DateTimeException.class, () -> MaintenanceWindow.parse("25:00-05:00"));
        assertTrue(refused.getMessage().contains("25:00"), refused.getMessage());
        assertThrows(DateTimeException.class, () -> MaintenanceWindow.parse("2h-5h"));
    }
}
