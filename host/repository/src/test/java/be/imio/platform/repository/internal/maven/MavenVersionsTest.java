package be.imio.platform.repository.internal.maven;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class MavenVersionsTest {

    @Test
    void versionsAreOrderedAsMavenReadsThemNotAsTheyWereReleased() {
        List<String> released = List.of("9.9.9", "1.10.0", "1.9.0", "1.0", "1.0.1", "1.0-rc1", "2.0.0-beta", "2.0.0",
                "1.0.0-alpha");
        assertEquals(List.of("1.0-rc1", "1.0.0-alpha", "1.0", "1.0.1", "1.9.0", "1.10.0", "2.0.0-beta", "2.0.0", "9.9.9"),
                released.stream().sorted(MavenVersions.ORDER).toList());
        assertEquals(0, MavenVersions.compare("1.0", "1.0.0"));
        assertEquals(0, MavenVersions.compare("2", "2.0.0"));
    }
}
