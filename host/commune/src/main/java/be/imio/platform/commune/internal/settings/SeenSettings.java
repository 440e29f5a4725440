package be.imio.platform.commune.internal.settings;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The settings as the activity last saw them, kept across restarts in
 * {@code data/host/settings-seen.properties} ({@code SOURCE|key = value}, secrets as a SHA-256,
 * {@link SettingsText#masked}), so that a change made while the instance was stopped is journalled
 * at the next start. Written to a temporary file and renamed: a crash leaves the old or the new.
 */
public final class SeenSettings {

    private static final Logger LOG = LoggerFactory.getLogger(SeenSettings.class);

    private final Path file;

    SeenSettings(Path file) {
        this.file = file;
    }

    /** Whether settings were ever remembered: false at an instance's first start. */
    boolean exists() {
        return Files.isRegularFile(file);
    }

    /** The remembered settings by source (a PID, or {@code etc/NAME}); empty when none were. */
    Map<String, Map<String, String>> load() {
        Map<String, Map<String, String>> loaded = new HashMap<>();
        if (!exists()) {
            return loaded;
        }
        Properties stored = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            stored.load(in);
        } catch (IOException e) {
            LOG.warn("Cannot read {}: {}", file, e.getMessage());
            return loaded;
        }
        for (String name : stored.stringPropertyNames()) {
            int bar = name.indexOf('|');
            if (bar > 0) {
                Map<String, String> settings = loaded.computeIfAbsent(name.substring(0, bar), s -> new TreeMap<>());
                if (bar < name.length() - 1) {
                    settings.put(name.substring(bar + 1), stored.getProperty(name));
                }
            }
        }
        return loaded;
    }

    /** Remembers {@code seen}, each source's settings masked. */
    void save(Map<String, Map<String, String>> seen) {
        Properties stored = new Properties();
        seen.forEach((source, settings) -> {
            // A source with no setting at all is remembered by its marker alone.
            stored.setProperty(source + "|", "");
            SettingsText.masked(settings).forEach((key, value) -> stored.setProperty(source + "|" + key, value));
        });
        try {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                stored.store(out, "Settings as last journalled: a change made while the instance was stopped is"
                        + " journalled at start");
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            LOG.warn("Cannot write {}: {}", file, e.getMessage());
        }
    }
}
