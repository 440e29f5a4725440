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

    @Test
    void aHostTakesItsIdItsCredentialFromAFileAndItsChannel(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws Exception {
        java.nio.file.Path token = java.nio.file.Files.writeString(tmp.resolve("token"), "s3cr3t-Token_0123456789\n");
        Main.Options options = parse("x", "--role", "host", "--host-id", "commune-namur", "--host-token-file",
                token.toString(), "--channel", "testing");
        assertEquals(new InstanceCreator.HostConnection("commune-namur", "s3cr3t-Token_0123456789", "testing"),
                options.connection());
        assertEquals("s3cr3t-Token_0123456789", parse("--host-id", "ab", "--host-token", "s3cr3t-Token_0123456789")
                .connection().hostToken());
        assertEquals(InstanceCreator.HostConnection.NONE, parse("x", "--role", "host").connection());
    }

    @Test
    void badHostIdsCredentialsAndChannelsAreRefused(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
        String good = "s3cr3t-Token_0123456789";
        for (String id : new String[] {"Commune", "a", "-namur", "namur_1", "namur/../x", "x".repeat(64)}) {
            LaunchException refused = assertThrows(LaunchException.class, () -> parse("--host-id", id, "--host-token", good));
            assertTrue(refused.getMessage().startsWith("--host-id '"), refused.getMessage());
        }
        for (String token : new String[] {"short", "with space inside it", "é".repeat(20), "x".repeat(201)}) {
            assertThrows(LaunchException.class, () -> parse("--host-id", "namur", "--host-token", token), token);
        }
        LaunchException alone = assertThrows(LaunchException.class, () -> parse("--host-id", "namur"));
        assertTrue(alone.getMessage().contains("together"), alone.getMessage());
        assertThrows(LaunchException.class, () -> parse("--host-token", good));
        LaunchException missing = assertThrows(LaunchException.class, () -> parse("--host-id", "namur",
                "--host-token-file", tmp.resolve("none").toString()));
        assertTrue(missing.getMessage().contains("cannot be read"), missing.getMessage());
        LaunchException channel = assertThrows(LaunchException.class, () -> parse("--channel", "beta"));
        assertTrue(channel.getMessage().contains("stable or testing"), channel.getMessage());
    }
}
