package be.imio.platform.repository.internal.rollout;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostReport;
import be.imio.platform.trust.Rollout;

/**
 * What a running rollout should do now, from the latest reports of the hosts of its rings so far.
 * It halts when {@code maxRollbacks} of them or more reported the release (of its own group)
 * rolled back, as the repository first saw it since {@code watchFrom} (a host's clock may be
 * wrong; an install that failed before anything changed is no rollback), or when
 * {@code maxUnhealthyPercent} % or more of those running it report the module other than UP in a
 * report received since {@code watchFrom} (a silent host's old report does not halt it again after
 * a resume). Else the ring soaks once a host of it runs the release ({@code ringReachedAt}: time
 * alone is no evidence), and moves on once it has soaked; a ring no host falls in moves on at once.
 */
public final class RolloutWatch {

    /** What to do: wait, halt, note that the ring was reached, move to the next ring, complete. */
    public enum Kind { WAIT, HALT, REACHED, ADVANCE, COMPLETE }

    /**
     * A decision: for a halt, why ({@code rollbacks} or {@code unhealthy}), on which hosts, and the
     * figures ({@code ringHosts} in the rings so far, {@code running} the release, {@code rolledBack},
     * {@code unhealthy}).
     */
    public record Decision(Kind kind, String reason, List<String> hosts, int ringHosts, int running, int rolledBack,
            int unhealthy) {
    }

    private RolloutWatch() {
    }

    public static Decision decide(RolloutRow rollout, List<Fleet.HostRow> fleet, Instant now) {
        Rollout signed = rollout.signed();
        List<String> rolledBack = new ArrayList<>();
        List<String> unhealthy = new ArrayList<>();
        int inRings = 0;
        int running = 0;
        int inCurrentRing = 0;
        int runningInCurrentRing = 0;
        for (Fleet.HostRow row : fleet) {
            int ring = signed.ringOf(row.host().id());
            if (ring < 0 || ring > rollout.stage() || row.host().disabledAt() != null) {
                continue;
            }
            inRings++;
            inCurrentRing += ring == rollout.stage() ? 1 : 0;
            HostReport report = row.report();
            if (report == null) {
                continue;
            }
            boolean failed = report.failedReleases().stream().anyMatch(f -> f.rolledBack()
                    && f.of(rollout.groupId(), rollout.artifactId(), rollout.version())
                    && f.when() != null && !f.when().isBefore(rollout.watchFrom()));
            if (failed) {
                rolledBack.add(row.host().id());
            }
            HostReport.Module module = report.runs(rollout.groupId(), rollout.artifactId());
            if (module != null && module.version().equals(rollout.version())) {
                running++;
                runningInCurrentRing += ring == rollout.stage() ? 1 : 0;
                boolean fresh = row.host().lastReportAt() != null && !row.host().lastReportAt().isBefore(rollout.watchFrom());
                if (fresh && !"UP".equals(module.health())) {
                    unhealthy.add(row.host().id());
                }
            }
        }
        if (rolledBack.size() >= Math.max(1, rollout.maxRollbacks())) {
            return new Decision(Kind.HALT, "rollbacks", rolledBack, inRings, running, rolledBack.size(), unhealthy.size());
        }
        if (!unhealthy.isEmpty() && unhealthy.size() * 100 >= rollout.maxUnhealthyPercent() * running) {
            return new Decision(Kind.HALT, "unhealthy", unhealthy, inRings, running, rolledBack.size(), unhealthy.size());
        }
        Kind next;
        if (inCurrentRing == 0) {
            next = rollout.lastStage() ? Kind.COMPLETE : Kind.ADVANCE;
        } else if (rollout.ringReachedAt() == null) {
            next = runningInCurrentRing > 0 ? Kind.REACHED : Kind.WAIT;
        } else if (now.isBefore(rollout.ringReachedAt().plus(rollout.rings().get(rollout.stage()).soak()))) {
            next = Kind.WAIT;
        } else {
            next = rollout.lastStage() ? Kind.COMPLETE : Kind.ADVANCE;
        }
        return new Decision(next, null, List.of(), inRings, running, rolledBack.size(), unhealthy.size());
    }
}
