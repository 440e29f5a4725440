package be.imio.platform.trust;

import java.util.HexFormat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One artifact pinned by targets metadata: its path in the repository, exact length and SHA-256,
 * and what the platform says about it ({@code custom}: module, channel, host API range...).
 */
public record Target(String path, long length, String sha256, ObjectNode custom) {

    public Target {
        if (path == null || path.isBlank() || path.startsWith("/") || path.contains("..") || path.contains("\\")) {
            throw new IllegalArgumentException("target path '" + path + "' must be relative, without '..'");
        }
        if (length < 0) {
            throw new IllegalArgumentException("target length is negative");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("target SHA-256 must be 64 lower-case hex digits");
        }
        custom = custom == null ? JsonNodeFactory.instance.objectNode() : custom.deepCopy();
    }

    /** True when {@code bytes} are exactly this target. */
    public boolean matches(byte[] bytes) {
        return bytes.length == length && Digests.sha256Hex(bytes).equals(sha256);
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("length", length);
        json.putObject("hashes").put("sha256", sha256);
        json.set("custom", custom);
        return json;
    }

    static Target fromJson(String path, JsonNode json) throws MetadataException {
        try {
            if (!json.path("length").isIntegralNumber()) {
                throw new IllegalArgumentException("no length");
            }
            String sha256 = json.path("hashes").path("sha256").asText();
            HexFormat.of().parseHex(sha256);
            JsonNode custom = json.path("custom");
            return new Target(path, json.path("length").asLong(), sha256, custom.isObject() ? (ObjectNode) custom : null);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("target '" + MetadataException.excerpt(path) + "' is malformed: "
                    + MetadataException.excerpt(e.getMessage()));
        }
    }
}
