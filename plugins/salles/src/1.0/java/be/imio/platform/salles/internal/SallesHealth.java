package be.imio.platform.salles.internal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.ImioModule;
import be.imio.platform.api.Texts;

/** The module works when its tables answer: what the host checks before keeping an update. */
@Component
@ImioModule(SallesDatabase.MODULE)
public final class SallesHealth implements HealthCheck {

    private final Bookings bookings;
    private final Texts texts;

    @Activate
    public SallesHealth(@Reference SallesDatabase database, BundleContext context) {
        this.bookings = database.bookings();
        this.texts = Texts.of(context.getBundle(), SallesDatabase.MODULE);
    }

    @Override
    public HealthStatus check() {
        try (Connection c = bookings.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM SALLES_ROOM")) {
            rows.next();
            return HealthStatus.of(HealthStatus.State.UP, texts.message("health.up", rows.getLong(1)));
        } catch (SQLException e) {
            return HealthStatus.of(HealthStatus.State.DOWN, texts.message("health.down", e.getMessage()));
        }
    }
}
