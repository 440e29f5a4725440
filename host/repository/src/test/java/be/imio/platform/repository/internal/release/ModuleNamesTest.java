package be.imio.platform.repository.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import be.imio.platform.trust.ReservedNames;

class ModuleNamesTest {

    @Test
    void theNamesOfThePlatformAreReservedWhateverTheirCase() {
        for (String name : new String[] {"host", "HOST", "platform", "repository", "backups", "console", "Console", "api",
            "modules", "health", "status", "static", "login", "logout", "public", "imio", "imio-courrier", "IMIO.x",
            "imioplus", "console-x", "host-operation", "platform_schema_history", "repository.release"}) {
            assertTrue(ReservedNames.isReserved(name), name);
        }
        for (String name : new String[] {"courrier", "hosts", "apis", "my-imio", "consoles-x", "salles", "courrier-host"}) {
            assertFalse(ReservedNames.isReserved(name), name);
        }
    }

    @Test
    void namesCompareInLowerCaseWhateverTheDefaultLocale() {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.forLanguageTag("tr"));
            assertEquals("courrier-iii", ModuleNames.key("COURRIER-III"));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }
}
