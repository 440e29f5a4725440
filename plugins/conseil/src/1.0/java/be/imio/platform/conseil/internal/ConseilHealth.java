package be.imio.platform.conseil.internal;

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
@ImioModule(ConseilDatabase.MODULE)
public final class ConseilHealth implements HealthCheck {

    private final Council council;
    private final Texts texts;

    @Activate
    public ConseilHealth(@Reference ConseilDatabase database, BundleContext context) {
        this.council = database.council();
        this.texts = Texts.of(context.getBundle(), ConseilDatabase.MODULE);
    }

    @Override
    public HealthStatus check() {
        try (Connection c = council.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM CONSEIL_MEETING")) {
            rows.next();
            return HealthStatus.of(HealthStatus.State.UP, texts.message("health.up", rows.getLong(1)));
        } catch (SQLException e) {
            return HealthStatus.of(HealthStatus.State.DOWN, texts.message("health.down", e.getMessage()));
        }
    }
}
