package be.imio.platform.commune.internal.texts;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * An instant as people in Belgium read it in a message, in both its languages:
 * {@code 30/11/2026 15:04}, Brussels time, never an ISO timestamp in UTC.
 */
public final class BrusselsTime {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(HostSettings.BRUSSELS);

    private BrusselsTime() {
    }

    /** {@code instant} as {@code dd/MM/yyyy HH:mm} in Europe/Brussels. */
    public static String of(Instant instant) {
        return FORMAT.format(instant);
    }
}
