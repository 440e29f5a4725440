package be.imio.platform.courrier.internal;

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

/** The register works when its table answers: what the host checks before keeping an update. */
@Component
@ImioModule(CourrierDatabase.MODULE)
public final class CourrierHealth implements HealthCheck {

    private final MailRegister register;
    private final Texts texts;

    @Activate
    public CourrierHealth(@Reference CourrierDatabase database, BundleContext context) {
        this.register = database.register();
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
    }

    @Override
    public HealthStatus check() {
        try (Connection c = register.dataSource().getConnection(); Statement s = c.createStatement();
                ResultSet rows = s.executeQuery("SELECT COUNT(*) FROM COURRIER_MAIL")) {
            rows.next();
            return HealthStatus.of(HealthStatus.State.UP, texts.message("health.up", rows.getLong(1)));
        } catch (SQLException e) {
            return HealthStatus.of(HealthStatus.State.DOWN, texts.message("health.down", e.getMessage()));
        }
    }
}
