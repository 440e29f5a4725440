package be.imio.platform.trust;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What a targets document delegates (The Update Framework specification, section 4.5,
 * {@code delegations}): the keys of its delegated roles and the roles themselves, in the order the
 * search for a target visits them. A document without delegations has an empty one.
 *
 * @param keys every key a delegated role may be signed with, by id
 * @param roles the delegated roles, in search order; names are unique
 */
public record Delegations(Map<String, VerifyingKey> keys, List<Delegation> roles) {

    /**
     * The most roles one document may delegate to, and the most delegated roles a client walks in
     * one update: a repository that delegates to more would have every client refuse its metadata.
     */
    public static final int MAX_ROLES = 256;
    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Brussels"));

    /** No delegation at all. */
    public static final Delegations NONE = new Delegations(Map.of(), List.of());

    public Delegations {
        keys = Map.copyOf(keys);
        roles = List.copyOf(roles);
        if (roles.size() > MAX_ROLES) {
            throw new IllegalArgumentException("more than " + MAX_ROLES + " delegated roles");
        }
        Set<String> names = new HashSet<>();
        for (Delegation role : roles) {
            if (!names.add(role.name())) {
                throw new IllegalArgumentException("delegated role " + role.name() + " is listed twice");
            }
            if (!keys.keySet().containsAll(role.keyIds())) {
                throw new IllegalArgumentException("delegated role " + role.name() + " names a key the delegations do not list");
            }
        }
        for (Map.Entry<String, VerifyingKey> key : keys.entrySet()) {
            if (!key.getKey().equals(key.getValue().id())) {
                throw new IllegalArgumentException("delegations list key " + key.getValue() + " under a wrong id");
            }
        }
    }

    /** Delegations to {@code roles}, whose keys are {@code keys}. */
    public static Delegations of(List<VerifyingKey> keys, List<Delegation> roles) {
        Map<String, VerifyingKey> byId = new LinkedHashMap<>();
        keys.forEach(key -> byId.put(key.id(), key));
        return new Delegations(byId, roles);
    }

    /** The delegated role named {@code name}, if this document delegates to it. */
    public Optional<Delegation> role(String name) {
        return roles.stream().filter(role -> role.name().equals(name)).findFirst();
    }

    /**
     * Checks that {@code document} is targets metadata signed by a threshold of distinct keys that
     * {@code role} names, and that it has not expired at {@code now} (specification 5.6.3, 5.6.4
     * and 5.6.5, applied to a delegated role as 5.6.7.2 asks).
     *
     * @throws MetadataException saying which role failed and why
     */
    public void verify(SignedMetadata document, Delegation role, Instant now) throws MetadataException {
        verifySignatures(document, role);
        if (!document.expires().isAfter(now)) {
            throw new MetadataException("delegated role " + role.name() + " version " + document.version()
                    + " expired on " + EXPIRY.format(document.expires()));
        }
    }

    /** {@link #verify} without the expiry: an expired document still says what it said. */
    public void verifySignatures(SignedMetadata document, Delegation role) throws MetadataException {
        if (document.type() != Role.TARGETS) {
            throw new MetadataException("delegated role " + role.name() + " must be targets metadata, not "
                    + document.type().id());
        }
        document.checkThreshold("delegated role " + role.name(), keys, role.keyIds(), role.threshold());
    }

    /** The delegations of {@code targets} (a top-level or delegated targets document); {@link #NONE} when it has none. */
    public static Delegations of(SignedMetadata targets) throws MetadataException {
        JsonNode delegations = targets.signed().path("delegations");
        if (delegations.isMissingNode()) {
            return NONE;
        }
        if (!delegations.path("keys").isObject() || !delegations.path("roles").isArray()) {
            throw new MetadataException("targets delegations must have keys and roles");
        }
        if (delegations.get("roles").size() > MAX_ROLES) {
            throw new MetadataException("targets delegate to more than " + MAX_ROLES + " roles");
        }
        Map<String, VerifyingKey> keys = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = delegations.get("keys").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            keys.put(entry.getKey(), VerifyingKey.fromJson(entry.getValue()));
        }
        List<Delegation> roles = new ArrayList<>();
        for (JsonNode role : delegations.get("roles")) {
            roles.add(Delegation.fromJson(role));
        }
        try {
            return new Delegations(keys, roles);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("targets delegations: " + e.getMessage());
        }
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        ObjectNode keyObject = json.putObject("keys");
        keys.forEach((id, key) -> keyObject.set(id, key.toJson()));
        ArrayNode list = json.putArray("roles");
        roles.forEach(role -> list.add(role.toJson()));
        return json;
    }
}
