package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A health verdict speaks each language when given as a message, French first. */
class HealthStatusTest {

    private final Texts texts = Texts.of(HealthStatusTest.class.getClassLoader(), "sample");

    @Test
    void aMessageIsInEachLanguageAndFrenchByDefault() {
        HealthStatus up = HealthStatus.of(HealthStatus.State.UP, texts.message("title"));
        assertEquals("Registre du courrier", up.message());
        assertEquals("Posteingangsregister", up.message(Texts.GERMAN));
        assertEquals("UP: Registre du courrier", up.toString());
    }

    @Test
    void aStringIsTheSameInEveryLanguage() {
        HealthStatus down = HealthStatus.down("disk full");
        assertEquals("disk full", down.message(Texts.ENGLISH));
        assertEquals(HealthStatus.State.DOWN, down.worst(HealthStatus.of(HealthStatus.State.UP, texts.message("title"))).state());
    }
}
