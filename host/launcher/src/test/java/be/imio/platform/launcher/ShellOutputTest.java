package be.imio.platform.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** What {@code bin/imio shell} passes on of Karaf's output. */
class ShellOutputTest {

    private static String through(boolean plain, String... writes) throws Exception {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (Shell.KeptOpen out = new Shell.KeptOpen(sink, plain)) {
            for (String write : writes) {
                byte[] bytes = write.getBytes(StandardCharsets.UTF_8);
                if (write.length() == 1) {
                    out.write(bytes[0]);
                } else {
                    out.write(bytes, 0, bytes.length);
                }
            }
        }
        return sink.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aScriptGetsTheTextWithoutTheTerminalsColours() throws Exception {
        String karafError = "\u001b[31;1mError executing command: Nothing changed: x is unknown\u001b[0m\n";
        assertEquals("Error executing command: Nothing changed: x is unknown\n", through(true, karafError));
        assertEquals("22 │ Active │ 80 │ courrier état\n",
                through(true, "22 │ Active │ 80 │ \u001b[1mcourrier\u001b[0m état\n"), "grep's match, and UTF-8 kept");
        assertEquals("ab", through(true, "a\u001b", "[", "3", "1m", "b"), "a sequence split across writes");
        assertEquals("ab", through(true, "a", "\u001b", "[0", "m", "b"), "one byte at a time");
        assertEquals("a", through(true, "a\u001bc"), "a two-byte escape");
    }

    @Test
    void aTerminalGetsEverything() throws Exception {
        String coloured = "\u001b[31;1mError\u001b[0m\n";
        assertEquals(coloured, through(false, coloured));
    }
}
