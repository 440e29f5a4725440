package be.imio.platform.commune.internal;

import java.util.Locale;
import java.util.Set;

/**
 * Names no module may take on a host: the platform's own health checks and schemas
 * ({@code host}, {@code platform}, {@code backups}, {@code repository}), the platform's paths
 * ({@code console}, {@code api}, {@code modules}…) and anything starting with {@code imio}. The
 * repository refuses them at release; the host does not rely on that.
 */
final class ReservedNames {

    private static final Set<String> RESERVED = Set.of("host", "platform", "repository", "backups", "console", "api",
            "modules", "health", "status", "static", "login", "logout", "public");

    private ReservedNames() {
    }

    /** True when {@code name}, in any case, is reserved to the platform. */
    static boolean isReserved(String name) {
        String lower = name == null ? "" : name.toLowerCase(Locale.ROOT);
        return RESERVED.contains(lower) || lower.startsWith("imio");
    }
}
