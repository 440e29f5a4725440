package be.imio.platform.api;

import java.sql.SQLException;

import org.osgi.annotation.versioning.ProviderType;
import org.osgi.framework.Bundle;

/**
 * Versioned schema changes in the platform's shared database, for the platform's bundles and for
 * modules. A bundle ships its scripts as {@code db/<component>/V<n>__<description>.sql}
 * (numbered from 1 without gaps; statements end with a semicolon at the end of a line; portable
 * SQL only, as the database may be Derby or PostgreSQL) and calls {@link #migrate} when it starts.
 *
 * <p>Each script runs once, in one transaction with its record in {@code PLATFORM_SCHEMA_HISTORY},
 * so an interrupted migration is rolled back and run again at the next start. A script changed
 * after it was applied is refused: add a new one instead.
 */
@ProviderType
public interface SchemaMigrations {

    /**
     * Applies {@code component}'s scripts from {@code bundle} that are not applied yet.
     *
     * @return how many scripts were applied
     * @throws SQLException when a script fails (it is rolled back) or an applied script was changed
     * @throws IllegalArgumentException when scripts are misnamed or their numbers have gaps; when
     *         {@code component} is one of the platform's own schemas ({@code platform},
     *         {@code host}, {@code repository}) and {@code bundle} is not the platform bundle that
     *         owns it; when {@code bundle} is a module's and {@code component} is not its own
     *         artifactId; or when a module's script not applied yet does more than add (only
     *         {@code CREATE TABLE}, {@code CREATE INDEX}, {@code CREATE SEQUENCE},
     *         {@code ALTER TABLE ... ADD} a nullable column or one with a {@code DEFAULT}, and
     *         {@code INSERT}): nothing is run then
     */
    int migrate(Bundle bundle, String component) throws SQLException;
}
