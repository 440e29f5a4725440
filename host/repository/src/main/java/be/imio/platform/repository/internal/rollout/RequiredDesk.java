package be.imio.platform.repository.internal.rollout;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.RequiredUpdate;

/**
 * iMio requires a release by a date, or withdraws the requirement: recorded with its audit row,
 * then signed into the targets metadata ({@link RequiredUpdate}); when signing fails the record is
 * taken back, so that the database never says what hosts were not told.
 */
@Component(service = RequiredDesk.class)
public final class RequiredDesk {

    /** Days a commune may defer a required release by, when iMio does not say. */
    public static final int DEFAULT_DEFER_DAYS = 30;
    static final int MAX_DEFER_DAYS = 90;
    /** Releases required at once: each is signed into every host's targets. */
    static final int MAX_REQUIRED = 200;
    /** How far ahead a deadline may be set. */
    static final Duration MAX_AHEAD = Duration.ofDays(366);
    private static final Logger LOG = LoggerFactory.getLogger(RequiredDesk.class);

    private final ReleaseDesk releases;
    private final RequiredLedger ledger;
    private final Clock clock = Clock.systemUTC();

    @Activate
    public RequiredDesk(@Reference RepositoryDatabase database, @Reference ReleaseDesk releases) {
        this.releases = releases;
        this.ledger = database.required();
    }

    public RequiredLedger ledger() {
        return ledger;
    }

    /**
     * Requires {@code release} ({@code group:artifact:version}) by {@code by}, for {@code reason},
     * deferrable by a commune once, up to {@code deferDays} days after {@code by} (0: not
     * deferrable); replaces the release's requirement, if any.
     *
     * @throws RolloutRefused {@code bad_release} (400), {@code unknown_release} (404), {@code revoked}
     *     (409), {@code not_stable} (409: hosts of the stable channel would not see it),
     *     {@code bad_date} (400: past, or more than a year ahead), {@code reason_required} (400),
     *     {@code bad_defer_days} (400: 0 to 90)
     * @throws IOException or MetadataException when it could not be signed (nothing changed)
     */
    public synchronized RequiredLedger.Row require(String release, Instant by, String reason, int deferDays,
            String actor, String address) throws RolloutRefused, SQLException, IOException, MetadataException {
        Instant now = clock.instant();
        if (release == null || release.split(":").length != 3) {
            throw new RolloutRefused(400, "bad_release", "rollout.bad-release");
        }
        if (by == null || by.isBefore(now.minusSeconds(60)) || by.isAfter(now.plus(MAX_AHEAD))) {
            throw new RolloutRefused(400, "bad_date", "required.bad-date");
        }
        String why = Reasons.of(reason);
        if (why == null) {
            throw new RolloutRefused(400, "reason_required", "required.reason", Reasons.MAX);
        }
        if (deferDays < 0 || deferDays > MAX_DEFER_DAYS) {
            throw new RolloutRefused(400, "bad_defer_days", "required.bad-defer-days", MAX_DEFER_DAYS);
        }
        // What was asked is well formed: now whether the release can be required.
        Release found = release(release, false);
        if (!Release.STABLE.equals(found.channel())) {
            throw new RolloutRefused(409, "not_stable", "required.not-stable", release);
        }
        RequiredLedger.Row previous = current(found);
        if (previous == null && ledger.all().size() >= MAX_REQUIRED) {
            throw new RolloutRefused(409, "too_many_required", "required.too-many", MAX_REQUIRED);
        }
        RequiredLedger.Row row = new RequiredLedger.Row(found.groupId(), found.artifactId(), found.version(),
                new RequiredUpdate(by, why, by.plus(Duration.ofDays(deferDays))), actor, now);
        ledger.put(row, address);
        try {
            releases.signed().publishTargets();
        } catch (IOException | MetadataException | RuntimeException e) {
            undo(found, previous, address, e);
            throw e;
        }
        LOG.warn("Release {} required by {} ({} from {}), deferrable until {}: {}", row.release(), by, actor, address,
                row.required().deferLimit(), why);
        return row;
    }

    /**
     * Withdraws the requirement of {@code release}, for {@code reason}: hosts no longer apply it by
     * themselves (those that did keep it).
     *
     * @throws RolloutRefused {@code not_required} (409) when it had none, {@code reason_required} (400)
     */
    public synchronized void withdraw(String release, String reason, String actor, String address)
            throws RolloutRefused, SQLException, IOException, MetadataException {
        // A revoked release's requirement too: hosts ignore it, and it should not stay listed for ever.
        Release found = release(release, true);
        String why = Reasons.of(reason);
        if (why == null) {
            throw new RolloutRefused(400, "reason_required", "required.reason", Reasons.MAX);
        }
        RequiredLedger.Row previous = current(found);
        if (previous == null || !ledger.remove(found.groupId(), found.artifactId(), found.version(), clock.instant(),
                actor, address, "require-withdraw", why)) {
            throw new RolloutRefused(409, "not_required", "required.not-required", release);
        }
        try {
            releases.signed().publishTargets();
        } catch (IOException | MetadataException | RuntimeException e) {
            undo(found, previous, address, e);
            throw e;
        }
        LOG.warn("Requirement of {} withdrawn ({} from {}): {}", previous.release(), actor, address, why);
    }

    private RequiredLedger.Row current(Release release) throws SQLException {
        String key = release.groupId() + ":" + release.artifactId() + ":" + release.version();
        return ledger.all().stream().filter(row -> row.release().equals(key)).findFirst().orElse(null);
    }

    /** Puts back what was there before a change that could not be signed; the audit says so. */
    private void undo(Release release, RequiredLedger.Row previous, String address, Exception cause) {
        try {
            if (previous == null) {
                ledger.remove(release.groupId(), release.artifactId(), release.version(), clock.instant(), "repository",
                        address, "require-unsigned", "not signed, taken back: " + cause.getMessage());
            } else {
                ledger.put(previous, address, "require-unsigned", "repository", clock.instant());
            }
        } catch (SQLException e) {
            LOG.error("A requirement of {}:{}:{} could not be signed nor taken back: {}", release.groupId(),
                    release.artifactId(), release.version(), e.getMessage());
        }
    }

    private Release release(String release, boolean revokedToo) throws RolloutRefused, SQLException {
        String[] parts = release == null ? new String[0] : release.split(":");
        if (parts.length != 3) {
            throw new RolloutRefused(400, "bad_release", "rollout.bad-release");
        }
        Release found = releases.ledger().all().stream().filter(r -> !r.isCompanion()
                && r.path().endsWith(Release.FEATURES_SUFFIX) && r.groupId().equals(parts[0])
                && r.artifactId().equals(parts[1]) && r.version().equals(parts[2])).findFirst().orElse(null);
        if (found == null) {
            throw new RolloutRefused(404, "unknown_release", "rollout.unknown-release", release);
        }
        if (found.revokedAt() != null && !revokedToo) {
            throw new RolloutRefused(409, "revoked", "required.revoked", release);
        }
        return found;
    }
}
