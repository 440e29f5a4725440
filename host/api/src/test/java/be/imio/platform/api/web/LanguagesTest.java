package be.imio.platform.api.web;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** Which language a module's page answers in. */
class LanguagesTest {

    private static java.util.Locale of(String path, Map<String, String> headers) {
        return Languages.of(FakeHttp.request("GET", path, headers, Map.of(), null));
    }

    @Test
    void theAddressThenTheRememberedChoiceThenTheBrowserThenFrench() {
        assertEquals(Texts.GERMAN, of("/?lang=de", Map.of("Cookie", "imio_lang=en", "Accept-Language", "fr")));
        assertEquals(Texts.ENGLISH, of("/", Map.of("Cookie", "imio_lang=en", "Accept-Language", "de")));
        assertEquals(Texts.GERMAN, of("/", Map.of("Accept-Language", "de-BE,fr;q=0.8")));
        assertEquals(Texts.FRENCH, of("/", Map.of()));
        assertEquals(Texts.FRENCH, of("/?lang=nl", Map.of("Accept-Language", "de")), "an unknown language asked: French");
    }

    @Test
    void aBrokenEscapeInTheAddressNamesNoLanguageAndFailsNothing() {
        for (String path : new String[] {"/?lang=%", "/?lang=%zz", "/?x=1&lang=%E9%", "/?lang=%2"}) {
            assertEquals(Texts.GERMAN, of(path, Map.of("Accept-Language", "de")), path);
        }
    }

    private static final be.imio.platform.api.Message WORDED = be.imio.platform.api.Message.written(language ->
            switch (language.getLanguage()) {
                case "en" -> "one letter is late";
                case "de" -> "ein Brief ist verspätet";
                default -> "un courrier est en retard";
            });

    private static String words(String path, Map<String, String> headers, be.imio.platform.api.Message message) {
        return Languages.words(FakeHttp.request("GET", path, headers, Map.of(), null), message::in);
    }

    @Test
    void wordsAreInTheLanguageTheRequestNamesElseInFrenchThenEnglish() {
        assertEquals("un courrier est en retard / one letter is late", words("/api/status", Map.of(), WORDED));
        assertEquals("ein Brief ist verspätet", words("/api/status", Map.of("Accept-Language", "de-BE"), WORDED));
        assertEquals("one letter is late", words("/api/status?lang=en", Map.of(), WORDED));
        assertEquals("ein Brief ist verspätet", words("/api/status", Map.of("Cookie", "imio_lang=de"), WORDED));
        assertEquals("un courrier est en retard", words("/api/status", Map.of("Accept-Language", "nl"), WORDED),
                "a language named but not offered: French");
    }

    @Test
    void wordsTheSameInEveryLanguageAreSentOnce() {
        be.imio.platform.api.Message plain = be.imio.platform.api.Message.written(language -> "ok");
        assertEquals("ok", words("/api/status", Map.of(), plain));
        assertEquals("", words("/api/status", Map.of(), be.imio.platform.api.Message.written(language -> "")));
    }
}
