package be.imio.platform.commune.internal.settings;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The files in {@code etc/} that decide who gets in and what runs, read by Karaf without
 * ConfigurationAdmin, as settings the activity can compare: the accounts and their roles
 * ({@code users.properties}, JAAS's {@code PropertiesLoginModule}), the SSH public keys
 * ({@code keys.properties}), the features processing ({@code org.apache.karaf.features.xml}, which
 * can replace any bundle's address, and the {@code overrides}, {@code blacklisted} and
 * {@code versions.properties} Karaf's FeaturesService also reads) and the framework's properties ({@code config.properties},
 * {@code custom.properties}, {@code system.properties}, {@code startup.properties},
 * {@code jre.properties}). Each is named {@code etc/NAME} in the activity.
 */
public final class EtcFiles {

    static final List<String> WATCHED = List.of("users.properties", "keys.properties", "org.apache.karaf.features.xml",
            "overrides.properties", "blacklisted.properties", "versions.properties", "config.properties",
            "custom.properties", "system.properties", "startup.properties", "jre.properties");
    /** What the activity calls the file {@code name}. */
    static final String PREFIX = "etc/";

    private EtcFiles() {
    }

    /**
     * What {@code read} gives once it holds still. Karaf writes these files in place, not by
     * replacing them, and one shell command may write one several times ({@code jaas:update} saves
     * {@code users.properties} after each queued change): a read in the middle would journal a
     * half-written file, then the rest as a second change. So when {@code read} differs from
     * {@code seen}, it is read again every {@code millis} until two reads agree, at most
     * {@code tries} times (the last read is taken then).
     */
    static <T> T settled(Supplier<T> read, T seen, long millis, int tries) {
        T now = read.get();
        for (int i = 0; i < tries && !now.equals(seen); i++) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return now;
            }
            T again = read.get();
            if (again.equals(now)) {
                return now;
            }
            now = again;
        }
        return now;
    }

    /** The settings of {@code etc/name} (none when there is no such file). */
    static Map<String, String> read(Path etc, String name) throws IOException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(etc.resolve(name));
        } catch (NoSuchFileException e) {
            return Map.of();
        }
        Map<String, String> settings = new TreeMap<>();
        if (!name.endsWith(".properties")) {
            settings.put("SHA-256", SettingsText.digest(bytes));
            return settings;
        }
        Properties properties = new Properties();
        try (Reader in = new java.io.StringReader(new String(bytes, StandardCharsets.UTF_8))) {
            properties.load(in);
        }
        boolean accounts = name.equals("users.properties") || name.equals("keys.properties");
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).strip();
            if (accounts) {
                // "credential,role,role…": the roles shown, the password (its hash) or the key named only.
                int comma = value.indexOf(',');
                settings.put(key, comma < 0 ? "" : value.substring(comma + 1).strip());
                settings.put(key + " (secret)", comma < 0 ? value : value.substring(0, comma));
            } else {
                settings.put(key, value);
            }
        }
        return settings;
    }
}
