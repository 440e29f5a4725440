package be.imio.platform.commune.internal;

import java.util.Optional;
import java.util.function.Supplier;

import org.osgi.framework.Version;

/**
 * Decides whether an operation can be done before it is queued, and at which version: the
 * release must be in the catalogue, not revoked, on the host's channel and compatible with its
 * API, and the module's state and pin must allow the action. Refusals say why in French and English.
 */
final class OperationPlanner {

    private final Supplier<Catalogue> catalogue;
    private final Supplier<Optional<OperationRefused>> installBlocker;
    private final HostSettings settings;
    private final Version apiVersion;

    OperationPlanner(Supplier<Catalogue> catalogue, HostSettings settings, Version apiVersion) {
        this(catalogue, Optional::empty, settings, apiVersion);
    }

    /** {@code installBlocker}: why nothing may be installed from the catalogue now (expired or refused metadata). */
    OperationPlanner(Supplier<Catalogue> catalogue, Supplier<Optional<OperationRefused>> installBlocker,
            HostSettings settings, Version apiVersion) {
        this.catalogue = catalogue;
        this.installBlocker = installBlocker;
        this.settings = settings;
        this.apiVersion = apiVersion;
    }

    /** Checks what can be checked before anything runs; answers the version the module will run. */
    String target(Operation.Action action, String module, String version, Optional<InstalledModule> installed)
            throws OperationRefused {
        boolean enabled = installed.map(InstalledModule::enabled).orElse(false);
        switch (action) {
            case ENABLE -> {
                if (enabled) {
                    throw new OperationRefused(409, "already_enabled", "le module " + module + " est déjà activé",
                            "module " + module + " is already enabled");
                }
                String pin = installed.map(InstalledModule::pinnedVersion).orElse(null);
                return installable(module, version != null ? version : pin != null ? pin : newestAllowed(module, null)
                        .orElseThrow(() -> noRelease(module)));
            }
            case UPDATE -> {
                requireEnabled(module, enabled);
                String pin = installed.get().pinnedVersion();
                String to = version != null ? version : newestAllowed(module, pin).orElseThrow(() -> noRelease(module));
                if (pin != null && !pin.equals(to)) {
                    throw new OperationRefused(409, "pinned", module + " est épinglé à la version " + pin
                            + " ; désépinglez-le d'abord", module + " is pinned to version " + pin + "; unpin it first");
                }
                if (to.equals(installed.get().version())) {
                    throw new OperationRefused(409, "up_to_date", module + " tourne déjà en version " + to,
                            module + " already runs version " + to);
                }
                return installable(module, to);
            }
            case ROLLBACK -> {
                requireEnabled(module, enabled);
                String previous = installed.get().previousVersion();
                if (previous == null) {
                    throw new OperationRefused(409, "no_previous_version", module + " n'a pas de version précédente",
                            module + " has no previous version");
                }
                return installable(module, previous);
            }
            case DISABLE -> {
                requireEnabled(module, enabled);
                return null;
            }
            case PIN -> {
                if (installed.isEmpty()) {
                    throw notInstalled(module);
                }
                if (version == null) {
                    throw new OperationRefused(400, "version_required", "indiquez la version à épingler",
                            "give the version to pin");
                }
                return version.equals(installed.get().version()) || !enabled ? version : installable(module, version);
            }
            case UNPIN -> {
                if (installed.isEmpty() || installed.get().pinnedVersion() == null) {
                    throw new OperationRefused(409, "not_pinned", module + " n'est pas épinglé", module + " is not pinned");
                }
                return null;
            }
            case POLICY -> {
                if (installed.isEmpty()) {
                    throw notInstalled(module);
                }
                if (version != null && !HostSettings.POLICIES.contains(version)) {
                    throw new OperationRefused(400, "bad_policy", "politique inconnue : " + version
                            + " (manual, automatic, security)", "unknown policy: " + version
                            + " (manual, automatic, security)");
                }
                return version;
            }
            default -> throw new IllegalArgumentException(action.id());
        }
    }

    private String installable(String module, String version) throws OperationRefused {
        Optional<OperationRefused> blocked = installBlocker.get();
        if (blocked.isPresent()) {
            throw blocked.get();
        }
        Catalogue catalogue = this.catalogue.get();
        if (catalogue.releases(module).isEmpty()) {
            throw new OperationRefused(404, "unknown_module", "le module " + module + " n'est pas au catalogue",
                    "module " + module + " is not in the catalogue");
        }
        ModuleRelease release = catalogue.release(module, version).orElseThrow(() -> new OperationRefused(404,
                "unknown_version", module + " n'existe pas en version " + version, module + " has no version " + version));
        if (release.revoked()) {
            throw new OperationRefused(409, "revoked", module + " " + version + " est révoqué : " + release.revokedReason(),
                    module + " " + version + " is revoked: " + release.revokedReason());
        }
        if (!settings.offers(release.channel())) {
            throw new OperationRefused(409, "wrong_channel", module + " " + version + " est dans le canal "
                    + release.channel() + ", cet hôte suit " + settings.channel(), module + " " + version
                    + " is in channel " + release.channel() + ", this host follows " + settings.channel());
        }
        if (!Catalogue.compatible(release.hostApi(), apiVersion)) {
            throw new OperationRefused(409, "incompatible", module + " " + version + " demande l'API hôte "
                    + release.hostApi() + ", cet hôte offre " + apiVersion, module + " " + version + " needs host API "
                    + release.hostApi() + ", this host offers " + apiVersion);
        }
        return version;
    }

    /** The newer version an enabled {@code module} may be updated to, if any (its pin respected). */
    Optional<String> updateFor(InstalledModule module) {
        if (!module.enabled()) {
            return Optional.empty();
        }
        return newestAllowed(module.name(), module.pinnedVersion())
                .filter(v -> Catalogue.NEWEST_FIRST.compare(v, module.version()) < 0);
    }

    /** The newest release this host may install of {@code module}: on its channel, not revoked, compatible. */
    Optional<String> newestAllowed(String module, String pinned) {
        if (pinned != null) {
            return Optional.of(pinned);
        }
        return catalogue.get().releases(module).stream()
                .filter(r -> !r.revoked() && settings.offers(r.channel()) && Catalogue.compatible(r.hostApi(), apiVersion))
                .map(ModuleRelease::version).findFirst();
    }

    static OperationRefused noRelease(String module) {
        return new OperationRefused(404, "no_release", "aucune version installable de " + module + " au catalogue",
                "no installable version of " + module + " in the catalogue");
    }

    private static OperationRefused notInstalled(String module) {
        return new OperationRefused(409, "not_installed", module + " n'a jamais été activé sur cet hôte",
                module + " was never enabled on this host");
    }

    private static void requireEnabled(String module, boolean enabled) throws OperationRefused {
        if (!enabled) {
            throw new OperationRefused(409, "not_enabled", "le module " + module + " n'est pas activé",
                    "module " + module + " is not enabled");
        }
    }
}
