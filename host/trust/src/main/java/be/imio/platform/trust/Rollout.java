package be.imio.platform.trust;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * A staged rollout of one release, as signed targets metadata carries it in the {@code rollout}
 * field of each of the release's targets, so that which hosts may take the release automatically
 * is decided from signed metadata only:
 *
 * <pre>{@code
 * "rollout": {"id": 7, "state": "running", "stage": 1,
 *             "rings": [{"hosts": ["namur", "cpas-gembloux"]}, {"percent": 25}, {"percent": 100}]}
 * }</pre>
 *
 * A ring names hosts by their id at the repository, or a share of all hosts: a host is in a share
 * of {@code p} % when the first four bytes of SHA-256({@code "<id>:<hostId>"}), as an unsigned
 * number modulo 100, are below {@code p}, so shares grow ring after ring without a host leaving
 * one, and each rollout draws its own. While {@code running}, the hosts of rings 0 to
 * {@code stage} may take the release automatically; while {@code halted} (by the repository itself,
 * on failures) or {@code aborted} (by iMio), no host may; once the rollout is complete the field
 * is gone. A {@code rollout} field that does not read as this holds the release back from every
 * host: failing closed.
 */
public record Rollout(long id, State state, int stage, List<Ring> rings) {

    /** Where a rollout stands. */
    public enum State {
        RUNNING, HALTED, ABORTED, COMPLETED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The state {@code id} names, or null. */
        public static State fromId(String id) {
            for (State state : values()) {
                if (state.id().equals(id)) {
                    return state;
                }
            }
            return null;
        }
    }

    /** One ring: named hosts, or a share (0 to 100) of all hosts. */
    public record Ring(List<String> hosts, int percent) {

        public Ring {
            hosts = hosts == null ? List.of() : List.copyOf(hosts);
            if (percent < 0 || percent > 100) {
                throw new IllegalArgumentException("a ring's share is from 0 to 100 %: " + percent);
            }
        }

        /** True when {@code hostId} is in this ring of rollout {@code rolloutId}. */
        public boolean includes(long rolloutId, String hostId) {
            return hosts.contains(hostId) || percent > 0 && bucket(rolloutId, hostId) < percent;
        }

        ObjectNode toJson() {
            ObjectNode json = JsonNodeFactory.instance.objectNode();
            if (!hosts.isEmpty()) {
                ArrayNode list = json.putArray("hosts");
                hosts.forEach(list::add);
            }
            if (percent > 0 || hosts.isEmpty()) {
                json.put("percent", percent);
            }
            return json;
        }
    }

    public Rollout {
        rings = List.copyOf(rings);
        if (rings.isEmpty() || stage < 0 || stage >= rings.size()) {
            throw new IllegalArgumentException("a rollout has rings and a stage among them: stage " + stage + " of "
                    + rings.size());
        }
    }

    /** Where {@code hostId} falls among the shares of rollout {@code rolloutId}: 0 to 99. */
    public static int bucket(long rolloutId, String hostId) {
        byte[] digest = Digests.sha256().digest((rolloutId + ":" + hostId).getBytes(StandardCharsets.UTF_8));
        long value = ((digest[0] & 0xFFL) << 24) | ((digest[1] & 0xFFL) << 16) | ((digest[2] & 0xFFL) << 8)
                | (digest[3] & 0xFFL);
        return (int) (value % 100);
    }

    /** The first ring {@code hostId} is in, or -1 when none. */
    public int ringOf(String hostId) {
        for (int i = 0; i < rings.size(); i++) {
            if (rings.get(i).includes(id, hostId)) {
                return i;
            }
        }
        return -1;
    }

    /** True when {@code hostId} may take the release automatically now. */
    public boolean offers(String hostId) {
        if (state == State.COMPLETED) {
            return true;
        }
        if (state != State.RUNNING || hostId == null || hostId.isEmpty()) {
            // A host the repository does not know is in no ring: it waits for the rollout's end.
            return false;
        }
        int ring = ringOf(hostId);
        return ring >= 0 && ring <= stage;
    }

    /** The signed form, as the {@code rollout} field of a target's custom data. */
    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", id).put("state", state.id()).put("stage", stage);
        ArrayNode list = json.putArray("rings");
        rings.forEach(ring -> list.add(ring.toJson()));
        return json;
    }

    /**
     * The rollout a target's {@code custom} data carries: null when it carries none (the release
     * goes to every host of its channel).
     *
     * @throws MetadataException a {@code rollout} field that does not read as a rollout; a host
     *     holds the release back from itself
     */
    public static Rollout of(JsonNode custom) throws MetadataException {
        JsonNode rollout = custom == null ? null : custom.get("rollout");
        if (rollout == null || rollout.isNull()) {
            return null;
        }
        try {
            State state = State.fromId(rollout.path("state").asText(""));
            if (!rollout.path("id").canConvertToLong() || state == null || !rollout.path("stage").isInt()
                    || !rollout.path("rings").isArray()) {
                throw new IllegalArgumentException("id, state, stage and rings");
            }
            List<Ring> rings = new ArrayList<>();
            for (JsonNode ring : rollout.path("rings")) {
                List<String> hosts = new ArrayList<>();
                for (JsonNode host : ring.path("hosts")) {
                    hosts.add(host.asText());
                }
                rings.add(new Ring(hosts, ring.path("percent").asInt(0)));
            }
            return new Rollout(rollout.path("id").asLong(), state, rollout.path("stage").asInt(), rings);
        } catch (IllegalArgumentException e) {
            throw new MetadataException("the rollout of a target does not read: " + e.getMessage());
        }
    }
}
