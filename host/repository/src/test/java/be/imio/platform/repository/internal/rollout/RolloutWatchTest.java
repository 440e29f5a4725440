package be.imio.platform.repository.internal.rollout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostKind;
import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.trust.Rollout;

class RolloutWatchTest {

    private static final Instant START = Instant.parse("2026-12-01T10:00:00Z");

    private static RolloutRow rollout(int stage, int maxRollbacks, int maxUnhealthy) {
        return rollout(stage, maxRollbacks, maxUnhealthy, START);
    }

    private static RolloutRow rollout(int stage, int maxRollbacks, int maxUnhealthy, Instant reached) {
        return new RolloutRow(3, "be.imio.platform", "courrier", "1.2.0",
                List.of(new RolloutRow.Ring(List.of("pilote-1", "pilote-2"), 0, 60), new RolloutRow.Ring(List.of(), 50, 120),
                        new RolloutRow.Ring(List.of(), 100, 0)),
                stage, Rollout.State.RUNNING, START, reached, START, maxRollbacks, maxUnhealthy, null, List.of(), false,
                "admin", START, START);
    }

    private static HostRegistry.Host host(String id, String version, String health, String failure) {
        return host(id, "be.imio.platform", version, health, failure, "rolled_back");
    }

    /** A host's kept report: {@code failure} is when the repository first saw the failure ({@code seenAt}). */
    private static HostRegistry.Host host(String id, String group, String version, String health, String failure,
            String kind) {
        String report = "{\"modules\":[{\"name\":\"courrier\",\"groupId\":\"" + group + "\",\"version\":\"" + version
                + "\",\"health\":\"" + health + "\"}],\"failedReleases\":[" + (failure == null ? ""
                        : "{\"name\":\"courrier\",\"groupId\":\"" + group + "\",\"version\":\"1.2.0\",\"kind\":\""
                                + kind + "\",\"at\":\"2020-01-01T00:00:00Z\",\"seenAt\":\"" + failure + "\"}") + "]}";
        return new HostRegistry.Host(id, HostKind.COMMUNE, null, null, "admin", START, null, null, report,
                START.plusSeconds(600), "192.0.2.1", null, 1);
    }

    private static List<Fleet.HostRow> fleet(HostRegistry.Host... hosts) {
        // Each report received ten minutes after the start (see host): after watchFrom.
        List<HostRegistry.Host> all = new ArrayList<>(List.of(hosts));
        for (int i = 0; i < 40; i++) {
            // Hosts outside the pilot ring, on the old version, some rolled back long ago: not the ring's.
            all.add(host("autre-" + i, "1.1.0", i % 3 == 0 ? "DOWN" : "UP", i % 5 == 0 ? "2026-12-01T10:05:00Z" : null));
        }
        return Fleet.of(all, List.of(), START).hosts();
    }

    @Test
    void aRollbackInTheRingsHaltsItNamingTheHost() {
        RolloutWatch.Decision decision = RolloutWatch.decide(rollout(0, 1, 10), fleet(
                host("pilote-1", "1.2.0", "UP", null), host("pilote-2", "1.1.0", "UP", "2026-12-01T10:05:00Z")),
                START.plusSeconds(60));
        assertEquals(RolloutWatch.Kind.HALT, decision.kind());
        assertEquals("rollbacks", decision.reason());
        assertEquals(List.of("pilote-2"), decision.hosts());
        assertEquals(2, decision.ringHosts());
    }

    @Test
    void aRollbackBeforeTheWatchStartedOrOutsideTheRingsDoesNot() {
        RolloutWatch.Decision decision = RolloutWatch.decide(rollout(0, 1, 10), fleet(
                host("pilote-1", "1.2.0", "UP", null), host("pilote-2", "1.1.0", "UP", "2026-12-01T09:00:00Z")),
                START.plusSeconds(60));
        assertEquals(RolloutWatch.Kind.WAIT, decision.kind(), "soaking, nothing wrong since it started");
    }

    @Test
    void unhealthyHostsHaltItAtTheirThreshold() {
        List<Fleet.HostRow> oneOfTwo = fleet(host("pilote-1", "1.2.0", "DEGRADED", null), host("pilote-2", "1.2.0", "UP", null));
        assertEquals(RolloutWatch.Kind.HALT, RolloutWatch.decide(rollout(0, 1, 10), oneOfTwo, START).kind());
        assertEquals("unhealthy", RolloutWatch.decide(rollout(0, 1, 10), oneOfTwo, START).reason());
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 1, 60), oneOfTwo, START).kind(),
                "50 % is below a threshold of 60 %");
        assertEquals(RolloutWatch.Kind.HALT, RolloutWatch.decide(rollout(0, 1, 50), oneOfTwo, START).kind(), "at it: halts");
    }

    @Test
    void aRingThatSoakedWellMovesOnAndTheLastCompletes() {
        List<Fleet.HostRow> good = fleet(host("pilote-1", "1.2.0", "UP", null), host("pilote-2", "1.2.0", "UP", null));
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 1, 10), good, START.plusSeconds(59 * 60)).kind());
        assertEquals(RolloutWatch.Kind.ADVANCE, RolloutWatch.decide(rollout(0, 1, 10), good, START.plusSeconds(60 * 60)).kind());
        assertEquals(RolloutWatch.Kind.HALT, RolloutWatch.decide(rollout(2, 1, 10), good, START).kind(),
                "at the last ring every host is watched: the others' rollbacks count");
        List<Fleet.HostRow> allGood = Fleet.of(List.of(host("pilote-1", "1.2.0", "UP", null), host("mons", "1.2.0", "UP", null)),
                List.of(), START).hosts();
        assertEquals(RolloutWatch.Kind.COMPLETE, RolloutWatch.decide(rollout(2, 1, 10), allGood, START).kind());
    }

    @Test
    void timeAloneIsNoEvidence() {
        List<Fleet.HostRow> nobody = fleet(host("pilote-1", "1.1.0", "UP", null), host("pilote-2", "1.1.0", "UP", null));
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 1, 10, null), nobody,
                START.plusSeconds(24 * 3600)).kind(), "a day later, no pilot runs it: the rollout waits");
        List<Fleet.HostRow> one = fleet(host("pilote-1", "1.2.0", "UP", null), host("pilote-2", "1.1.0", "UP", null));
        assertEquals(RolloutWatch.Kind.REACHED, RolloutWatch.decide(rollout(0, 1, 10, null), one, START).kind(),
                "the soak starts when a pilot runs it");
    }

    @Test
    void onlyRollbacksOfTheReleaseItselfCountAsTheRepositorySawThem() {
        // Another group's courrier 1.2.0 rolled back on a pilot: not this rollout's release.
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 1, 10), fleet(
                host("pilote-1", "be.partenaire", "1.2.0", "UP", "2026-12-01T10:05:00Z", "rolled_back"),
                host("pilote-2", "1.2.0", "UP", null)), START.plusSeconds(60)).kind());
        // An install that failed before anything changed (a download): no rollback.
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 1, 10), fleet(
                host("pilote-1", "be.imio.platform", "1.1.0", "UP", "2026-12-01T10:05:00Z", "not_installed"),
                host("pilote-2", "1.2.0", "UP", null)), START.plusSeconds(60)).kind());
    }

    @Test
    void twoRollbacksAreNeededWhenTheThresholdIsTwo() {
        List<Fleet.HostRow> one = fleet(host("pilote-1", "1.1.0", "UP", "2026-12-01T10:05:00Z"), host("pilote-2", "1.2.0", "UP", null));
        assertEquals(RolloutWatch.Kind.WAIT, RolloutWatch.decide(rollout(0, 2, 10), one, START).kind());
    }
}
