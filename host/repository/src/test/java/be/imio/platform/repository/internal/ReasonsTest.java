package be.imio.platform.repository.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ReasonsTest {

    @Test
    void aReasonIsOneTextWithinBoundsWithoutControlCharacters() {
        assertEquals("faille de sécurité", Reasons.of("  faille de sécurité \n"));
        assertEquals("x".repeat(Reasons.MAX), Reasons.of("x".repeat(Reasons.MAX)));
        for (String refused : new String[] {null, "", "   ", "x".repeat(Reasons.MAX + 1), "faille\u0007", "a\nb",
                "a\rb", "a\tb", "a\u0000b", "a\u009bb"}) {
            assertNull(Reasons.of(refused), String.valueOf(refused));
        }
    }
}
