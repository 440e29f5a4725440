package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;

/** A check's words in {@code /api/status}: in the language asked, else French then English as before. */
class StatusServletTest {

    private static final HealthStatus WORDED = HealthStatus.of(HealthStatus.State.DEGRADED, Message.written(language ->
            switch (language.getLanguage()) {
                case "en" -> "one letter is late";
                case "de" -> "ein Brief ist verspätet";
                default -> "un courrier est en retard";
            }));

    @Test
    void aCheckWordedInEachLanguageAnswersInTheLanguageAskedElseInFrenchThenEnglish() {
        assertEquals("un courrier est en retard / one letter is late", StatusServlet.message(WORDED, null));
        assertEquals("ein Brief ist verspätet", StatusServlet.message(WORDED, Texts.GERMAN));
        assertEquals("one letter is late", StatusServlet.message(WORDED, Texts.ENGLISH));
    }

    @Test
    void aVerdictGivenAsOneStringIsSentAsItIs() {
        HealthStatus plain = HealthStatus.degraded("dernière sauvegarde le 30/11/2026 / last backup on 30/11/2026");
        assertEquals(plain.message(), StatusServlet.message(plain, null));
        assertEquals(plain.message(), StatusServlet.message(plain, Texts.GERMAN));
        assertEquals("", StatusServlet.message(HealthStatus.up(""), null));
    }
}
