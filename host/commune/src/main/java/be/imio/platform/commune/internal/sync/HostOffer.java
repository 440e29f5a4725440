package be.imio.platform.commune.internal.sync;

import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.framework.Version;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.trust.Rollout;

/**
 * What this host may install of what the repository offers, answered once for the shell, the REST
 * API, the console and the planner. A release is <em>listed</em> when it is on the host's channel;
 * <em>installable</em> when it is also not revoked and made for the host API this host exports
 * ({@link Catalogue#compatible}). A module's releases are only its own group's: another group's
 * module of the same name is another module.
 */
public final class HostOffer {

    private final Supplier<Catalogue> catalogue;
    private final HostSettings settings;
    private final Version apiVersion;

    public HostOffer(Supplier<Catalogue> catalogue, HostSettings settings, Version apiVersion) {
        this.catalogue = catalogue;
        this.settings = settings;
        this.apiVersion = apiVersion;
    }

    /** True when {@code release} is on this host's channel. */
    public boolean listed(ModuleRelease release) {
        return settings.offers(release.channel());
    }

    /** True when {@code release} needs a host API this host exports. */
    public boolean compatible(ModuleRelease release) {
        return Catalogue.compatible(release.hostApi(), apiVersion);
    }

    /** True when this host may install {@code release}: listed, not revoked, compatible. */
    public boolean installable(ModuleRelease release) {
        return listed(release) && !release.revoked() && compatible(release);
    }

    /** The releases of {@code module} on this host's channel, newest first. */
    public List<ModuleRelease> listed(ModuleId module) {
        return catalogue.get().releases(module).stream().filter(this::listed).toList();
    }

    /** The releases of {@code module} this host may install, newest first. */
    public List<ModuleRelease> installable(ModuleId module) {
        return catalogue.get().releases(module).stream().filter(this::installable).toList();
    }

    /**
     * True when a staged rollout lets this host take {@code release} now: it has none, or this
     * host is in a ring the rollout has reached ({@link Rollout#offers}, from signed metadata).
     * Only what the host takes by itself, or as "the newest", waits for its ring; a person may
     * still install a release named by its version.
     */
    public boolean rolledOutHere(ModuleRelease release) {
        return release.rollout() == null || release.rollout().offers(settings.hostId());
    }

    /**
     * How a staged rollout holds {@code release} back from this host: {@code running} (its ring is
     * not reached yet), {@code halted}, {@code aborted}; null when it does not.
     */
    public String heldBy(ModuleRelease release) {
        return rolledOutHere(release) ? null : release.rollout().state().id();
    }

    /** The releases of {@code module} this host may take by itself, newest first: installable and rolled out here. */
    public List<ModuleRelease> automatic(ModuleId module) {
        return installable(module).stream().filter(this::rolledOutHere).toList();
    }

    /** The newest release of {@code module} this host may take by itself (installable, rolled out here). */
    public Optional<ModuleRelease> newest(ModuleId module) {
        return automatic(module).stream().findFirst();
    }
}
