package be.imio.platform.api;

import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Dates, times and numbers as people in Belgium write them, in each language the platform speaks
 * ({@link Texts#LANGUAGES}), in Brussels time: {@code 29/11/2026} in French and English,
 * {@code 29.11.2026} in German, and {@code 14:30} in all three (as the console, the journal and
 * every page of the platform write it: one way for every screen);
 * numbers with Belgium's separators for the language ({@code 1 234,5}, {@code 1.234,5}). Thread-safe.
 *
 * @since 1.6
 */
public final class BelgianFormats {

    /** The time zone of every Walloon commune. */
    public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static final DateTimeFormatter SLASHED = DateTimeFormatter.ofPattern("dd/MM/uuuu");
    private static final DateTimeFormatter DOTTED = DateTimeFormatter.ofPattern("dd.MM.uuuu");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private BelgianFormats() {
    }

    /** The Belgian variant of {@code language}: {@code fr-BE}, {@code en-BE}, {@code de-BE}. */
    public static Locale belgian(Locale language) {
        return new Locale(language.getLanguage(), "BE");
    }

    /** {@code 29/11/2026}; {@code 29.11.2026} in German. */
    public static String date(Locale language, LocalDate date) {
        return (isGerman(language) ? DOTTED : SLASHED).format(date);
    }

    /** {@code 14:30}, in every language. */
    public static String time(Locale language, LocalTime time) {
        return TIME.format(time);
    }

    /** The date, then the time: {@code 29/11/2026 14:30}. */
    public static String dateTime(Locale language, LocalDateTime dateTime) {
        return date(language, dateTime.toLocalDate()) + " " + time(language, dateTime.toLocalTime());
    }

    /** {@code instant} as {@link #dateTime}, in Brussels time. */
    public static String dateTime(Locale language, Instant instant) {
        return dateTime(language, LocalDateTime.ofInstant(instant, BRUSSELS));
    }

    /** The day's name and its date without the year, as a week's column heads: {@code lundi 30/11}, {@code Montag 30.11.}. */
    public static String day(Locale language, LocalDate date) {
        return DateTimeFormatter.ofPattern(isGerman(language) ? "EEEE dd.MM." : "EEEE dd/MM", belgian(language)).format(date);
    }

    /** {@code number} with Belgium's separators for {@code language}. */
    public static String number(Locale language, double number) {
        return NumberFormat.getNumberInstance(belgian(language)).format(number);
    }


    private static boolean isGerman(Locale language) {
        return Texts.GERMAN.getLanguage().equals(language.getLanguage());
    }
}
