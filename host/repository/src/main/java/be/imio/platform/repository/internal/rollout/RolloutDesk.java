package be.imio.platform.repository.internal.rollout;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.Rollout;

/**
 * Staged rollouts: iMio starts one for a release with its rings; the release's targets then carry
 * the rollout, signed, so that hosts outside the rings reached so far do not take it by
 * themselves. Every {@code checkSeconds} the running rollouts are read against the hosts' latest
 * reports ({@link RolloutWatch}): halted on failures, widened to the next ring once the current
 * one has soaked, completed after the last (the field then leaves the targets). iMio widens,
 * resumes or aborts. Every change is audited with its row, then targets are signed again; should
 * that signing fail, the next check signs from the database.
 */
@Component(service = RolloutDesk.class, immediate = true, configurationPid = RolloutConfig.PID)
@Designate(ocd = RolloutConfig.class)
public final class RolloutDesk {

    /** Who the watch's own changes are audited as. */
    public static final String WATCH = "rollout-watch";
    static final int MAX_RINGS = 10;
    static final int MAX_SOAK_MINUTES = 7 * 24 * 60;
    /** Host ids a rollout may name, all rings together: the signed targets carry them. */
    static final int MAX_NAMED_HOSTS = 1000;
    private static final Logger LOG = LoggerFactory.getLogger(RolloutDesk.class);

    private final ReleaseDesk releases;
    private final HostRegistry hosts;
    private final RolloutLedger ledger;
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(
            r -> new Thread(r, "imio-rollout-watch"));
    private ScheduledFuture<?> watching;
    /** Set when a change was recorded but its signing failed: the next check signs again. */
    private volatile boolean unsigned;

    @Activate
    public RolloutDesk(@Reference RepositoryDatabase database, @Reference ReleaseDesk releases, RolloutConfig config) {
        this.releases = releases;
        this.hosts = database.hosts();
        this.ledger = database.rollouts();
        configure(config);
    }

    @Modified
    synchronized void configure(RolloutConfig config) {
        if (watching != null) {
            watching.cancel(false);
        }
        long every = Math.max(1, config.checkSeconds());
        watching = scheduler.scheduleWithFixedDelay(this::check, every, every, TimeUnit.SECONDS);
    }

    @Deactivate
    void stop() throws InterruptedException {
        scheduler.shutdownNow();
        scheduler.awaitTermination(10, TimeUnit.SECONDS);
    }

    public RolloutLedger ledger() {
        return ledger;
    }

    /** One ring as iMio asks for it: named hosts, the hosts of a group, or a share of all hosts; and its soak. */
    public record RingRequest(List<String> hosts, String group, int percent, int soakMinutes) {
    }

    /**
     * Starts a rollout of {@code release} ({@code group:artifact:version}) in {@code rings}; a last
     * ring of everyone is added when the last one asked is not. A release still in testing is
     * promoted to stable once its rollout is signed, never before.
     *
     * @throws RolloutRefused an unknown or revoked release, a release already rolling out, rings
     *     or thresholds out of bounds, a host or group that names no registered host
     */
    public synchronized RolloutRow start(String release, List<RingRequest> rings, int maxRollbacks,
            int maxUnhealthyPercent, String actor, String address)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        String[] parts = release.split(":");
        if (parts.length != 3) {
            throw new RolloutRefused(400, "bad_release", "rollout.bad-release");
        }
        Release found = releases.ledger().all().stream().filter(r -> !r.isCompanion() && r.groupId().equals(parts[0])
                && r.artifactId().equals(parts[1]) && r.version().equals(parts[2])).findFirst().orElse(null);
        if (found == null) {
            throw new RolloutRefused(404, "unknown_release", "rollout.unknown-release", release);
        }
        if (found.revokedAt() != null) {
            throw new RolloutRefused(409, "revoked", "rollout.revoked", release);
        }
        if (rings.isEmpty() || rings.size() > MAX_RINGS) {
            throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", MAX_RINGS);
        }
        if (maxRollbacks < 1 || maxRollbacks > 1000 || maxUnhealthyPercent < 1 || maxUnhealthyPercent > 100) {
            throw new RolloutRefused(400, "bad_thresholds", "rollout.bad-thresholds");
        }
        List<HostRegistry.Host> registered = hosts.all();
        Set<String> known = registered.stream().filter(h -> h.disabledAt() == null).map(HostRegistry.Host::id)
                .collect(Collectors.toSet());
        List<RolloutRow.Ring> planned = new ArrayList<>();
        for (RingRequest ring : rings) {
            if (ring.soakMinutes() < 0 || ring.soakMinutes() > MAX_SOAK_MINUTES || ring.percent() < 0 || ring.percent() > 100) {
                throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", MAX_RINGS);
            }
            List<String> named = new ArrayList<>(ring.hosts() == null ? List.of() : ring.hosts());
            if (ring.group() != null && !ring.group().isBlank()) {
                List<String> members = registered.stream().filter(h -> h.disabledAt() == null
                        && ring.group().equals(h.group())).map(HostRegistry.Host::id).sorted().toList();
                if (members.isEmpty()) {
                    throw new RolloutRefused(400, "empty_group", "rollout.empty-group", ring.group());
                }
                named.addAll(members);
            }
            List<String> unknown = named.stream().filter(id -> !known.contains(id)).toList();
            if (!unknown.isEmpty()) {
                throw new RolloutRefused(400, "unknown_hosts", "rollout.unknown-hosts", String.join(", ", unknown));
            }
            if (named.isEmpty() && ring.percent() == 0) {
                throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", MAX_RINGS);
            }
            planned.add(new RolloutRow.Ring(named.stream().distinct().toList(), ring.percent(), ring.soakMinutes()));
        }
        if (planned.get(planned.size() - 1).percent() < 100) {
            if (planned.size() == MAX_RINGS) {
                throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", MAX_RINGS);
            }
            // Everyone last, watched as long as the longest ring before: the largest ring is the one
            // a regression the pilots missed shows up in.
            planned.add(new RolloutRow.Ring(List.of(), 100, planned.stream().mapToInt(RolloutRow.Ring::soakMinutes).max()
                    .orElse(0)));
        }
        if (planned.stream().mapToInt(ring -> ring.hosts().size()).sum() > MAX_NAMED_HOSTS
                || RolloutLedger.ringsJson(planned).length() > RolloutLedger.MAX_RINGS_CHARS) {
            throw new RolloutRefused(400, "too_many_hosts", "rollout.too-many-hosts", MAX_NAMED_HOSTS);
        }
        Instant now = clock.instant();
        boolean promote = !Release.STABLE.equals(found.channel());
        RolloutRow started = ledger.start(new RolloutRow(0, parts[0], parts[1], parts[2], planned, 0,
                Rollout.State.RUNNING, now, null, now, maxRollbacks, maxUnhealthyPercent, null, List.of(), promote, actor,
                now, now), actor, address);
        if (started == null) {
            throw new RolloutRefused(409, "rollout_running", "rollout.already", release);
        }
        LOG.info("Rollout {} of {} started ({} from {}): {}", started.id(), release, actor, address,
                RolloutLedger.describe(planned));
        try {
            sign();
            promoteOnceSigned(started, actor, address);
        } catch (IOException | MetadataException | SQLException e) {
            // The rollout is recorded: the next check signs it, then promotes its release.
            LOG.error("Rollout {} of {} is recorded but not yet signed or promoted ({}); the next check does it",
                    started.id(), release, e.getMessage());
        }
        return ledger.get(started.id());
    }

    /**
     * Promotes the release of {@code row} when it still waits for it: only ever after its rollout
     * is signed, so that no host sees it stable without its rings.
     */
    private void promoteOnceSigned(RolloutRow row, String actor, String address)
            throws SQLException, IOException, MetadataException {
        if (!row.promotePending() || unsigned) {
            return;
        }
        releases.signed().promote(row.groupId(), row.artifactId(), row.version(), actor, address);
        ledger.promoted(row.id());
    }

    /** iMio moves a running or halted rollout to its next ring now; the soak starts again. */
    public synchronized RolloutRow widen(long id, String actor, String address)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        RolloutRow row = active(id);
        if (row.state() == Rollout.State.HALTED) {
            // A halt stands until someone resumes it, having read why: widening would forget it.
            throw new RolloutRefused(409, "halted", "rollout.halted", id);
        }
        Instant now = clock.instant();
        boolean last = row.lastStage();
        move(row, last ? Rollout.State.COMPLETED : Rollout.State.RUNNING, last ? row.stage() : row.stage() + 1, now, null,
                now, null, List.of(), actor, address, last ? "rollout-complete" : "rollout-widen", "");
        return ledger.get(id);
    }

    /** iMio resumes a halted rollout: rollbacks count again from now; the ring soaks again. */
    public synchronized RolloutRow resume(long id, String actor, String address)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        RolloutRow row = active(id);
        if (row.state() != Rollout.State.HALTED) {
            throw new RolloutRefused(409, "not_halted", "rollout.not-halted", id);
        }
        Instant now = clock.instant();
        move(row, Rollout.State.RUNNING, row.stage(), now, null, now, null, List.of(), actor, address, "rollout-resume", "");
        return ledger.get(id);
    }

    /** iMio aborts a rollout: no host takes the release by itself any more; those running it keep it. */
    public synchronized RolloutRow abort(long id, String reason, String actor, String address)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        RolloutRow row = active(id);
        move(row, Rollout.State.ABORTED, row.stage(), row.stageStartedAt(), row.ringReachedAt(), row.watchFrom(),
                row.haltReason(), row.haltHosts(), actor, address, "rollout-abort", reason);
        return ledger.get(id);
    }

    private RolloutRow active(long id) throws RolloutRefused, SQLException {
        RolloutRow row = ledger.get(id);
        if (row == null) {
            throw new RolloutRefused(404, "unknown_rollout", "rollout.unknown", id);
        }
        if (!row.active()) {
            throw new RolloutRefused(409, "rollout_over", "rollout.over", id,
                    be.imio.platform.repository.internal.RepositoryTexts.message("shell.rollout.state." + row.state().id()));
        }
        return row;
    }

    private void move(RolloutRow row, Rollout.State to, int stage, Instant stageStartedAt, Instant ringReachedAt,
            Instant watchFrom, String haltReason, List<String> haltHosts, String actor, String address, String action,
            String detail) throws RolloutRefused, SQLException, IOException, MetadataException {
        if (!ledger.move(row.id(), row.state(), row.stage(), to, stage, stageStartedAt, ringReachedAt, watchFrom,
                haltReason, haltHosts, clock.instant(), actor, address, action, detail)) {
            throw new RolloutRefused(409, "rollout_moved", "rollout.moved", row.id());
        }
        LOG.info("Rollout {} of {}: {} ({}), ring {} of {}{}", row.id(), row.release(), action, actor, stage + 1,
                row.rings().size(), detail == null || detail.isEmpty() ? "" : ": " + detail);
        sign();
    }

    private void sign() throws IOException, MetadataException {
        unsigned = true;
        releases.signed().publishTargets();
        unsigned = false;
    }

    /** Reads every running rollout against the hosts' latest reports, and acts. */
    void check() {
        try {
            watch(clock.instant());
        } catch (SQLException | IOException | MetadataException | RuntimeException e) {
            LOG.error("Checking the rollouts failed: {}", e.getMessage(), e);
        }
    }

    synchronized void watch(Instant now) throws SQLException, IOException, MetadataException {
        if (unsigned) {
            LOG.warn("A rollout change was recorded but not signed: signing targets again from the database");
            sign();
        }
        List<RolloutRow> all = ledger.all();
        for (RolloutRow row : all) {
            if (row.promotePending() && row.state() != Rollout.State.ABORTED) {
                try {
                    promoteOnceSigned(row, WATCH, "");
                } catch (SQLException | IOException | MetadataException | RuntimeException e) {
                    LOG.error("The release of rollout {} could not be promoted yet: {}", row.id(), e.getMessage());
                }
            }
        }
        List<RolloutRow> running = all.stream().filter(r -> r.state() == Rollout.State.RUNNING).toList();
        if (running.isEmpty()) {
            return;
        }
        List<Fleet.HostRow> fleet = Fleet.of(hosts.all(), List.of(), now).hosts();
        for (RolloutRow row : running) {
            try {
                act(row, RolloutWatch.decide(row, fleet, now), now);
            } catch (RolloutRefused moved) {
                // iMio changed it meanwhile: its change stands.
                LOG.debug("Rollout {} changed while it was checked", row.id());
            } catch (SQLException | IOException | MetadataException | RuntimeException e) {
                // The others are still checked; a change not signed is signed at the next check.
                LOG.error("Checking rollout {} failed: {}", row.id(), e.getMessage(), e);
            }
        }
    }

    private void act(RolloutRow row, RolloutWatch.Decision decision, Instant now)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        switch (decision.kind()) {
            case HALT -> {
                move(row, Rollout.State.HALTED, row.stage(), row.stageStartedAt(), row.ringReachedAt(), row.watchFrom(),
                        decision.reason(), decision.hosts(), WATCH, "", "rollout-halt", decision.reason() + " on "
                                + String.join(", ", decision.hosts()) + " (" + decision.running() + " running of "
                                + decision.ringHosts() + " hosts in the rings)");
                LOG.warn("Rollout {} of {} halted by itself: {} on {}", row.id(), row.release(), decision.reason(),
                        String.join(", ", decision.hosts()));
            }
            case REACHED -> move(row, Rollout.State.RUNNING, row.stage(), row.stageStartedAt(), now, row.watchFrom(), null,
                    List.of(), WATCH, "", "rollout-ring-reached", decision.running() + " running of "
                            + decision.ringHosts() + " hosts in the rings");
            case ADVANCE -> move(row, Rollout.State.RUNNING, row.stage() + 1, now, null, row.watchFrom(), null, List.of(),
                    WATCH, "", "rollout-advance", "");
            case COMPLETE -> move(row, Rollout.State.COMPLETED, row.stage(), row.stageStartedAt(), row.ringReachedAt(),
                    row.watchFrom(), null, List.of(), WATCH, "", "rollout-complete", "");
            default -> {
            }
        }
    }
}
