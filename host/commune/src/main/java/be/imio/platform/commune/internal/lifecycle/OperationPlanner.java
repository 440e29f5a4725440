package be.imio.platform.commune.internal.lifecycle;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

import org.osgi.framework.Version;

import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.trust.ReservedNames;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.Catalogue;
import be.imio.platform.commune.internal.sync.HostOffer;
import be.imio.platform.commune.internal.sync.ModuleRelease;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * Decides whether an operation can be done before it is queued, and at which version: the
 * release must be in the catalogue, not revoked, on the host's channel and compatible with its
 * API, and the module's state and pin must allow the action. Refusals say why in French and English.
 * A module is its group and artifact: only releases of the group a module was enabled from are ever
 * offered, installed, pinned or rolled back to, and a short name used on this host by one group
 * cannot be taken by another.
 */
public final class OperationPlanner {

    private final Supplier<Catalogue> catalogue;
    private final Supplier<Optional<Refusal>> installBlocker;
    private final HostSettings settings;
    private final Version apiVersion;
    private final HostOffer offer;

    OperationPlanner(Supplier<Catalogue> catalogue, HostSettings settings, Version apiVersion) {
        this(catalogue, Optional::empty, settings, apiVersion);
    }

    /** {@code installBlocker}: why nothing may be installed from the catalogue now (expired or refused metadata). */
    OperationPlanner(Supplier<Catalogue> catalogue, Supplier<Optional<Refusal>> installBlocker,
            HostSettings settings, Version apiVersion) {
        this(catalogue, installBlocker, settings, apiVersion, new HostOffer(catalogue, settings, apiVersion));
    }

    /** {@code offer}: the host's one answer to what it may install, the one its catalogue service gives too. */
    OperationPlanner(Supplier<Catalogue> catalogue, Supplier<Optional<Refusal>> installBlocker,
            HostSettings settings, Version apiVersion, HostOffer offer) {
        this.catalogue = catalogue;
        this.installBlocker = installBlocker;
        this.settings = settings;
        this.apiVersion = apiVersion;
        this.offer = offer;
    }

    /** What this host may install: the one answer every view of the catalogue gives. */
    HostOffer offer() {
        return offer;
    }

    /**
     * The module {@code reference} names: {@code GROUP:ARTIFACT} as given; a short name, the module
     * of that name on this host ({@code installed}, whatever the catalogue offers), else the one group
     * releasing it. Refused when no module has that name (404) or several groups release it (409,
     * code {@code ambiguous_module}).
     */
    static ModuleId resolve(String reference, Catalogue catalogue, Optional<InstalledModule> installed)
            throws Refusal {
        ModuleId given = ModuleId.parse(reference);
        String name = given != null ? given.name() : reference;
        if (name != null && ReservedNames.isReserved(name)) {
            throw new Refusal(400, "reserved_name", "refusal.reserved-name", name);
        }
        if (given != null) {
            return given;
        }
        if (reference == null || !reference.matches(ModuleId.PART)) {
            throw new Refusal(400, "bad_module", "refusal.bad-module");
        }
        if (installed.isPresent() && installed.get().name().equals(reference)) {
            return installed.get().id();
        }
        List<ModuleId> candidates = catalogue.named(reference);
        if (candidates.isEmpty()) {
            throw PlanRefusals.unknown(reference);
        }
        if (candidates.size() > 1) {
            throw PlanRefusals.ambiguous(reference, candidates);
        }
        return candidates.get(0);
    }

    /** Checks what can be checked before anything runs; answers the version the module will run. */
    String target(Operation.Action action, ModuleId module, String version, Optional<InstalledModule> installed)
            throws Refusal {
        if (installed.isPresent() && !installed.get().id().equals(module)) {
            throw PlanRefusals.nameInUse(module, installed.get());
        }
        boolean enabled = installed.map(InstalledModule::enabled).orElse(false);
        switch (action) {
            case ENABLE -> {
                if (enabled) {
                    throw new Refusal(409, "already_enabled", "refusal.already-enabled", module);
                }
                String pin = installed.map(InstalledModule::pinnedVersion).orElse(null);
                return installable(module, version != null ? version : pin != null ? pin : newestAllowed(module, null)
                        .orElseThrow(() -> PlanRefusals.noRelease(module)));
            }
            case UPDATE -> {
                PlanRefusals.requireEnabled(module, enabled);
                String pin = installed.get().pinnedVersion();
                String to = version != null ? version : newestAllowed(module, pin).orElseThrow(() -> PlanRefusals.noRelease(module));
                if (pin != null && !pin.equals(to)) {
                    throw new Refusal(409, "pinned", "refusal.pinned", module, pin);
                }
                if (to.equals(installed.get().version())) {
                    throw new Refusal(409, "up_to_date", "refusal.up-to-date", module, to);
                }
                return installable(module, to);
            }
            case ROLLBACK -> {
                PlanRefusals.requireEnabled(module, enabled);
                String previous = installed.get().previousVersion();
                if (previous == null) {
                    throw new Refusal(409, "no_previous_version", "refusal.no-previous-version", module);
                }
                return installable(module, previous);
            }
            case DISABLE -> {
                PlanRefusals.requireEnabled(module, enabled);
                return null;
            }
            case PIN -> {
                if (installed.isEmpty()) {
                    throw PlanRefusals.notInstalled(module);
                }
                if (version == null) {
                    throw new Refusal(400, "version_required", "refusal.version-required");
                }
                return version.equals(installed.get().version()) || !enabled ? version : installable(module, version);
            }
            case UNPIN -> {
                if (installed.isEmpty() || installed.get().pinnedVersion() == null) {
                    throw new Refusal(409, "not_pinned", "refusal.not-pinned", module);
                }
                return null;
            }
            case POLICY -> {
                if (installed.isEmpty()) {
                    throw PlanRefusals.notInstalled(module);
                }
                if (version == null) {
                    throw new Refusal(400, "policy_required", "refusal.policy-required");
                }
                if (UpdatePolicy.fromId(version).filter(p -> p.id().equals(version)).isEmpty()) {
                    throw new Refusal(400, "bad_policy", "refusal.bad-policy", version);
                }
                return version;
            }
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    /** Refusals about whether a module is enabled, or runs a version, which operations queued before may change. */
    private static final Set<String> QUEUE_MAY_CHANGE = Set.of("already_enabled", "not_enabled", "up_to_date");

    /**
     * {@link #target} for an operation asked while others on the same module are still queued or
     * running ({@code behind}): a refusal about the module's present state that those may change
     * (an enable asked while a disable waits, an update while an enable waits) is no refusal now,
     * for the operation is judged again when it runs ({@link #whenItRuns}) and skipped then if it
     * makes no sense. Everything else (the release, its channel, a pin) is refused at once. A
     * rollback asked behind others goes back to the version before the one those leave, so its
     * version is decided when its turn comes: it is answered null here.
     */
    String target(Operation.Action action, ModuleId module, String version, Optional<InstalledModule> installed,
            boolean behind) throws Refusal {
        try {
            String target = target(action, module, version, installed);
            return behind && action == Operation.Action.ROLLBACK ? null : target;
        } catch (Refusal refused) {
            if (behind && action == Operation.Action.ROLLBACK
                    && (QUEUE_MAY_CHANGE.contains(refused.code()) || "no_previous_version".equals(refused.code()))) {
                return null;
            }
            if (!behind || !QUEUE_MAY_CHANGE.contains(refused.code())) {
                throw refused;
            }
            String pin = installed.map(InstalledModule::pinnedVersion).orElse(null);
            return switch (action) {
                case DISABLE -> null;
                case ENABLE -> installable(module, version != null ? version : pin != null ? pin
                        : newestAllowed(module, null).orElseThrow(() -> PlanRefusals.noRelease(module)));
                case UPDATE -> {
                    String to = version != null ? version : newestAllowed(module, pin).orElseThrow(() -> PlanRefusals.noRelease(module));
                    if (pin != null && !pin.equals(to)) {
                        throw refused;
                    }
                    yield installable(module, to);
                }
                default -> throw refused;
            };
        }
    }

    private String installable(ModuleId module, String version) throws Refusal {
        if (installBlocker.get().isPresent()) {
            throw installBlocker.get().get();
        }
        Catalogue catalogue = this.catalogue.get();
        if (catalogue.releases(module).isEmpty()) {
            throw PlanRefusals.unknown(module.toString());
        }
        ModuleRelease release = catalogue.release(module, version).orElseThrow(() -> new Refusal(404, "unknown_version",
                "refusal.unknown-version", module, version));
        if (release.revoked()) {
            throw new Refusal(409, "revoked", "refusal.revoked", module, version, release.revokedReason());
        }
        if (!offer.listed(release)) {
            throw new Refusal(409, "wrong_channel", "refusal.wrong-channel", module, version, release.channel(),
                    settings.channel().id());
        }
        if (!offer.compatible(release)) {
            throw new Refusal(409, "incompatible", "refusal.incompatible", module, version, release.hostApi(), apiVersion);
        }
        return version;
    }

    /** Refusals that say the module's state makes the operation pointless now, not that the release cannot be had. */
    private static final Set<String> STATE_REFUSALS = Set.of("already_enabled", "not_enabled", "up_to_date", "pinned",
            "not_pinned", "no_previous_version", "not_installed", "name_in_use");

    /** What becomes of a planned operation when its turn comes and it is not to be carried out. */
    record Verdict(Operation.State state, Bilingual reason) {
    }

    /**
     * Plans {@code operation} again, against the module's state when its turn has come
     * ({@code installed}) and the releases that failed here ({@code failures}): empty when it is to be
     * carried out as journalled; else {@link Operation.State#SKIPPED} when the module's state makes it
     * pointless (a disable of a disabled module, an update of a module disabled since, an enable of
     * a module enabled since, a rollback whose previous version changed, an update its policy no
     * longer asks for or to a release that failed here), or {@link Operation.State#FAILED} when its
     * release can no longer be installed (revoked, gone, expired metadata...). Either way, nothing
     * is to change.
     */
    Optional<Verdict> whenItRuns(Operation operation, Optional<InstalledModule> installed, List<FailedRelease> failures,
            UpdatePolicy defaultPolicy) {
        ModuleId module = operation.moduleId();
        Operation.Action action = operation.action();
        String asked = switch (action) {
            case ENABLE, UPDATE, PIN -> operation.toVersion();
            case POLICY -> operation.policy() == null ? null : operation.policy().id();
            default -> null;
        };
        try {
            String target = target(action, module, asked, installed);
            // A rollback asked behind other operations (no version journalled) goes to the version before, now.
            if (action == Operation.Action.ROLLBACK && operation.toVersion() != null && !target.equals(operation.toVersion())) {
                return skip(OperationTexts.previousChanged(module, operation.toVersion(), target));
            }
            InstalledModule now = installed.orElse(null);
            if (action == Operation.Action.PIN && target.equals(now.pinnedVersion())
                    && (!now.enabled() || target.equals(now.version()))) {
                return skip(OperationTexts.alreadyPinned(module, target));
            }
            String by = operation.requestedBy();
            if (by != null && by.startsWith(Operation.BY_POLICY)) {
                String policy = (now == null ? defaultPolicy : now.policyOr(defaultPolicy)).id();
                String askedBy = by.substring(Operation.BY_POLICY.length());
                if (!askedBy.equals(policy)) {
                    return skip(OperationTexts.policyChanged(module, askedBy, policy));
                }
                Optional<FailedRelease> failed = failures.stream().filter(f -> f.version().equals(target)).findFirst();
                if (failed.isPresent()) {
                    return skip(OperationTexts.failedBefore(module, failed.get()));
                }
            }
            return Optional.empty();
        } catch (Refusal refused) {
            return STATE_REFUSALS.contains(refused.code()) ? skip(OperationTexts.whenItsTurnCame(refused))
                    : Optional.of(new Verdict(Operation.State.FAILED, Bilingual.of(refused)));
        }
    }

    private static Optional<Verdict> skip(Bilingual reason) {
        return Optional.of(new Verdict(Operation.State.SKIPPED, reason));
    }

    /**
     * The version {@code policy} moves an enabled, unpinned {@code module} to by itself, if any.
     * {@code automatic}: the newest release it may install, when that is newer than the one it runs
     * and than every release that failed here ({@code failures}); after a failure the policy waits
     * for a newer release rather than walking down to older ones it passed over, so that each
     * swap it makes is one staff can expect. {@code security} (and {@code automatic}) on a revoked
     * release ({@code runningRevoked}): the newest release it may install that did not fail here
     * and is newer than the revoked one, else the release this host ran before it (its previous
     * version, when still offered); never another older one: revocations are the repository's
     * online decision, and whoever holds its online keys must not be able to walk hosts down to
     * an old release with known flaws by revoking the ones above it. Otherwise the host stays on
     * the revoked release, shown as such, for staff to decide.
     */
    Optional<String> automaticUpdate(InstalledModule module, UpdatePolicy policy, boolean runningRevoked,
            List<FailedRelease> failures) {
        boolean wanted = policy == UpdatePolicy.AUTOMATIC || policy == UpdatePolicy.SECURITY && runningRevoked;
        if (!module.enabled() || !wanted || module.pinnedVersion() != null) {
            return Optional.empty();
        }
        Set<String> failed = new java.util.HashSet<>();
        failures.forEach(f -> failed.add(f.version()));
        // Only releases of the module's own group: another group's module of the same name is
        // another module, never an update of this one, whatever its version.
        List<String> offered = offer.automatic(module.id()).stream().map(ModuleRelease::version)
                .filter(v -> !failed.contains(v)).toList();
        Optional<String> newest = offered.stream().findFirst().filter(v -> !v.equals(module.version()));
        if (runningRevoked) {
            Optional<String> newer = newest.filter(v -> Catalogue.NEWEST_FIRST.compare(v, module.version()) < 0);
            return newer.isPresent() ? newer : Optional.ofNullable(module.previousVersion()).filter(offered::contains);
        }
        return newest.filter(v -> Catalogue.NEWEST_FIRST.compare(v, module.version()) < 0
                && failed.stream().allMatch(f -> Catalogue.NEWEST_FIRST.compare(v, f) < 0));
    }

    /** The newer version an enabled {@code module} may be updated to, if any (its pin respected). */
    Optional<String> updateFor(InstalledModule module) {
        if (!module.enabled()) {
            return Optional.empty();
        }
        return newestAllowed(module.id(), module.pinnedVersion())
                .filter(v -> Catalogue.NEWEST_FIRST.compare(v, module.version()) < 0);
    }

    /**
     * The newest release this host may install of {@code module}: of its group, on its channel, not
     * revoked, compatible, and rolled out to this host if a staged rollout holds it.
     */
    Optional<String> newestAllowed(ModuleId module, String pinned) {
        if (pinned != null) {
            return Optional.of(pinned);
        }
        return offer.newest(module).map(ModuleRelease::version);
    }
}
