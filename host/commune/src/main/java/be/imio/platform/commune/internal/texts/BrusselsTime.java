package be.imio.platform.commune.internal.texts;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Texts;

import java.time.Instant;

/**
 * An instant as people in Belgium read it in a message, in both its languages:
 * {@code 30/11/2026 15:04}, Brussels time, never an ISO timestamp in UTC.
 */
public final class BrusselsTime {


    private BrusselsTime() {
    }

    /** {@code instant} as {@code dd/MM/yyyy HH:mm} in Europe/Brussels. */
    public static String of(Instant instant) {
        return BelgianFormats.dateTime(Texts.FRENCH, instant);
    }
}
