package be.imio.platform.salles.internal;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * When the commune's rooms may be booked, a setting of the commune ({@code etc/be.imio.platform.salles.cfg},
 * described by metatype so the console can edit it). A changed setting applies to the next booking.
 */
@Component(service = OpeningHours.class, configurationPid = OpeningHours.PID, immediate = true)
@Designate(ocd = OpeningHours.Config.class)
public final class OpeningHours {

    static final String PID = "be.imio.platform.salles";

    @ObjectClassDefinition(name = "Réservation de salles / Room booking",
            description = "Heures auxquelles les salles peuvent être réservées / When rooms may be booked")
    @interface Config {

        @AttributeDefinition(name = "Ouverture / Opening", description = "HH:mm, par exemple 07:00")
        String opens() default "07:00";

        @AttributeDefinition(name = "Fermeture / Closing", description = "HH:mm, par exemple 23:00")
        String closes() default "23:00";
    }

    private volatile LocalTime opens = LocalTime.of(7, 0);
    private volatile LocalTime closes = LocalTime.of(23, 0);

    @Activate
    @Modified
    void configure(Config config) {
        try {
            LocalTime newOpens = LocalTime.parse(config.opens().strip());
            LocalTime newCloses = LocalTime.parse(config.closes().strip());
            if (newOpens.isBefore(newCloses)) {
                opens = newOpens;
                closes = newCloses;
            }
        } catch (DateTimeParseException e) {
            // A mistyped setting keeps the previous hours; the console shows the expected form.
        }
    }

    LocalTime opens() {
        return opens;
    }

    LocalTime closes() {
        return closes;
    }
}
