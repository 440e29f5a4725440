package be.imio.platform.trust;

import java.util.List;
import java.util.Locale;

/**
 * Names no module may take, whatever their case: the platform's own parts, whose bundles
 * ({@code be.imio.platform.store}...) and configurations ({@code be.imio.platform.backup},
 * {@code be.imio.platform.host}...) a module of that name would share its symbolic name or
 * configuration PID with; the first segments of its web addresses ({@code /host}, {@code /api},
 * {@code /console}...), which a module of that name would shadow or loop into; and everything
 * starting with {@code imio}, which people would
 * take for iMio's platform. A name whose first segment (before {@code -}, {@code _} or {@code .})
 * is one of these is reserved too: a module's tables are named after it ({@link SchemaPrefix}), so
 * {@code host-operation} would own the platform's table {@code HOST_OPERATION}. The repository
 * refuses them at release, and a host refuses them again, since it does not rely on the repository
 * for that.
 */
public final class ReservedNames {

    /** The reserved names, lower-case; see also {@link #isReserved}. */
    public static final List<String> RESERVED = List.of("host", "platform", "repository", "backup", "backups",
            "console", "api", "modules", "health", "status", "static", "login", "logout", "public", "commune", "launcher",
            "store", "trust", "web");

    /**
     * The platform's packages a module may use: the SDK's ({@code be.imio.platform.api} and its
     * {@code .json} and {@code .web}, and {@code be.imio.platform.web.json}, deprecated). Every other
     * package under {@code be.imio.platform} is the platform's own (the console's pages, the engine's
     * services, the web contexts): a module importing one, or registering a service of one of its
     * types, would act as the platform.
     *
     * @since 0.2
     */
    public static final List<String> SDK_PACKAGES = List.of("be.imio.platform.api", "be.imio.platform.api.json",
            "be.imio.platform.api.web", "be.imio.platform.web.json");

    private ReservedNames() {
    }

    /**
     * True when {@code packageName} is one of the platform's own packages, which modules may not use:
     * {@code be.imio.platform} itself, or under it with a first segment that is reserved
     * ({@code be.imio.platform.console.api}, {@code be.imio.platform.commune.api}...), and not one of
     * {@link #SDK_PACKAGES}. The shared solutions' own packages ({@code be.imio.platform.courrier...})
     * are theirs.
     *
     * @since 0.2
     */
    public static boolean isPlatformOnly(String packageName) {
        String name = packageName == null ? "" : packageName.strip();
        if (SDK_PACKAGES.contains(name)) {
            return false;
        }
        return name.equals("be.imio.platform")
                || name.startsWith("be.imio.platform.") && isReserved(name.substring("be.imio.platform.".length()).split("\\.", 2)[0]);
    }

    /**
     * True when {@code name}, in any case, is one of {@link #RESERVED}, starts with {@code imio}, or
     * its first segment (up to the first {@code -}, {@code _} or {@code .}) is one of {@link #RESERVED}.
     */
    public static boolean isReserved(String name) {
        String key = name == null ? "" : name.toLowerCase(Locale.ROOT);
        String first = key.split("[-_.]", 2)[0];
        return RESERVED.contains(key) || RESERVED.contains(first) || key.startsWith("imio");
    }
}
