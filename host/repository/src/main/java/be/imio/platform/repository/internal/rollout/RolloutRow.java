package be.imio.platform.repository.internal.rollout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import be.imio.platform.trust.Rollout;

/**
 * One staged rollout as the repository keeps it: the release, its rings with each one's soak, where
 * it stands (the ring opened at {@code stageStartedAt}; {@code ringReachedAt} when a host of it
 * first reported running the release, from when the ring soaks), since when failures count
 * ({@code watchFrom}: its start, or when iMio last resumed or widened it), its thresholds, why and
 * on which hosts it halted, if it did, and whether its release still waits to be promoted.
 */
public record RolloutRow(long id, String groupId, String artifactId, String version, List<Ring> rings, int stage,
        Rollout.State state, Instant stageStartedAt, Instant ringReachedAt, Instant watchFrom, int maxRollbacks,
        int maxUnhealthyPercent, String haltReason, List<String> haltHosts, boolean promotePending, String createdBy,
        Instant createdAt, Instant updatedAt) {

    /** One ring: named hosts or a share of all hosts (0 to 100 %), and how long it soaks before the next. */
    public record Ring(List<String> hosts, int percent, int soakMinutes) {

        public Ring {
            hosts = List.copyOf(hosts);
        }

        public Duration soak() {
            return Duration.ofMinutes(soakMinutes);
        }
    }

    public RolloutRow {
        rings = List.copyOf(rings);
        haltHosts = haltHosts == null ? List.of() : List.copyOf(haltHosts);
    }

    /** {@code group:artifact:version}. */
    public String release() {
        return groupId + ":" + artifactId + ":" + version;
    }

    /** True while it may still change: running or halted. */
    public boolean active() {
        return state == Rollout.State.RUNNING || state == Rollout.State.HALTED;
    }

    /** True at the last ring (everyone). */
    public boolean lastStage() {
        return stage == rings.size() - 1;
    }

    /** What targets metadata signs of it: the rings without their soak, the state and the stage. */
    public Rollout signed() {
        return new Rollout(id, state, stage, rings.stream().map(ring -> new Rollout.Ring(ring.hosts(), ring.percent()))
                .toList());
    }
}
