package be.imio.platform.commune.internal.ledger;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/** The host's tables, brought up to date once, before anything reads or writes them. */
@Component(service = HostDatabase.class)
public final class HostDatabase {

    private final ModuleLedger ledger;

    @Activate
    public HostDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), "host");
        this.ledger = new ModuleLedger(dataSource);
    }

    public ModuleLedger ledger() {
        return ledger;
    }
}
