package be.imio.platform.conseil.internal;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/**
 * The council's tables, brought to this release's schema (scripts {@code db/conseil/V<n>__*.sql})
 * before anything reads them. Migrations only add, so that the previous release still works on
 * the newer schema after a rollback.
 */
@Component(service = ConseilDatabase.class)
public final class ConseilDatabase {

    static final String MODULE = "conseil";

    private final Council council;

    @Activate
    public ConseilDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), MODULE);
        this.council = new Council(dataSource, Clock.systemDefaultZone());
    }

    Council council() {
        return council;
    }
}
