package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class PlatformVersionTest {

    @Test
    void ordersAsMavenDoesForReleasesAndSnapshots() {
        List<String> ascending = List.of("0.1.0-SNAPSHOT", "0.1.0", "0.1.1", "0.2.0-SNAPSHOT", "0.2.0", "0.10.0", "1.0.0");
        for (int i = 0; i + 1 < ascending.size(); i++) {
            PlatformVersion lower = PlatformVersion.parse(ascending.get(i));
            PlatformVersion higher = PlatformVersion.parse(ascending.get(i + 1));
            assertTrue(lower.isOlderThan(higher), lower + " < " + higher);
            assertTrue(higher.compareTo(lower) > 0, higher + " > " + lower);
        }
        assertEquals(0, PlatformVersion.parse("0.2").compareTo(PlatformVersion.parse("0.2.0")));
    }

    @Test
    void writesTheMavenAndTheOsgiForms() {
        assertEquals("0.2.0-SNAPSHOT", PlatformVersion.parse("0.2.0-SNAPSHOT").toString());
        assertEquals("0.2.0.SNAPSHOT", PlatformVersion.parse("0.2.0-SNAPSHOT").osgi());
        assertEquals("0.1.0", PlatformVersion.parse(" 0.1.0 ").osgi());
    }

    @Test
    void refusesWhatIsNotAVersion() {
        for (String bad : List.of("", "latest", "1.x", "0.1.0-", "-1.0", "0.1.0 SNAPSHOT")) {
            assertThrows(IllegalArgumentException.class, () -> PlatformVersion.parse(bad), bad);
        }
    }

    @Test
    void theLauncherKnowsItsDistributionsVersion() {
        PlatformVersion version = PlatformVersion.distribution();
        assertTrue(version.compareTo(PlatformVersion.parse("0.1.0-SNAPSHOT")) >= 0, version.toString());
    }
}
