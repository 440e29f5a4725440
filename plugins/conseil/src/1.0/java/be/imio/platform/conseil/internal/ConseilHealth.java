package be.imio.platform.conseil.internal;

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
@ImioModule(ConseilDatabase.MODULE)
public final class ConseilHealth implements HealthCheck {

    private final Council council;

    @Activate
    public ConseilHealth(@Reference ConseilDatabase database) {
        this.council = database.council();
    }

    @Override
    public HealthStatus check() {
        try (Connection c = council.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM CONSEIL_MEETING")) {
            rows.next();
            return HealthStatus.up(rows.getLong(1) + " séance(s) / meeting(s)");
        } catch (SQLException e) {
            return HealthStatus.down("séances illisibles / meetings unreadable: " + e.getMessage());
        }
    }
}
