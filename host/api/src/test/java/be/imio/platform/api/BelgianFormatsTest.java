package be.imio.platform.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;

import org.junit.jupiter.api.Test;

/** Dates, times and numbers as Belgians write them in each language, in Brussels time. */
class BelgianFormatsTest {

    @Test
    void eachLanguageWritesAsInBelgium() {
        LocalDateTime evening = LocalDateTime.of(2026, 11, 30, 18, 5);
        assertEquals("30/11/2026 18:05", BelgianFormats.dateTime(Texts.FRENCH, evening));
        assertEquals("30/11/2026 18:05", BelgianFormats.dateTime(Texts.ENGLISH, evening));
        assertEquals("30.11.2026 18:05", BelgianFormats.dateTime(Texts.GERMAN, evening));
        assertEquals("lundi 30/11", BelgianFormats.day(Texts.FRENCH, LocalDate.of(2026, 11, 30)));
        assertEquals("Montag 30.11.", BelgianFormats.day(Texts.GERMAN, LocalDate.of(2026, 11, 30)));
        assertEquals("1.234,5", BelgianFormats.number(Texts.GERMAN, 1234.5));
    }

    @Test
    void aTimeInAMessageIsWrittenInTheMessagesLanguage() {
        Texts texts = Texts.of(BelgianFormatsTest.class.getClassLoader(), "sample");
        Message at = Message.written(language -> BelgianFormats.time(language, java.time.LocalTime.of(18, 0)));
        Message greeting = texts.message("greeting", "Anne", at);
        assertEquals("Bonjour Anne, l'objet est 18:00", greeting.in(Texts.FRENCH));
        assertEquals("Hello Anne, the subject is 18:00", greeting.in(Texts.ENGLISH));
    }

    @Test
    void anInstantIsShownInBrusselsTime() {
        assertEquals("01/07/2026 14:00", BelgianFormats.dateTime(Texts.FRENCH, Instant.parse("2026-07-01T12:00:00Z")),
                "summer time, UTC+2");
        assertEquals("01/12/2026 13:00", BelgianFormats.dateTime(Texts.FRENCH, Instant.parse("2026-12-01T12:00:00Z")));
    }
}
