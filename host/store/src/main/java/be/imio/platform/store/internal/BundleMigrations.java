package be.imio.platform.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;

/** {@link SchemaMigrations} over the platform's DataSource, reading scripts from each bundle. */
@Component(service = SchemaMigrations.class)
public final class BundleMigrations implements SchemaMigrations {

    private static final Pattern COMPONENT = Pattern.compile("[a-z][a-z0-9-]{0,63}");
    /**
     * The platform's own schemas and the one bundle allowed to change each: a module asking to
     * migrate {@code host} would otherwise run its scripts on the host's tables (its journal).
     */
    static final Map<String, String> PLATFORM_COMPONENTS = Map.of("platform", "be.imio.platform.store",
            "host", "be.imio.platform.commune", "repository", "be.imio.platform.repository");

    private final SchemaMigrator migrator;

    @Activate
    public BundleMigrations(@Reference(target = "(dataSourceName=platform)") DataSource dataSource) {
        this.migrator = new SchemaMigrator(dataSource, Clock.systemUTC());
    }

    @Override
    public int migrate(Bundle bundle, String component) throws SQLException {
        if (component == null || !COMPONENT.matcher(component).matches()) {
            throw new IllegalArgumentException("component name '" + component
                    + "' must be lower-case letters, digits and dashes");
        }
        String owner = PLATFORM_COMPONENTS.get(component);
        if (owner != null && !owner.equals(bundle.getSymbolicName())) {
            throw new IllegalArgumentException("the schema '" + component + "' is the platform's: bundle "
                    + bundle.getSymbolicName() + " may not change it");
        }
        return migrator.migrate(component, scripts(bundle, "db/" + component));
    }

    /** Reads the bundle's migration scripts from {@code folder}. */
    static List<Migration> scripts(Bundle bundle, String folder) {
        Enumeration<URL> entries = bundle.findEntries(folder, "V*.sql", false);
        List<Migration> migrations = new ArrayList<>();
        for (URL entry : entries == null ? Collections.<URL>emptyList() : Collections.list(entries)) {
            String path = entry.getPath();
            try (InputStream in = entry.openStream()) {
                migrations.add(Migration.fromScript(path.substring(path.lastIndexOf('/') + 1),
                        new String(in.readAllBytes(), StandardCharsets.UTF_8)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + path + " from " + bundle.getSymbolicName(), e);
            }
        }
        return migrations;
    }
}
