package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Target;

/**
 * The texts of module releases for people (title, description, category, release notes, the
 * features a module depends on). The repository publishes them beside each features XML as
 * {@code ARTIFACT-VERSION-about.json}, itself a target pinned by length and SHA-256 and named by
 * the features XML's target ({@code custom.about}), so that what publishers write does not make
 * the signed targets grow. The host fetches each into its verified cache, like any artifact, and
 * reads it only once the cache has verified it.
 *
 * <p>A features XML's target comes back with its texts put into its {@code custom}, where the rest
 * of the host reads them; nothing else of the target changes. Texts that cannot be had now (the
 * repository unreachable, a file that does not verify) are left out: the console then shows the
 * module's name, and they are fetched again at the next sync.
 */
public final class ReleaseTexts {

    /** Largest texts file fetched: the repository keeps them under 32,000 characters of JSON. */
    static final long MAX_BYTES = 256 * 1024;
    /**
     * How long one catalogue may spend downloading texts: a mirror that holds them back delays
     * the texts, never the sync that waits for them.
     */
    static final java.time.Duration DOWNLOADS_BUDGET = java.time.Duration.ofSeconds(20);

    private static final Logger LOG = LoggerFactory.getLogger(ReleaseTexts.class);
    private static final List<String> FIELDS = List.of("title", "description", "category", "notes", "dependencies");
    private static final String FEATURES_SUFFIX = "-features.xml";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The targets with texts filled in, and how many releases still lack theirs. */
    record Filled(Map<String, Target> targets, int missing) {
    }

    private ReleaseTexts() {
    }

    /**
     * Fills in the texts of every features XML of {@code targets} that names a texts file (one of
     * {@code textsFiles}, those of the repository's online role, or else one of {@code targets}),
     * from {@code cache}, downloading through {@code client} (null: from the cache only) what it lacks.
     */
    static Filled fill(Map<String, Target> targets, Map<String, Target> textsFiles, VerifiedCache cache,
            RepositoryClient client) {
        Map<String, Target> filled = new LinkedHashMap<>(targets);
        int missing = 0;
        long deadline = System.nanoTime() + DOWNLOADS_BUDGET.toNanos();
        for (Target target : targets.values()) {
            if (client != null && System.nanoTime() > deadline) {
                // Texts are for people: past the budget, the cache only; the rest at the next sync.
                client = null;
            }
            String aboutPath = target.custom().path("about").asText("");
            if (aboutPath.isEmpty() || !target.path().endsWith(FEATURES_SUFFIX)) {
                continue;
            }
            JsonNode texts = read(target, aboutPath, textsFiles.getOrDefault(aboutPath, targets.get(aboutPath)), cache, client);
            if (texts == null) {
                missing++;
                continue;
            }
            ObjectNode custom = target.custom().deepCopy();
            for (String field : FIELDS) {
                if (texts.has(field)) {
                    custom.set(field, texts.get(field));
                }
            }
            filled.put(target.path(), new Target(target.path(), target.length(), target.sha256(), custom));
        }
        return new Filled(filled, missing);
    }

    /** The verified texts of {@code features}, or null when they cannot be had now. */
    private static JsonNode read(Target features, String aboutPath, Target about, VerifiedCache cache,
            RepositoryClient client) {
        String expected = features.path().substring(0, features.path().length() - FEATURES_SUFFIX.length())
                + "-about.json";
        if (about == null || !aboutPath.equals(expected)) {
            LOG.warn("The texts of {} are not a target beside it ({}): not shown", features.path(), aboutPath);
            return null;
        }
        try {
            JsonNode file = JSON.readTree(Files.readAllBytes(cache.ensure(about, client, MAX_BYTES)));
            if (!features.path().equals(file.path("release").asText()) || !file.path("about").isObject()) {
                LOG.warn("{} does not hold the texts of {}: not shown", aboutPath, features.path());
                return null;
            }
            return file.path("about");
        } catch (IOException e) {
            LOG.debug("The texts of {} cannot be had now: {}", features.path(), e.getMessage());
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
