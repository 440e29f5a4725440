package be.imio.platform.repository.internal.rollout;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostReport;
import be.imio.platform.repository.internal.maven.MavenVersions;

/**
 * Where the fleet stands on one required release: the hosts that run it or newer
 * ({@code updated}), those that still run an older version ({@code pending}), among them those
 * whose administrators deferred it (with their date and reason) and those past their date
 * ({@code overdue}):
 *
 * <pre>{@code
 * {"release": "be.imio.solutions:courrier:1.0.1", "groupId": ..., "artifactId": ..., "version": ...,
 *  "by": "...", "reason": "...", "deferLimit": "...", "setBy": "admin", "setAt": "...",
 *  "revoked": false, "updated": 431, "pending": ["mons", ...], "overdue": ["mons"],
 *  "deferred": [{"host": "namur", "until": "...", "reason": "...", "by": "admin", "at": "..."}]}
 * }</pre>
 */
public record RequiredStatus(RequiredLedger.Row row, boolean revoked, int updated, List<String> pending,
        List<String> overdue, List<Deferred> deferred) {

    /** One host's deferral. */
    public record Deferred(String host, HostReport.Deferral deferral) {
    }

    /**
     * The status of {@code row} in {@code fleet}: each host running the module (of the row's group)
     * is updated when it runs that version or newer, else pending, whatever other release iMio
     * requires of it; its deferral is the one answering this requirement (its version and deadline);
     * it is overdue past this requirement's date when the fleet view says it is (a release iMio's
     * own rollout holds back from it is not). A revoked release is required of no one: only the
     * hosts running it or newer are counted.
     */
    public static RequiredStatus of(RequiredLedger.Row row, Fleet fleet) {
        int updated = 0;
        List<String> pending = new ArrayList<>();
        List<String> overdue = new ArrayList<>();
        List<Deferred> deferred = new ArrayList<>();
        String moduleId = row.groupId() + ":" + row.artifactId();
        boolean revoked = fleet.revoked(row.release());
        for (Fleet.HostRow host : fleet.hosts()) {
            for (Fleet.HostModule module : host.modules()) {
                if (!module.module().name().equals(row.artifactId())
                        || module.module().groupId() != null && !module.module().groupId().equals(row.groupId())) {
                    continue;
                }
                if (MavenVersions.ORDER.compare(module.module().version(), row.version()) >= 0) {
                    updated++;
                    continue;
                }
                if (revoked) {
                    continue;
                }
                pending.add(host.host().id());
                HostReport.Deferral deferral = Fleet.answering(host.report().deferrals(), moduleId, row.artifactId(),
                        row.version(), row.required());
                if (deferral != null) {
                    deferred.add(new Deferred(host.host().id(), deferral));
                }
                if (fleet.at().isAfter(Fleet.due(row.required(), deferral)) && module.flags().contains(Fleet.Flag.OVERDUE)) {
                    overdue.add(host.host().id());
                }
            }
        }
        return new RequiredStatus(row, revoked, updated, List.copyOf(pending), List.copyOf(overdue),
                List.copyOf(deferred));
    }

    public ObjectNode toJson() {
        ObjectNode json = JsonNodeFactory.instance.objectNode().put("release", row.release())
                .put("groupId", row.groupId()).put("artifactId", row.artifactId()).put("version", row.version())
                .put("by", row.required().by().toString()).put("reason", row.required().reason())
                .put("deferLimit", row.required().deferLimit().toString()).put("setBy", row.setBy())
                .put("setAt", row.setAt().toString()).put("revoked", revoked).put("updated", updated);
        ArrayNode waiting = json.putArray("pending");
        pending.forEach(waiting::add);
        ArrayNode late = json.putArray("overdue");
        overdue.forEach(late::add);
        ArrayNode list = json.putArray("deferred");
        for (Deferred one : deferred) {
            // The date it applies at: what was asked, at most iMio's current limit.
            list.addObject().put("host", one.host()).put("until", Fleet.due(row.required(), one.deferral()).toString())
                    .put("reason", one.deferral().reason()).put("by", one.deferral().by())
                    .put("at", one.deferral().at() == null ? null : one.deferral().at().toString());
        }
        return json;
    }
}
