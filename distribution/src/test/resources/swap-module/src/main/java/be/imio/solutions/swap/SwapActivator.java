package be.imio.solutions.swap;

import java.util.Hashtable;
import java.util.concurrent.TimeUnit;

import javax.servlet.Servlet;
import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.util.tracker.ServiceTracker;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.api.WebContexts;

/**
 * Starts the test module: migrates its table in the platform's database, then registers its
 * pages in the modules context and its health check. A version built with
 * {@code -Dmodule.fail=true} carries {@code Swap-Fail: true} and refuses to start, so that tests
 * can watch the host roll an update back.
 */
public final class SwapActivator implements BundleActivator {

    /** The module's name: its feature name, its URL segment under /modules and its schema component. */
    static final String MODULE = "swap";

    private static final long WAIT_MILLIS = TimeUnit.SECONDS.toMillis(30);

    private ServiceTracker<DataSource, DataSource> dataSources;
    private ServiceTracker<SchemaMigrations, SchemaMigrations> migrations;
    private ServiceRegistration<Servlet> servlet;
    private ServiceRegistration<HealthCheck> health;

    @Override
    public void start(BundleContext context) throws Exception {
        Bundle bundle = context.getBundle();
        String version = bundle.getVersion().toString();
        if ("true".equalsIgnoreCase(bundle.getHeaders().get("Swap-Fail"))) {
            throw new IllegalStateException("swap " + version + " refuse de démarrer / refuses to start (test module)");
        }
        dataSources = new ServiceTracker<>(context,
                context.createFilter("(&(objectClass=" + DataSource.class.getName() + ")(dataSourceName=platform))"),
                null);
        dataSources.open();
        migrations = new ServiceTracker<>(context, SchemaMigrations.class, null);
        migrations.open();

        DataSource dataSource = dataSources.waitForService(WAIT_MILLIS);
        SchemaMigrations schema = migrations.waitForService(WAIT_MILLIS);
        if (dataSource == null || schema == null) {
            closeTrackers();
            throw new IllegalStateException("swap " + version + " : base de données de la plateforme introuvable"
                    + " / platform database not found within 30 s");
        }
        schema.migrate(bundle, MODULE);

        Hashtable<String, Object> web = new Hashtable<>();
        web.put(WebContexts.MODULE, MODULE);
        servlet = context.registerService(Servlet.class, new SwapServlet(version, dataSources::getService), web);

        Hashtable<String, Object> check = new Hashtable<>();
        check.put(HealthCheck.MODULE, MODULE);
        HealthStatus ready = HealthStatus.up("swap " + version + " prêt / ready");
        health = context.registerService(HealthCheck.class, () -> ready, check);
    }

    @Override
    public void stop(BundleContext context) {
        if (health != null) {
            health.unregister();
            health = null;
        }
        if (servlet != null) {
            servlet.unregister();
            servlet = null;
        }
        closeTrackers();
    }

    private void closeTrackers() {
        if (migrations != null) {
            migrations.close();
            migrations = null;
        }
        if (dataSources != null) {
            dataSources.close();
            dataSources = null;
        }
    }
}
