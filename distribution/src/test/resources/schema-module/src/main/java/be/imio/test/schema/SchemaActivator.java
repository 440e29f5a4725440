package be.imio.test.schema;

import java.util.Hashtable;

import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.SchemaMigrations;

/** Migrates the schema named in its Schema-Component header; DOWN, with the reason, when refused. */
public final class SchemaActivator implements BundleActivator {

    private ServiceRegistration<HealthCheck> health;

    @Override
    public void start(BundleContext context) throws Exception {
        String component = context.getBundle().getHeaders().get("Schema-Component");
        ServiceReference<SchemaMigrations> migrations = context.getServiceReference(SchemaMigrations.class);
        HealthStatus status;
        try {
            int applied = context.getService(migrations).migrate(context.getBundle(), component);
            status = HealthStatus.up("schema " + component + ": applied " + applied);
        } catch (Exception e) {
            status = HealthStatus.down("migration refused: " + e.getMessage());
        }
        HealthStatus answer = status;
        Hashtable<String, Object> properties = new Hashtable<>();
        properties.put(HealthCheck.MODULE, component);
        health = context.registerService(HealthCheck.class, () -> answer, properties);
    }

    @Override
    public void stop(BundleContext context) {
        health.unregister();
    }
}
