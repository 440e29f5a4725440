package be.imio.platform.store.etc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.osgi.service.cm.Configuration;

/**
 * Changes a configuration that the instance keeps in {@code etc/<pid>.cfg}, the file Apache Felix
 * File Install reads and local IT edits, so that no one ever reads the file half written.
 *
 * <p>Why: File Install writes a configuration's file back on every update made through
 * Configuration Admin, truncating it in place (File Install 3.7.4, {@code ConfigInstaller}), while
 * its watcher reads {@code etc/} every second. A read in that instant sees an empty file and makes
 * it the configuration, which File Install then writes out: every value gone (a burst of publisher
 * creations on a busy repository lost every publisher's namespaces so). Here the configuration is
 * updated without File Install's file name, so File Install writes nothing; then the file is
 * replaced whole, written beside it and moved over it atomically, its comments and the order of
 * its lines kept. The watcher then reads the values the configuration already holds, and changes
 * nothing.
 */
public final class EtcConfigurations {

    /** Properties that Configuration Admin and File Install keep for themselves, never in the file. */
    private static final Set<String> OWN = Set.of("service.pid", "service.factoryPid", "service.bundleLocation",
            "felix.fileinstall.filename");

    private EtcConfigurations() {
    }

    /**
     * Sets {@code configuration} to {@code properties}, then {@code etc/<pid>.cfg} to the same
     * values, each as text ({@link String#valueOf}).
     *
     * @param etc the instance's {@code etc} folder ({@code karaf.etc})
     * @throws IOException when the file cannot be written; the configuration is then already
     *     changed, and the caller puts it back (the file is untouched)
     */
    public static void update(Configuration configuration, Path etc, Dictionary<String, ?> properties) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String key : Collections.list(properties.keys())) {
            if (!OWN.contains(key) && properties.get(key) != null) {
                values.put(key, String.valueOf(properties.get(key)));
            }
        }
        configuration.update(new Hashtable<>(values));
        write(etc.resolve(configuration.getPid() + ".cfg"), values);
    }

    /** Deletes {@code configuration} and its file. */
    public static void delete(Configuration configuration, Path etc) throws IOException {
        String pid = configuration.getPid();
        configuration.delete();
        Files.deleteIfExists(etc.resolve(pid + ".cfg"));
    }

    /** Replaces {@code file} whole with {@code values}, keeping its comments and its lines' order. */
    static void write(Path file, Map<String, String> values) throws IOException {
        List<String> before = Files.exists(file) ? Files.readAllLines(file, StandardCharsets.ISO_8859_1) : List.of();
        // Beside it, under a name File Install does not read (it takes *.cfg, *.config, *.json).
        Path part = file.resolveSibling("." + file.getFileName() + ".part");
        try {
            Files.writeString(part, CfgLayout.rewrite(before, values), StandardCharsets.ISO_8859_1);
            try (var channel = java.nio.channels.FileChannel.open(part, java.nio.file.StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
