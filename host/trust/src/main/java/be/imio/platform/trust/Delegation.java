package be.imio.platform.trust;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One delegated targets role as the delegating targets document names it (The Update Framework
 * specification, section 4.5, {@code delegations.roles}): the role's name, the keys allowed to
 * sign it and how many must, the target paths it is trusted for, and whether it is terminating
 * (a path it covers is never looked for in the delegations after it).
 *
 * <p>Paths are patterns in the specification's glob form: {@code *} stands for any characters but
 * {@code /}, {@code ?} for one character but {@code /}, every other character for itself; a pattern
 * and a path must have the same number of {@code /}-separated segments. {@code be/imio/solutions/*}
 * covers {@code be/imio/solutions/x} but not {@code be/imio/solutions/x/y}. The specification's
 * alternative, {@code path_hash_prefixes}, is not taken: a delegation that uses it is refused.
 *
 * @param name the role's name, also its metadata's file name ({@code NAME.json}): lower-case
 *     letters, digits and {@code -}, at most 80 characters (a publisher account of 63 with its prefix), none of the top-level roles' names
 * @param keyIds the ids of the keys allowed to sign the role (each listed in the delegating document's keys)
 * @param threshold how many of those keys must sign, from 1 to their number
 * @param paths the path patterns the role is trusted for; empty: no target at all
 * @param terminating true when the search for a path this role covers stops with it
 */
public record Delegation(String name, Set<String> keyIds, int threshold, List<String> paths, boolean terminating) {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]{0,79}");
    /** The most path patterns one delegation may list. */
    static final int MAX_PATHS = 64;

    public Delegation {
        if (name == null || !NAME.matcher(name).matches() || isTopLevel(name)) {
            throw new IllegalArgumentException("delegated role name '" + MetadataException.excerpt(name)
                    + "' must be lower-case letters, digits and '-', at most 80, and no top-level role's name");
        }
        keyIds = Set.copyOf(new TreeSet<>(keyIds));
        if (threshold < 1 || threshold > keyIds.size()) {
            throw new IllegalArgumentException("delegated role " + name + " needs a threshold from 1 to its "
                    + keyIds.size() + " key(s), not " + threshold);
        }
        paths = List.copyOf(paths);
        if (paths.size() > MAX_PATHS) {
            throw new IllegalArgumentException("delegated role " + name + " lists more than " + MAX_PATHS + " paths");
        }
        for (String path : paths) {
            if (path == null || path.isEmpty() || path.startsWith("/") || path.contains("\\")
                    || List.of(path.split("/", -1)).stream().anyMatch(s -> s.isEmpty() || s.equals("..") || s.equals("."))) {
                throw new IllegalArgumentException("delegated role " + name + ": path pattern '"
                        + MetadataException.excerpt(path) + "' must be relative, without empty, '.' or '..' segments");
            }
        }
    }

    private static boolean isTopLevel(String name) {
        for (Role role : Role.values()) {
            if (role.id().equals(name)) {
                return true;
            }
        }
        return false;
    }

    /** The file the role's metadata is published as: {@code NAME.json} (with consistent snapshots, {@code VERSION.NAME.json}). */
    public String fileName() {
        return name + ".json";
    }

    /** True when one of this role's path patterns matches {@code targetPath}. */
    public boolean covers(String targetPath) {
        for (String pattern : paths) {
            if (matches(pattern, targetPath)) {
                return true;
            }
        }
        return false;
    }

    /** Glob matching, segment by segment (see the class comment). */
    static boolean matches(String pattern, String path) {
        String[] patternSegments = pattern.split("/", -1);
        String[] pathSegments = path.split("/", -1);
        if (patternSegments.length != pathSegments.length) {
            return false;
        }
        for (int i = 0; i < patternSegments.length; i++) {
            if (!segmentMatches(patternSegments[i], 0, pathSegments[i], 0)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@code *} and {@code ?} within one segment, in linear time: the classic two-pointer match that
     * remembers the last star and retries from it, never backtracking further.
     */
    private static boolean segmentMatches(String pattern, int p, String text, int t) {
        int star = -1;
        int resume = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                resume = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++resume;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode();
        json.put("name", name);
        keyIds.stream().sorted().forEach(json.putArray("keyids")::add);
        json.put("threshold", threshold);
        paths.forEach(json.putArray("paths")::add);
        json.put("terminating", terminating);
        return json;
    }

    static Delegation fromJson(JsonNode json) throws MetadataException {
        String name = json.path("name").asText("");
        if (json.has("path_hash_prefixes")) {
            throw new MetadataException("delegated role '" + MetadataException.excerpt(name)
                    + "' uses path_hash_prefixes, which is not supported: only paths");
        }
        if (!json.path("keyids").isArray() || !json.path("threshold").canConvertToInt()
                || !json.path("threshold").isIntegralNumber()
                || !json.path("paths").isArray() || !json.path("terminating").isBoolean()) {
            throw new MetadataException("delegated role '" + MetadataException.excerpt(name)
                    + "' must give keyids, threshold, paths and terminating");
        }
        Set<String> ids = new TreeSet<>();
        for (JsonNode id : json.get("keyids")) {
            if (!id.isTextual() || !ids.add(id.asText())) {
                throw new MetadataException("delegated role '" + MetadataException.excerpt(name)
                        + "' lists a key id twice or one that is not text");
            }
        }
        List<String> paths = new ArrayList<>();
        for (Iterator<JsonNode> it = json.get("paths").elements(); it.hasNext(); ) {
            JsonNode path = it.next();
            if (!path.isTextual()) {
                throw new MetadataException("delegated role '" + MetadataException.excerpt(name) + "' lists a path that is not text");
            }
            paths.add(path.asText());
        }
        try {
            return new Delegation(name, ids, json.get("threshold").asInt(), paths, json.get("terminating").asBoolean());
        } catch (IllegalArgumentException e) {
            throw new MetadataException(e.getMessage());
        }
    }
}
