package be.imio.platform.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.api.PlatformInstance;
import be.imio.platform.api.PlatformRole;
import be.imio.platform.api.SchemaMigrations;

/**
 * Brings the platform's schema up to date and records this start of the instance in the database.
 * Once it is registered, the database is usable: components that need the store reference
 * {@link PlatformInstance}.
 */
@Component(service = PlatformInstance.class, configurationPid = InstanceConfig.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = InstanceConfig.class)
public final class InstanceRecord implements PlatformInstance {

    static final String COMPONENT = "platform";

    private static final Logger LOG = LoggerFactory.getLogger(InstanceRecord.class);
    /** Events a person should know about, one line each (also in data/log/events.log). */
    private static final Logger EVENTS = LoggerFactory.getLogger("be.imio.platform.events");

    private final DataSource dataSource;
    private final Clock clock = Clock.systemUTC();
    private volatile InstanceRow row;
    private volatile String displayName;
    private volatile Upgrade lastUpgrade;

    @Activate
    public InstanceRecord(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            @Reference SchemaMigrations migrations, BundleContext context, InstanceConfig config) throws SQLException {
        this.dataSource = dataSource;
        PlatformRole role = PlatformRole.fromId(config.role());
        migrations.migrate(context.getBundle(), COMPONENT);
        UpgradeJournal journal = UpgradeJournal.of(context.getProperty("karaf.base"), context.getProperty("karaf.etc"));
        String version = journal.platformVersion() != null ? journal.platformVersion()
                : context.getBundle().getVersion().toString();
        this.row = recordStart(role, config.displayName(), version, journal);
        this.displayName = config.displayName();
        this.lastUpgrade = UpgradeJournal.last(dataSource);
        LOG.info("Instance {} started as {} (start number {}, platform {})", row.id(), role.id(), row.startCount(),
                version);
        if (journal.pending() != null && journal.pending().toVersion().equals(version)) {
            EVENTS.info("platform upgraded from {} to {}: schema migrations done, first start recorded (backup taken"
                    + " before: {})", journal.pending().fromVersion(), version, journal.pending().backup());
            journal.completed();
        }
    }

    @Modified
    void modified(InstanceConfig config) {
        if (PlatformRole.fromId(config.role()) != row.role()) {
            LOG.error("The role of instance {} is {} and cannot change; create a new instance for another role",
                    row.id(), row.role().id());
        }
        displayName = config.displayName();
    }

    private InstanceRow recordStart(PlatformRole role, String name, String version, UpgradeJournal journal)
            throws SQLException {
        Instant now = clock.instant();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                InstanceRow existing = InstanceRow.load(connection);
                InstanceRow started;
                if (existing == null) {
                    started = new InstanceRow(UUID.randomUUID().toString(), role, now, 1, version);
                    started.insert(connection, name);
                } else if (existing.role() != role) {
                    throw new IllegalStateException("this instance's database belongs to role '" + existing.role().id()
                            + "', but etc/" + InstanceConfig.PID + ".cfg says '" + role.id()
                            + "'; a role cannot change: create a new instance instead");
                } else {
                    started = new InstanceRow(existing.id(), role, existing.firstStarted(), existing.startCount() + 1,
                            version);
                    started.update(connection, name, now);
                }
                // In the transaction that records the start: an upgrade is complete once both are.
                journal.record(connection, version, now);
                connection.commit();
                return started;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        }
    }

    @Override
    public String id() {
        return row.id();
    }

    @Override
    public PlatformRole role() {
        return row.role();
    }

    @Override
    public String displayName() {
        return displayName;
    }

    @Override
    public Instant firstStarted() {
        return row.firstStarted();
    }

    @Override
    public long startCount() {
        return row.startCount();
    }

    @Override
    public String platformVersion() {
        return row.platformVersion();
    }

    @Override
    public Upgrade lastUpgrade() {
        return lastUpgrade;
    }

    /** The instance's row in {@code PLATFORM_INSTANCE}. */
    record InstanceRow(String id, PlatformRole role, Instant firstStarted, long startCount, String platformVersion) {

        static InstanceRow load(Connection connection) throws SQLException {
            try (PreparedStatement query = connection.prepareStatement(
                    "SELECT ID, ROLE_ID, FIRST_STARTED, START_COUNT, PLATFORM_VERSION FROM PLATFORM_INSTANCE");
                 ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    return null;
                }
                return new InstanceRow(rows.getString(1), PlatformRole.fromId(rows.getString(2)),
                        rows.getTimestamp(3).toInstant(), rows.getLong(4), rows.getString(5));
            }
        }

        void insert(Connection connection, String name) throws SQLException {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO PLATFORM_INSTANCE"
                    + " (ID, ROLE_ID, DISPLAY_NAME, FIRST_STARTED, LAST_STARTED, START_COUNT, PLATFORM_VERSION)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                insert.setString(1, id);
                insert.setString(2, role.id());
                insert.setString(3, name);
                insert.setTimestamp(4, Timestamp.from(firstStarted));
                insert.setTimestamp(5, Timestamp.from(firstStarted));
                insert.setLong(6, startCount);
                insert.setString(7, platformVersion);
                insert.executeUpdate();
            }
        }

        void update(Connection connection, String name, Instant now) throws SQLException {
            try (PreparedStatement update = connection.prepareStatement("UPDATE PLATFORM_INSTANCE"
                    + " SET DISPLAY_NAME = ?, LAST_STARTED = ?, START_COUNT = ?, PLATFORM_VERSION = ? WHERE ID = ?")) {
                update.setString(1, name);
                update.setTimestamp(2, Timestamp.from(now));
                update.setLong(3, startCount);
                update.setString(4, platformVersion);
                update.setString(5, id);
                update.executeUpdate();
            }
        }
    }
}
