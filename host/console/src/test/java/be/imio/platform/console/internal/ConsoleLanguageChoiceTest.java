package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/**
 * The reader's language: asked in the address (and then remembered in a cookie), else the one
 * remembered, else the browser's preference among French, English and German, else French.
 */
class ConsoleLanguageChoiceTest {

    @Test
    void aLanguageAskedInTheAddressIsChosenAndRemembered() {
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();

        assertEquals(Texts.GERMAN, ConsoleContext.language(ConsoleFakes.Asked.of("GET", "/").query("lang=de")
                .cookie("imio_lang", "en").header("Accept-Language", "en").request(), answer.response()));
        assertEquals("imio_lang=de; Path=/; Max-Age=31536000; SameSite=Strict", answer.header("Set-Cookie"));
    }

    @Test
    void otherwiseTheRememberedOneThenTheBrowsersThenFrench() {
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();

        assertEquals(Texts.ENGLISH, ConsoleContext.language(ConsoleFakes.Asked.of("GET", "/").cookie("imio_lang", "en")
                .header("Accept-Language", "de").request(), answer.response()));
        assertEquals(Texts.GERMAN, ConsoleContext.language(ConsoleFakes.Asked.of("GET", "/")
                .header("Accept-Language", "nl-BE, de;q=0.8, fr;q=0.5").request(), answer.response()));
        assertEquals(Texts.FRENCH, ConsoleContext.language(ConsoleFakes.Asked.of("GET", "/")
                .header("Accept-Language", "nl-BE").request(), answer.response()));
        assertNull(answer.header("Set-Cookie"), "only a language asked for is remembered");
    }

    @Test
    void aLanguageNotOfferedIsNotTakenFromTheAddressOrTheCookie() {
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();

        assertEquals(Texts.FRENCH, ConsoleContext.language(ConsoleFakes.Asked.of("GET", "/").query("lang=nl")
                .cookie("imio_lang", "xx\"; Path=/").request(), answer.response()));
        assertNull(answer.header("Set-Cookie"));
    }
}
