package be.imio.platform.trust;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builds the signed part of each role's document, and reads back what targets, snapshot and
 * timestamp say. Expiry times are kept to the second, in UTC.
 */
public final class MetadataDocuments {

    /** What a snapshot or timestamp pins about another document. */
    public record Pin(long version, long length, String sha256) {
    }

    private MetadataDocuments() {
    }

    /** Root: for each role, its keys and how many of them must sign. */
    public static ObjectNode root(long version, Instant expires, Map<Role, List<VerifyingKey>> keys,
            Map<Role, Integer> thresholds) {
        ObjectNode signed = header(Role.ROOT, version, expires);
        ObjectNode keyObject = signed.putObject("keys");
        ObjectNode roles = signed.putObject("roles");
        for (Role role : Role.values()) {
            List<VerifyingKey> roleKeys = keys.getOrDefault(role, List.of());
            ArrayNode ids = roles.putObject(role.id()).put("threshold", thresholds.getOrDefault(role, 1)).putArray("keyids");
            for (VerifyingKey key : roleKeys) {
                keyObject.set(key.id(), key.toJson());
                ids.add(key.id());
            }
        }
        return signed;
    }

    public static ObjectNode targets(long version, Instant expires, Collection<Target> targets) {
        return targets(version, expires, targets, Delegations.NONE);
    }

    /**
     * Targets that also delegate: {@code delegations} names the roles trusted for other paths
     * (top-level or delegated targets alike; a delegated role's document is built the same way).
     */
    public static ObjectNode targets(long version, Instant expires, Collection<Target> targets, Delegations delegations) {
        ObjectNode signed = header(Role.TARGETS, version, expires);
        ObjectNode list = signed.putObject("targets");
        for (Target target : targets) {
            list.set(target.path(), target.toJson());
        }
        if (!delegations.roles().isEmpty()) {
            signed.set("delegations", delegations.toJson());
        }
        return signed;
    }

    /** Snapshot: pins the targets document by version, length and hash (against mix-and-match). */
    public static ObjectNode snapshot(long version, Instant expires, SignedMetadata targets) throws MetadataException {
        return snapshot(version, expires, targets, Map.of());
    }

    /** Snapshot pinning the top-level targets and every delegated role's document ({@code delegated}, by role name). */
    public static ObjectNode snapshot(long version, Instant expires, SignedMetadata targets,
            Map<String, SignedMetadata> delegated) throws MetadataException {
        ObjectNode signed = header(Role.SNAPSHOT, version, expires);
        ObjectNode meta = signed.putObject("meta");
        pin(meta, Role.TARGETS.fileName(), targets);
        for (Map.Entry<String, SignedMetadata> role : new java.util.TreeMap<>(delegated).entrySet()) {
            pin(meta, role.getKey() + ".json", role.getValue());
        }
        return signed;
    }

    /** Timestamp: pins the snapshot by version, length and hash. */
    public static ObjectNode timestamp(long version, Instant expires, SignedMetadata snapshot) throws MetadataException {
        ObjectNode signed = header(Role.TIMESTAMP, version, expires);
        pin(signed.putObject("meta"), Role.SNAPSHOT.fileName(), snapshot);
        return signed;
    }

    /** The pin that {@code pinning} (a snapshot or timestamp) holds for {@code role}'s document. */
    public static Pin pinOf(SignedMetadata pinning, Role role) throws MetadataException {
        return pinOf(pinning, role.fileName());
    }

    /** The pin that {@code pinning} (a snapshot) holds for the document published as {@code fileName} ({@code NAME.json}). */
    public static Pin pinOf(SignedMetadata pinning, String fileName) throws MetadataException {
        JsonNode entry = pinning.signed().path("meta").path(fileName);
        if (!entry.path("version").isIntegralNumber() || !entry.path("length").isIntegralNumber()
                || !entry.path("hashes").path("sha256").isTextual()) {
            throw new MetadataException(pinning.type().id() + " metadata does not pin " + MetadataException.excerpt(fileName));
        }
        return new Pin(entry.get("version").asLong(), entry.get("length").asLong(),
                entry.get("hashes").get("sha256").asText());
    }

    /** Checks that {@code document}'s published bytes are exactly what {@code pin} says. */
    public static void checkPinned(Pin pin, SignedMetadata document) throws MetadataException {
        byte[] bytes = document.toBytes();
        if (document.version() != pin.version() || bytes.length != pin.length()
                || !Digests.sha256Hex(bytes).equals(pin.sha256())) {
            throw new MetadataException(document.type().id() + " metadata version " + document.version()
                    + " is not the one pinned (version " + pin.version() + "); refusing a mix of documents");
        }
    }

    /** Every target listed by a targets document, by path. */
    public static Map<String, Target> targetsOf(SignedMetadata targets) throws MetadataException {
        if (targets.type() != Role.TARGETS) {
            throw new MetadataException("expected targets metadata, found " + targets.type().id());
        }
        Map<String, Target> all = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.signed().path("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            all.put(entry.getKey(), Target.fromJson(entry.getKey(), entry.getValue()));
        }
        return all;
    }

    private static ObjectNode header(Role role, long version, Instant expires) {
        ObjectNode signed = JsonNodeFactory.instance.objectNode();
        signed.put("_type", role.id());
        signed.put("spec_version", "1.0");
        signed.put("version", version);
        signed.put("expires", expires.truncatedTo(ChronoUnit.SECONDS).toString());
        return signed;
    }

    private static void pin(ObjectNode meta, String fileName, SignedMetadata document) throws MetadataException {
        byte[] bytes = document.toBytes();
        ObjectNode entry = meta.putObject(fileName);
        entry.put("version", document.version());
        entry.put("length", bytes.length);
        entry.putObject("hashes").put("sha256", Digests.sha256Hex(bytes));
    }
}
