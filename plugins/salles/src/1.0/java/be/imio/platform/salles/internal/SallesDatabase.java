package be.imio.platform.salles.internal;

import java.sql.SQLException;
import java.time.Clock;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/**
 * The rooms' and bookings' tables, brought to this release's schema (scripts {@code db/salles/V<n>__*.sql})
 * before anything reads them. Migrations only add, so that the previous release still works on
 * the newer schema after a rollback.
 */
@Component(service = SallesDatabase.class)
public final class SallesDatabase {

    static final String MODULE = "salles";

    private final Bookings bookings;

    @Activate
    public SallesDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), MODULE);
        this.bookings = new Bookings(dataSource, Clock.systemDefaultZone());
    }

    Bookings bookings() {
        return bookings;
    }
}
