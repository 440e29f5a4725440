package be.imio.solutions.swap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * What {@code GET public/slow} answers, once it has slept: a class first loaded then, and a resource
 * of the bundle read then, as a page that takes time does. Both come from the bundle that served
 * the request: if it is gone meanwhile, the request fails.
 */
final class SlowAnswer {

    private SlowAnswer() {
    }

    static String of(String version) throws IOException {
        try (InputStream in = SlowAnswer.class.getResourceAsStream("/slow.txt")) {
            if (in == null) {
                throw new IOException("slow.txt is gone with its bundle");
            }
            return "swap " + version + " " + new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
