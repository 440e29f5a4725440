package be.imio.platform.store.internal;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;

class BundleMigrationsTest {

    private static Bundle bundle(String symbolicName) {
        return (Bundle) Proxy.newProxyInstance(BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {Bundle.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "getSymbolicName" -> symbolicName;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** A database no test here may reach: every refusal happens before a connection is asked for. */
    private static final DataSource UNREACHABLE = (DataSource) Proxy.newProxyInstance(
            BundleMigrationsTest.class.getClassLoader(), new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                throw new AssertionError("the database was reached: " + method.getName());
            });

    @Test
    void aModuleCannotMigrateThePlatformsSchemas() {
        BundleMigrations migrations = new BundleMigrations(UNREACHABLE);
        for (String component : BundleMigrations.PLATFORM_COMPONENTS.keySet()) {
            IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                    () -> migrations.migrate(bundle("aa.evil.wipe"), component), component);
            assertTrue(refused.getMessage().contains("aa.evil.wipe"), refused.getMessage());
        }
        assertThrows(IllegalArgumentException.class, () -> migrations.migrate(bundle("be.imio.platform.commune"),
                "repository"), "one platform bundle may not change another's schema");
    }
}
