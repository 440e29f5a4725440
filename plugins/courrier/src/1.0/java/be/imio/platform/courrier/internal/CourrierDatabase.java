package be.imio.platform.courrier.internal;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/**
 * The register's tables, brought to this release's schema (scripts {@code db/courrier/V<n>__*.sql})
 * before anything reads them. Migrations only add, so that the previous release still works on
 * the newer schema after a rollback.
 */
@Component(service = CourrierDatabase.class)
public final class CourrierDatabase {

    static final String MODULE = "courrier";

    private final MailRegister register;

    @Activate
    public CourrierDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), MODULE);
        this.register = new MailRegister(dataSource, Clock.systemDefaultZone());
    }

    MailRegister register() {
        return register;
    }
}
