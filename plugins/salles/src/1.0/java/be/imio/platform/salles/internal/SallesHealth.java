package be.imio.platform.salles.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.ImioModule;

/** The module works when its tables answer: what the host checks before keeping an update. */
@Component
@ImioModule(SallesDatabase.MODULE)
public final class SallesHealth implements HealthCheck {

    private final Bookings bookings;

    @Activate
    public SallesHealth(@Reference SallesDatabase database) {
        this.bookings = database.bookings();
    }

    @Override
    public HealthStatus check() {
        try (Connection c = bookings.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SALLES_ROOM")) {
            rows.next();
            return HealthStatus.up(rows.getLong(1) + " salle(s) / room(s)");
        } catch (SQLException e) {
            return HealthStatus.down("réservations illisibles / bookings unreadable: " + e.getMessage());
        }
    }
}
