package be.imio.platform.commune.internal.lifecycle;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.MandatoryUpdate;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.ledger.Deferral;
import be.imio.platform.commune.internal.ledger.ModuleLedger;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.HostOffer;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.trust.RequiredUpdate;

/**
 * The updates iMio requires of this host's modules by a date ({@link RequiredUpdate}, from signed
 * metadata), and their deferrals by the host's administrators. For each enabled module, the one
 * pending is the newest release on the host's channel, not revoked, required and newer than the
 * version the module runs that the host can take now (taking it satisfies every older
 * requirement); when none can be taken yet, the newest, shown with what holds it back. It is
 * applied when it is due ({@link Pending#due()}: iMio's deadline, or the date an administrator
 * deferred that requirement to, once, never past iMio's current limit), in the maintenance
 * window, whatever the module's update policy or pin.
 */
public final class MandatoryUpdates {

    /** Who the operations a deadline starts are requested by, as the activity shows it. */
    public static final String BY_DEADLINE = "deadline";

    /**
     * A mandatory update of {@code module} to {@code release}, the newest required release the host
     * can take (or the newest, held). Taking it satisfies every requirement of a version up to
     * it: {@code governing} is the one among them due first (its deadline, or its deferral's
     * date), whose date, reason and deferral the host shows and acts on, so that a newer
     * requirement with a later date never postpones an older, stricter one. {@code deferral} is the
     * governing requirement's deferral on this host, or null; {@code heldBy} says why the host
     * cannot take {@code release} yet, or is null: {@code running}, {@code halted} or
     * {@code aborted} for a staged rollout that has not reached this host, {@code incompatible} for
     * a release made for a host API this host does not export, {@code failed} for a release that
     * failed here (not tried again by itself).
     */
    public record Pending(InstalledModule module, ModuleRelease release, ModuleRelease governing, Deferral deferral,
            String heldBy) {

        /** The governing requirement. */
        public RequiredUpdate required() {
            return governing.required();
        }

        /**
         * When the host applies it: the governing requirement's date, that is the date it was
         * deferred to, at most iMio's limit (iMio may have shortened it since), else its deadline.
         */
        public Instant due() {
            return required().due(deferral == null ? null : deferral.until());
        }

        /** True when an administrator may still defer it: once, when iMio allows it. */
        public boolean deferrable() {
            return deferral == null && required().deferrable();
        }

        /** As the host's API gives it. */
        public MandatoryUpdate toApi() {
            return new MandatoryUpdate(module.id(), module.version(), release.version(), required().by(),
                    required().reason(), required().deferLimit(), deferrable(), due(), heldBy,
                    // The date it applies at: iMio may have shortened what was asked.
                    deferral == null ? null : new MandatoryUpdate.Deferral(due(), deferral.reason(), deferral.by(),
                            deferral.at()));
        }

        /** True when it is due at {@code now} and nothing holds it back. */
        public boolean dueAt(Instant now) {
            return heldBy == null && !now.isBefore(due());
        }
    }

    private final HostOffer offer;
    private final ModuleLedger ledger;

    public MandatoryUpdates(HostOffer offer, ModuleLedger ledger) {
        this.offer = offer;
        this.ledger = ledger;
    }

    /** The mandatory updates pending on this host, by module name. */
    public List<Pending> pending() throws SQLException {
        Map<ModuleId, List<Deferral>> deferrals = ledger.deferrals().stream()
                .collect(Collectors.groupingBy(Deferral::module));
        List<Pending> all = new ArrayList<>();
        for (InstalledModule module : ledger.modules()) {
            java.util.Set<String> failed = new java.util.HashSet<>();
            ledger.failedReleases(module.id(), module).forEach(f -> failed.add(f.version()));
            pendingFor(module, offer, deferrals.getOrDefault(module.id(), List.of()), failed::contains)
                    .ifPresent(all::add);
        }
        return all;
    }

    /** The mandatory update pending now for the module {@code module}, if any. */
    public Optional<Pending> pending(ModuleId module) throws SQLException {
        return pending().stream().filter(p -> p.module().id().equals(module)).findFirst();
    }

    /** The mandatory update pending for {@code module}, if any (see {@link MandatoryUpdates}). */
    static Optional<Pending> pendingFor(InstalledModule module, HostOffer offer, List<Deferral> deferrals,
            java.util.function.Predicate<String> failedHere) {
        if (!module.enabled()) {
            return Optional.empty();
        }
        List<ModuleRelease> required = new ArrayList<>();
        List<String> held = new ArrayList<>();
        for (ModuleRelease release : offer.listed(module.id())) {
            if (release.revoked() || release.required() == null
                    || Catalogue.NEWEST_FIRST.compare(release.version(), module.version()) >= 0) {
                continue;
            }
            required.add(release);
            held.add(failedHere.test(release.version()) ? "failed"
                    : !offer.compatible(release) ? "incompatible" : offer.heldBy(release));
        }
        if (required.isEmpty()) {
            return Optional.empty();
        }
        // Newest first: the newest the host can take; a newer one held back never blocks an older fix.
        int target = held.indexOf(null) < 0 ? 0 : held.indexOf(null);
        ModuleRelease release = required.get(target);
        // Of the requirements it satisfies (its own and older ones), the one due first governs.
        ModuleRelease governing = null;
        Deferral governingDeferral = null;
        Instant first = null;
        for (ModuleRelease satisfied : required.subList(target, required.size())) {
            Deferral deferral = deferrals.stream()
                    .filter(d -> d.answers(satisfied.version(), satisfied.required().by())).findFirst().orElse(null);
            Instant due = satisfied.required().due(deferral == null ? null : deferral.until());
            if (first == null || due.isBefore(first)) {
                first = due;
                governing = satisfied;
                governingDeferral = deferral;
            }
        }
        return Optional.of(new Pending(module, release, governing, governingDeferral, held.get(target)));
    }

    /**
     * Defers the mandatory update of the module {@code reference} names to {@code version}
     * ({@code null}: the one pending) until {@code until}, for {@code reason}; journalled in one
     * unit with the deferral.
     *
     * @throws Refusal {@code not_required} (409) when no such update is pending, {@code already_deferred}
     *     (409), {@code not_deferrable} (409) when iMio allows no deferral, {@code bad_date} (400)
     *     when {@code until} is not after the deadline and at most its limit, {@code bad_reason} (400)
     */
    public Operation defer(ModuleId module, String version, Instant until, String reason, String actor, String address,
            Instant now) throws Refusal, SQLException {
        Pending pending = pending().stream().filter(p -> p.module().id().equals(module) && (version == null
                || p.release().version().equals(version) || p.governing().version().equals(version))).findFirst()
                .orElseThrow(() -> new Refusal(409, "not_required", "refusal.not-required", module.name(),
                        version == null ? "" : version));
        if (ledger.unfinished().stream().anyMatch(o -> o.module().equalsIgnoreCase(module.name()))) {
            // Taking it already, or about to: a deferral now would say what is not so.
            throw new Refusal(409, "operation_pending", "refusal.deferral-operation-pending", module.name());
        }
        if (pending.deferral() != null) {
            throw new Refusal(409, "already_deferred", "refusal.already-deferred", module.name(),
                    pending.release().version(), Message.day(pending.deferral().until()),
                    Message.time(pending.deferral().until()));
        }
        RequiredUpdate required = pending.required();
        if (!required.deferrable()) {
            throw new Refusal(409, "not_deferrable", "refusal.not-deferrable", module.name(), pending.release().version());
        }
        if (until == null || !until.isAfter(required.by()) || until.isAfter(required.deferLimit()) || !until.isAfter(now)) {
            throw new Refusal(400, "bad_date", "refusal.bad-deferral-date", Message.day(required.by()),
                    Message.time(required.by()), Message.day(required.deferLimit()), Message.time(required.deferLimit()));
        }
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > RequiredUpdate.MAX_REASON || why.chars().anyMatch(Character::isISOControl)) {
            throw new Refusal(400, "bad_reason", "refusal.bad-deferral-reason", RequiredUpdate.MAX_REASON);
        }
        // The governing requirement is the one deferred: the one that decides when the host takes it.
        Deferral deferral = new Deferral(module, pending.governing().version(), required.by(), until, why, actor, now);
        Message text = Message.of("reason.deferred", Message.day(until), Message.time(until), why);
        return ledger.defer(deferral, pending.module().version(), address, text.inFrenchThenEnglish(), text)
                .orElseThrow(() -> new Refusal(409, "already_deferred", "refusal.already-deferred", module.name(),
                        pending.release().version(), Message.day(until), Message.time(until)));
    }

    /**
     * A deferral's new date as people and programs write it: an ISO-8601 date and time with its
     * offset ({@code 2026-12-20T18:00:00+01:00}, {@code …Z}), or without one, read as Brussels time
     * ({@code 2026-12-20T18:00}, what a browser's date and time field sends).
     *
     * @throws Refusal {@code bad_date} (400) for anything else
     */
    public static Instant parseUntil(String text) throws Refusal {
        String given = text == null ? "" : text.strip();
        try {
            return java.time.OffsetDateTime.parse(given).toInstant();
        } catch (java.time.DateTimeException offsetMissing) {
            try {
                return java.time.LocalDateTime.parse(given).atZone(be.imio.platform.api.BelgianFormats.BRUSSELS).toInstant();
            } catch (java.time.DateTimeException e) {
                throw new Refusal(400, "bad_date", "refusal.deferral-date-required");
            }
        }
    }
}
