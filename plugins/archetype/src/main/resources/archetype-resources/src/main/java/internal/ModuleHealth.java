package ${package}.internal;

import java.sql.SQLException;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.ImioModule;

/**
 * The module works when its table answers: what the host checks after an enable or an update
 * (and rolls back otherwise). Tied to the module by {@code @ImioModule}; it answers within a second.
 */
@Component
@ImioModule(ModuleDatabase.MODULE)
public final class ModuleHealth implements HealthCheck {

    private final ModuleDatabase database;

    @Activate
    public ModuleHealth(@Reference ModuleDatabase database) {
        this.database = database;
    }

    @Override
    public HealthStatus check() {
        try {
            return HealthStatus.up(database.count() + " note(s)");
        } catch (SQLException e) {
            return HealthStatus.down("table illisible / table unreadable: " + e.getMessage());
        }
    }
}
