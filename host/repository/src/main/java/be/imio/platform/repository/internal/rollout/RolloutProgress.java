package be.imio.platform.repository.internal.rollout;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostReport;
import be.imio.platform.trust.Rollout;

/**
 * Where a rollout stands across the fleet, ring by ring: how many registered hosts fall in each
 * ring (a host counts in the first ring that takes it) and how many of those run the release.
 */
public record RolloutProgress(RolloutRow rollout, List<Ring> rings) {

    /** One ring's figures. */
    public record Ring(int hosts, int running) {
    }

    public static RolloutProgress of(RolloutRow rollout, List<Fleet.HostRow> fleet) {
        Rollout signed = rollout.signed();
        int[] hosts = new int[rollout.rings().size()];
        int[] running = new int[hosts.length];
        for (Fleet.HostRow row : fleet) {
            int ring = signed.ringOf(row.host().id());
            if (ring < 0 || row.host().disabledAt() != null) {
                continue;
            }
            hosts[ring]++;
            HostReport.Module module = row.report() == null ? null : row.report().runs(rollout.groupId(), rollout.artifactId());
            if (module != null && module.version().equals(rollout.version())) {
                running[ring]++;
            }
        }
        List<Ring> rings = new java.util.ArrayList<>();
        for (int i = 0; i < hosts.length; i++) {
            rings.add(new Ring(hosts[i], running[i]));
        }
        return new RolloutProgress(rollout, rings);
    }

    /** When the current ring will have soaked; null unless running and a host of the ring runs the release. */
    public Instant nextRingAt() {
        return rollout.state() == Rollout.State.RUNNING && rollout.ringReachedAt() != null
                ? rollout.ringReachedAt().plus(rollout.rings().get(rollout.stage()).soak()) : null;
    }

    /** The rollout as the API answers it. */
    public ObjectNode toJson() {
        RolloutRow row = rollout;
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("id", row.id()).put("release", row.release())
                .put("state", row.state().id()).put("stage", row.stage())
                .put("stageStartedAt", row.stageStartedAt().toString())
                .put("ringReachedAt", row.ringReachedAt() == null ? null : row.ringReachedAt().toString())
                .put("promotePending", row.promotePending())
                .put("nextRingAt", nextRingAt() == null ? null : nextRingAt().toString())
                .put("watchFrom", row.watchFrom().toString()).put("maxRollbacks", row.maxRollbacks())
                .put("maxUnhealthyPercent", row.maxUnhealthyPercent()).put("haltReason", row.haltReason())
                .put("createdBy", row.createdBy()).put("createdAt", row.createdAt().toString())
                .put("updatedAt", row.updatedAt().toString());
        ArrayNode halted = json.putArray("haltHosts");
        row.haltHosts().forEach(halted::add);
        ArrayNode list = json.putArray("rings");
        for (int i = 0; i < row.rings().size(); i++) {
            RolloutRow.Ring ring = row.rings().get(i);
            ObjectNode item = list.addObject().put("percent", ring.percent()).put("soakMinutes", ring.soakMinutes())
                    .put("hostsInRing", rings.get(i).hosts()).put("running", rings.get(i).running());
            ArrayNode named = item.putArray("hosts");
            ring.hosts().forEach(named::add);
        }
        return json;
    }
}
