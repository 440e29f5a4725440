package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CfgFileTest {

    @TempDir
    Path dir;

    private Path write(String text) throws Exception {
        return Files.writeString(dir.resolve("etc.cfg"), text);
    }

    @Test
    void replacesAValueSpreadOverContinuationLinesAndKeepsComments() throws Exception {
        Path file = write("# boot features\nfeaturesBoot = \\\n    a, \\\n    b\nother = 1\n");

        CfgFile cfg = CfgFile.read(file, dir);
        assertEquals("a, b", cfg.get("featuresBoot"));
        cfg.set("featuresBoot", "a, b, imio-host").set("added", "yes").write();

        assertEquals("# boot features\nfeaturesBoot = a, b, imio-host\nother = 1\nadded = yes\n", Files.readString(file));
        assertEquals("a, b, imio-host", CfgFile.read(file, dir).get("featuresBoot"));
    }

    @Test
    void writesAccentsAsEscapesThatKarafsLatin1ReaderUnderstands() throws Exception {
        Path file = write("displayName = x\n");

        CfgFile.read(file, dir).set("displayName", "Commune de Lès-Démo \\ CPAS").write();

        assertEquals("displayName = Commune de L\\u00e8s-D\\u00e9mo \\\\ CPAS\n", Files.readString(file));
        java.util.Properties latin1 = new java.util.Properties();
        try (var in = Files.newInputStream(file)) {
            latin1.load(in);
        }
        assertEquals("Commune de Lès-Démo \\ CPAS", latin1.getProperty("displayName"));
        assertEquals("Commune de Lès-Démo \\ CPAS", CfgFile.read(file, dir).get("displayName"));
    }

    @Test
    void doesNotMistakeAKeyForAnotherThatStartsTheSame() throws Exception {
        Path file = write("sshPortRange = 1\nsshPort = 8101\n");

        CfgFile.read(file, dir).set("sshPort", "9101").write();

        assertEquals("sshPortRange = 1\nsshPort = 9101\n", Files.readString(file));
    }

    @Test
    void refusesALineWithoutSeparatorNamingTheLine() throws Exception {
        Path file = write("# fine\na = 1\n\nthis is not a setting\n");

        LaunchException refused = assertThrows(LaunchException.class, () -> CfgFile.read(file, dir));

        assertEquals("etc.cfg line 4 is not 'key = value': 'this is not a setting'; fix it or restore the file"
                + " from the distribution's etc/ folder", refused.getMessage());
    }

    @Test
    void refusesBinaryContentAndBrokenEscapes() throws Exception {
        Path binary = Files.write(dir.resolve("binary.cfg"), new byte[] {'a', '=', (byte) 0xc3, (byte) 0x28});
        assertTrue(assertThrows(LaunchException.class, () -> CfgFile.read(binary, dir)).getMessage()
                .startsWith("binary.cfg is not a text file"));

        Path control = Files.writeString(dir.resolve("control.cfg"), "a = \u0000\n");
        assertTrue(assertThrows(LaunchException.class, () -> CfgFile.read(control, dir)).getMessage()
                .startsWith("control.cfg line 1 holds a control character"));

        Path escape = Files.writeString(dir.resolve("escape.cfg"), "a = \\uZZZZ\n");
        assertTrue(assertThrows(LaunchException.class, () -> CfgFile.read(escape, dir)).getMessage()
                .startsWith("escape.cfg is damaged"));
    }

    @Test
    void checksPorts() throws Exception {
        CfgFile cfg = CfgFile.read(write("good = 8181\nbad = 70000\nword = http\n"), dir);

        assertEquals(8181, cfg.port("good", dir));
        assertTrue(assertThrows(LaunchException.class, () -> cfg.port("bad", dir)).getMessage()
                .contains("(bad) is '70000', not a TCP port"));
        assertTrue(assertThrows(LaunchException.class, () -> cfg.port("word", dir)).getMessage()
                .contains("not a TCP port"));
        assertTrue(assertThrows(LaunchException.class, () -> cfg.port("missing", dir)).getMessage()
                .contains("(missing) is missing"));
    }
}
