package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayDeque;
import java.util.List;

import org.junit.jupiter.api.Test;

class MainOptionsTest {

    private static Main.Options parse(String... args) throws LaunchException {
        return Main.Options.parse(new ArrayDeque<>(List.of(args)));
    }

    @Test
    void aRepositoryComesWithTheFingerprintOfItsRoot() throws Exception {
        Main.Options options = parse("x", "--role", "host", "--repository", "https://depot.imio.be/",
                "--root-fingerprint", "AB".repeat(32));
        assertEquals("https://depot.imio.be", options.repository());
        assertEquals("ab".repeat(32), options.rootFingerprint());
    }

    @Test
    void aRepositoryWithoutFingerprintIsRefused() {
        LaunchException refused = assertThrows(LaunchException.class,
                () -> parse("x", "--role", "host", "--repository", "https://depot.imio.be"));
        assertTrue(refused.getMessage().contains("--root-fingerprint"), refused.getMessage());
    }

    @Test
    void badRepositoryAddressesAndFingerprintsAreRefused() {
        assertThrows(LaunchException.class, () -> parse("--repository", "ftp://depot", "--root-fingerprint", "ab".repeat(32)));
        assertThrows(LaunchException.class, () -> parse("--repository", "https://user:pw@depot", "--root-fingerprint",
                "ab".repeat(32)));
        LaunchException refused = assertThrows(LaunchException.class,
                () -> parse("--repository", "https://depot.imio.be", "--root-fingerprint", "1234"));
        assertTrue(refused.getMessage().contains("64 hexadecimal digits"), refused.getMessage());
    }
}
