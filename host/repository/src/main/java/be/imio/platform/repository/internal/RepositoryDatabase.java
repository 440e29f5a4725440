package be.imio.platform.repository.internal;

import java.sql.SQLException;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.repository.internal.audit.AuditLog;
import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.repository.internal.rollout.RequiredLedger;
import be.imio.platform.repository.internal.rollout.RolloutLedger;

/** The repository's tables, brought up to date once, before anything reads or writes them. */
@Component(service = RepositoryDatabase.class)
public final class RepositoryDatabase {

    private final ReleaseLedger ledger;
    private final HostRegistry hosts;
    private final RolloutLedger rollouts;
    private final RequiredLedger required;
    private final AuditLog audit;
    private final be.imio.platform.repository.internal.publisher.PublisherKeys publisherKeys;

    @Activate
    public RepositoryDatabase(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context) throws SQLException {
        migrations.migrate(context.getBundle(), "repository");
        this.ledger = new ReleaseLedger(dataSource);
        this.hosts = new HostRegistry(dataSource);
        this.rollouts = new RolloutLedger(dataSource);
        this.required = new RequiredLedger(dataSource);
        this.audit = new AuditLog(dataSource);
        this.publisherKeys = new be.imio.platform.repository.internal.publisher.PublisherKeys(dataSource);
    }

    /** The keys publishers sign their releases with. */
    public be.imio.platform.repository.internal.publisher.PublisherKeys publisherKeys() {
        return publisherKeys;
    }

    public ReleaseLedger ledger() {
        return ledger;
    }

    public HostRegistry hosts() {
        return hosts;
    }

    public RolloutLedger rollouts() {
        return rollouts;
    }

    /** The audit log, for reading. */
    public AuditLog audit() {
        return audit;
    }

    /** The releases iMio requires by a date. */
    public RequiredLedger required() {
        return required;
    }
}
