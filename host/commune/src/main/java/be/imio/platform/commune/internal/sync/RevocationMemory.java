package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

/**
 * The releases this host has seen revoked, kept for good in {@code data/host/revoked.properties}
 * (a target's path, and the reason). A revocation is final: the repository has no way to undo
 * one, so signed targets that list a release this host saw revoked as not revoked (a repository
 * restored from a backup taken before the revocation, a repository or key that is not to be
 * trusted) leave it revoked here, with its reason, and say so in the log.
 */
public final class RevocationMemory {

    private static final Logger LOG = LoggerFactory.getLogger(RevocationMemory.class);

    private final Path file;
    private final Map<String, String> revoked = new LinkedHashMap<>();
    /** Something learned is not on disk yet (a save failed). */
    private boolean unsaved;

    RevocationMemory(Path file) throws IOException {
        this.file = file;
        if (Files.isRegularFile(file)) {
            Properties stored = new Properties();
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                stored.load(in);
            }
            stored.stringPropertyNames().forEach(path -> revoked.put(path, stored.getProperty(path)));
        }
    }

    /**
     * {@code targets} with every release this host saw revoked flagged revoked again; the new
     * revocations among them remembered.
     */
    synchronized Map<String, Target> apply(Map<String, Target> targets) {
        Map<String, Target> kept = new LinkedHashMap<>(targets);
        boolean learned = false;
        for (Target target : targets.values()) {
            boolean flagged = target.custom().path("revoked").asBoolean(false);
            if (flagged && !revoked.containsKey(target.path())) {
                revoked.put(target.path(), target.custom().path("revokedReason").asText(""));
                learned = true;
            } else if (!flagged && revoked.containsKey(target.path())) {
                LOG.warn("Signed targets list {} as not revoked; this host saw it revoked ({}) and keeps it so",
                        target.path(), revoked.get(target.path()));
                ObjectNode custom = target.custom().deepCopy();
                custom.put("revoked", true);
                custom.put("revokedReason", revoked.get(target.path()));
                kept.put(target.path(), new Target(target.path(), target.length(), target.sha256(), custom));
            }
        }
        if (learned || unsaved) {
            save();
        }
        return kept;
    }

    private void save() {
        Properties stored = new Properties();
        revoked.forEach(stored::setProperty);
        try {
            Files.createDirectories(file.getParent());
            Path part = file.resolveSibling(file.getFileName() + ".part");
            try (Writer out = Files.newBufferedWriter(part, StandardCharsets.UTF_8)) {
                stored.store(out, "Releases this host saw revoked: a revocation is final");
            }
            Files.move(part, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            unsaved = false;
        } catch (IOException e) {
            unsaved = true;
            // Kept in memory, saved again at the next catalogue.
            LOG.error("Could not record the releases seen revoked in {}: {}", file, e.getMessage());
        }
    }
}
