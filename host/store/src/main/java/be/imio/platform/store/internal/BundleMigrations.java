package be.imio.platform.store.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import javax.sql.DataSource;

import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

import be.imio.platform.api.SchemaMigrations;
import be.imio.platform.trust.ArtifactPaths;
import be.imio.platform.trust.ReservedNames;

/**
 * {@link SchemaMigrations} over the platform's DataSource, reading scripts from each bundle.
 *
 * <p>Who may migrate which schema (component):
 * <ul>
 * <li>the platform's own schemas ({@link #PLATFORM_COMPONENTS}) only by the platform bundle that
 * owns each;</li>
 * <li>a module's bundle, one installed from the host's verified cache (location
 * {@code mvn:GROUP/ARTIFACT/...} with {@code data/host/verified/GROUP/ARTIFACT} present: code that
 * came from the repository), only the schema named after its own artifact: bundle
 * {@code mvn:be.imio.platform/courrier/...} migrates {@code courrier} and nothing else. The
 * version in the location is not looked at: after an update in place it still names the first
 * one. A module's schema may not have a {@link ReservedNames reserved} name, nor one whose tables
 * meet another schema's already on the host (see {@link SchemaMigrator}). And a module's scripts
 * not applied yet must only add (see {@link AdditiveSql}), so that no release takes away what the
 * commune registered;</li>
 * <li>any other bundle (the platform's own, a library of Karaf's) any other schema.</li>
 * </ul>
 * Every refusal is an {@link IllegalArgumentException} that says why, thrown before any script runs.
 */
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
    /** The host's verified cache, {@code data/host/verified}: where modules' artifacts come from. */
    private final Path verified;

    @Activate
    public BundleMigrations(@Reference(target = "(dataSourceName=platform)") DataSource dataSource,
            BundleContext context) {
        this(dataSource, Path.of(String.valueOf(context.getProperty("karaf.data")), "host", "verified"));
    }

    BundleMigrations(DataSource dataSource, Path verified) {
        this.migrator = new SchemaMigrator(dataSource, Clock.systemUTC());
        this.verified = verified;
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
        Optional<ArtifactPaths.Coordinates> module = ArtifactPaths.inCache(verified, bundle.getLocation());
        if (module.isPresent() && ReservedNames.isReserved(component)) {
            // host-operation would own HOST_OPERATION, the host's journal; platform-... the history.
            throw new IllegalArgumentException("the schema '" + component + "' of module " + module.get().group() + ":"
                    + module.get().artifact() + " has a name reserved to the platform (" + String.join(", ",
                    ReservedNames.RESERVED) + ", imio..., and names starting with them): its tables would be the"
                    + " platform's");
        }
        if (module.isPresent() && !module.get().artifact().equals(component)) {
            throw new IllegalArgumentException("the bundle " + bundle.getSymbolicName() + " of module "
                    + module.get().group() + ":" + module.get().artifact() + " may migrate its own schema '"
                    + module.get().artifact() + "' only, not '" + component + "'");
        }
        return migrator.migrate(component, scripts(bundle, "db/" + component), module.isPresent());
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
