package be.imio.platform.repository.internal.release;

import java.util.List;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.CanonicalJson;

/**
 * What a module release tells the people who choose it in their console's catalogue: title,
 * description, category and release notes, each {@code {"fr": ..., "en": ...}}, read from the
 * module's bundle, and {@code dependencies}, the features its features XML depends on. It is kept
 * with the release as JSON text (column {@code ABOUT}).
 *
 * <p>These texts are not in the signed targets document, which every host downloads at each change:
 * a publisher's longest texts would make it grow by tens of kilobytes per release. Each module
 * release's texts are published as a file of their own beside its features XML,
 * {@code ARTIFACT-VERSION-about.json}, itself a target pinned by length and SHA-256, which the
 * features XML's target names ({@code custom.about}). A host fetches and verifies it like any
 * artifact. No upload can take that name: uploads are a jar, a pom, a features XML or a .kar.
 */
public final class ReleaseAbout {

    /** The size of the {@code ABOUT} column (V4): a text that would not fit is refused, never cut. */
    static final int MAX_CHARS = 32_000;

    /** The fields a target may take from it; nothing else, so that it can never mask the channel or a revocation. */
    static final List<String> FIELDS = List.of("title", "description", "category", "notes", "dependencies");

    private static final ObjectMapper JSON = new ObjectMapper();

    private ReleaseAbout() {
    }

    /** The text to keep, or null when there is nothing to say. */
    public static String text(ObjectNode about) throws ReleaseRefused {
        if (about == null || about.isEmpty()) {
            return null;
        }
        String text = about.toString();
        if (text.length() > MAX_CHARS) {
            throw new ReleaseRefused(400, "about_too_long", "release.about_too_long", text.length(), MAX_CHARS);

        }
        return text;
    }

    /** What a features XML says: its main bundle's texts ({@code bundleAbout}, may be null) and its dependencies. */
    static String ofFeatures(String bundleAbout, List<String> dependencies) throws ReleaseRefused {
        ObjectNode about = parse(bundleAbout);
        if (!dependencies.isEmpty()) {
            ArrayNode names = about.putArray("dependencies");
            dependencies.forEach(names::add);
        }
        return text(about);
    }

    /** Ends the path of a release's texts file. */
    static final String FILE_SUFFIX = "-about.json";

    /** The path of the texts file of the features XML at {@code featuresPath}. */
    static String pathOf(String featuresPath) {
        return featuresPath.substring(0, featuresPath.length() - Release.FEATURES_SUFFIX.length()) + FILE_SUFFIX;
    }

    /**
     * The published bytes of the texts file of the features XML at {@code featuresPath}: the fields
     * of the kept {@code text} (only those present, nothing else) and the features XML they belong
     * to, in canonical JSON, so that the same release always gives the same bytes and hash.
     */
    static byte[] fileBytes(String featuresPath, String text) {
        ObjectNode about = parse(text);
        ObjectNode file = JSON.createObjectNode();
        file.put("release", featuresPath);
        ObjectNode fields = file.putObject("about");
        for (String field : FIELDS) {
            if (about.has(field)) {
                fields.set(field, about.get(field));
            }
        }
        return CanonicalJson.bytes(file);
    }

    /** The kept text as JSON; an empty object for null. */
    static ObjectNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            if (JSON.readTree(text) instanceof ObjectNode about) {
                return about;
            }
        } catch (JsonProcessingException e) {
            // Falls through: only this class writes the column, so this is a damaged row.
        }
        throw new IllegalStateException("the kept text of a release is not a JSON object");
    }
}
