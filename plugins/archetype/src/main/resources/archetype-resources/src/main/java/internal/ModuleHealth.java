package ${package}.internal;

import java.sql.SQLException;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.ImioModule;
import be.imio.platform.api.Texts;

/**
 * The module works when its table answers: what the host checks after an enable or an update
 * (and rolls back otherwise). Tied to the module by {@code @ImioModule}; it answers within a second,
 * in the reader's language (the console asks {@code message(Locale)}).
 */
@Component
@ImioModule(ModuleDatabase.MODULE)
public final class ModuleHealth implements HealthCheck {

    private final ModuleDatabase database;
    private final Texts texts;

    @Activate
    public ModuleHealth(@Reference ModuleDatabase database, BundleContext context) {
        this.database = database;
        this.texts = Texts.of(context.getBundle(), ModuleDatabase.MODULE);
    }

    @Override
    public HealthStatus check() {
        try {
            return HealthStatus.of(HealthStatus.State.UP, texts.message("health.up", database.count()));
        } catch (SQLException e) {
            return HealthStatus.of(HealthStatus.State.DOWN, texts.message("health.down", e.getMessage()));
        }
    }
}
