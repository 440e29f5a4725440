package be.imio.platform.trust;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A root document that is trusted: the keys and thresholds every other document is checked
 * against. The first one comes with the installation; each next one must be signed both by the
 * trusted root's keys and by its own, with the next version number.
 */
public final class TrustRoot {

    private static final java.time.format.DateTimeFormatter EXPIRY = java.time.format.DateTimeFormatter
            .ofPattern("dd/MM/yyyy HH:mm").withZone(java.time.ZoneId.of("Europe/Brussels"));

    /** The keys allowed to sign for a role, and how many of them must. */
    record RoleKeys(Set<String> keyIds, int threshold) {
    }

    private final SignedMetadata document;
    private final Map<String, VerifyingKey> keys;
    private final Map<Role, RoleKeys> roles;

    private TrustRoot(SignedMetadata document, Map<String, VerifyingKey> keys, Map<Role, RoleKeys> roles) {
        this.document = document;
        this.keys = keys;
        this.roles = roles;
    }

    /**
     * Trusts {@code document} as a first root: it must be a well-formed root, signed by a threshold
     * of its own root keys. Expiry is not checked here: an expired root is still the only way to
     * learn of the next one.
     */
    public static TrustRoot initial(SignedMetadata document) throws MetadataException {
        TrustRoot root = read(document);
        root.checkSignatures(document, Role.ROOT);
        return root;
    }

    /** The root that follows this one, checked as the trust model requires. */
    public TrustRoot next(SignedMetadata newer) throws MetadataException {
        TrustRoot candidate = read(newer);
        if (newer.version() != document.version() + 1) {
            throw new MetadataException("root version " + newer.version() + " does not follow trusted version "
                    + document.version());
        }
        checkSignatures(newer, Role.ROOT);
        candidate.checkSignatures(newer, Role.ROOT);
        return candidate;
    }

    private static TrustRoot read(SignedMetadata document) throws MetadataException {
        if (document.type() != Role.ROOT) {
            throw new MetadataException("expected root metadata, found " + document.type().id());
        }
        JsonNode signed = document.signed();
        Map<String, VerifyingKey> keys = new HashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = signed.path("keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            VerifyingKey key = VerifyingKey.fromJson(entry.getValue());
            if (!key.id().equals(entry.getKey())) {
                throw new MetadataException("root lists key " + MetadataException.excerpt(entry.getKey())
                        + " under a wrong id");
            }
            keys.put(key.id(), key);
        }
        Map<Role, RoleKeys> roles = new HashMap<>();
        for (Role role : Role.values()) {
            JsonNode entry = signed.path("roles").path(role.id());
            int threshold = entry.path("threshold").asInt(0);
            Set<String> ids = new HashSet<>();
            entry.path("keyids").forEach(id -> ids.add(id.asText()));
            if (threshold < 1 || ids.size() < threshold || !keys.keySet().containsAll(ids)) {
                throw new MetadataException("root gives role " + role.id() + " no valid keys and threshold");
            }
            roles.put(role, new RoleKeys(Set.copyOf(ids), threshold));
        }
        return new TrustRoot(document, Map.copyOf(keys), Map.copyOf(roles));
    }

    /**
     * Checks that {@code document} is {@code role}'s, carries a threshold of valid signatures by
     * distinct keys of that role, and has not expired at {@code now}.
     */
    public void verify(SignedMetadata document, Role role, Instant now) throws MetadataException {
        if (document.type() != role) {
            throw new MetadataException("expected " + role.id() + " metadata, found " + document.type().id());
        }
        checkSignatures(document, role);
        if (!document.expires().isAfter(now)) {
            // Read by commune staff in the host's warning: Brussels time, not an ISO instant in UTC.
            throw new MetadataException(role.id() + " metadata version " + document.version() + " expired on "
                    + EXPIRY.format(document.expires()));
        }
    }

    private void checkSignatures(SignedMetadata document, Role role) throws MetadataException {
        RoleKeys allowed = roles.get(role);
        document.checkThreshold(role.id() + " metadata", keys, allowed.keyIds(), allowed.threshold());
    }

    /**
     * Whether {@code other} names the same keys and threshold for {@code role} as this root. When a
     * new root changes them, what the role signed before must no longer be relied on: its versions
     * may have been pushed ahead by a compromised key (fast-forward).
     */
    public boolean sameKeys(TrustRoot other, Role role) {
        return roles.get(role).equals(other.roles.get(role));
    }

    /** The ids of the keys this root allows to sign for {@code role}. */
    public Set<String> keyIds(Role role) {
        return roles.get(role).keyIds();
    }

    /** The keys this root allows to sign for {@code role}, ordered by id. */
    public java.util.List<VerifyingKey> keys(Role role) {
        return roles.get(role).keyIds().stream().sorted().map(keys::get).toList();
    }

    /** How many of {@code role}'s keys must sign its documents. */
    public int threshold(Role role) {
        return roles.get(role).threshold();
    }

    public SignedMetadata document() {
        return document;
    }

    public long version() throws MetadataException {
        return document.version();
    }

    /** The hex SHA-256 of the root document as published, for people to compare out of band. */
    public String fingerprint() {
        return Digests.sha256Hex(document.toBytes());
    }
}
