package be.imio.platform.commune.internal.lifecycle;

import java.util.List;

import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.Refusal;

/** The refusals of a module operation, each with its HTTP status, its stable code and its text's key. */
final class PlanRefusals {

    private PlanRefusals() {
    }

    static Refusal unknown(String module) {
        return new Refusal(404, "unknown_module", "refusal.unknown-module", module);
    }

    /**
     * The short name of {@code module} is used on this host by {@code installed}, of another group:
     * its feature, its pages and its tables go by that name, so the other group's module of that name
     * can be neither enabled nor changed while it is there (its data stays, even when disabled).
     */
    static Refusal nameInUse(ModuleId module, InstalledModule installed) {
        return new Refusal(409, "name_in_use", installed.enabled() ? "refusal.name-in-use.enabled"
                : "refusal.name-in-use.disabled", module.name(), installed.id(), module);
    }

    /** The short name of {@code module} is held by {@code waiting}, an operation not finished on another module. */
    static Refusal nameTakenBy(ModuleId module, Operation waiting) {
        String other = waiting.moduleId() == null ? waiting.module() : waiting.moduleId().toString();
        return new Refusal(409, "name_in_use", "refusal.name-held", module.name(), other, waiting.id());
    }

    /** A short name released by several groups: the request must say which, as {@code GROUP:ARTIFACT}. */
    static Refusal ambiguous(String name, List<ModuleId> candidates) {
        List<String> references = candidates.stream().map(ModuleId::toString).toList();
        return new Refusal(409, "ambiguous_module", "refusal.ambiguous-module", references, name,
                String.join(", ", references));
    }

    static Refusal noRelease(ModuleId module) {
        return new Refusal(404, "no_release", "refusal.no-release", module);
    }

    static Refusal notInstalled(ModuleId module) {
        return new Refusal(409, "not_installed", "refusal.not-installed", module);
    }

    static void requireEnabled(ModuleId module, boolean enabled) throws Refusal {
        if (!enabled) {
            throw new Refusal(409, "not_enabled", "refusal.not-enabled", module);
        }
    }
}
