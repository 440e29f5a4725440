package be.imio.platform.commune.internal.console;

import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.api.HealthStatus;
import be.imio.platform.commune.api.UpdatePolicy;
import be.imio.platform.commune.api.Operation;

/** How the console names states, actions and steps, in French and English. */
public final class ConsoleText {

    private ConsoleText() {
    }

    static String health(ConsoleView view, HealthStatus.State state) {
        return switch (state) {
            case UP -> view.h("text.healthy");
            case DEGRADED -> view.h("text.needs-attention");
            case DOWN -> view.h("text.down");
        };
    }

    static String state(ConsoleView view, Operation.State state) {
        return switch (state) {
            case QUEUED -> view.t("text.waiting");
            case RUNNING -> view.t("text.in-progress");
            case SUCCEEDED -> view.t("text.completed-successfully");
            case FAILED -> view.t("text.failed-nothing-changed");
            case ROLLED_BACK -> view.t("text.failed-previous-state-restored");
            case INTERRUPTED -> view.t("text.interrupted-by-a-host-stop");
            case SKIPPED -> view.t("text.skipped");
        };
    }

    static String action(ConsoleView view, Operation.Action action) {
        return switch (action) {
            case ENABLE -> view.t("text.enable");
            case DISABLE -> view.t("modules.disable");
            case UPDATE -> view.t("text.update");
            case ROLLBACK -> view.t("text.roll-back");
            case PIN -> view.t("text.pin-the-version");
            case UNPIN -> view.t("modules.unpin");
            case POLICY -> view.t("text.change-the-update-policy");
            case SETTINGS -> view.t("text.change-the-settings");
            case DEFER -> view.t("text.defer-a-mandatory-update");
        };
    }

    static String phase(ConsoleView view, OperationPhase phase) {
        if (phase == null) {
            return "";
        }
        return switch (phase) {
            case DOWNLOAD -> view.t("text.downloading-and-verifying-the-signed");
            case INSTALL -> view.t("text.installing-in-karaf");
            case HEALTH -> view.t("text.checking-that-the-module-works");
            case RESTORE -> view.t("text.failed-restoring-the-previous-state");
        };
    }

    static String policy(ConsoleView view, UpdatePolicy policy) {
        return switch (policy) {
            case MANUAL -> view.t("text.manual");
            case AUTOMATIC -> view.t("text.automatic");
            case SECURITY -> view.t("text.security-fixes-only");
        };
    }

    /** "Mettre à jour : Registre du courrier 1.0.0 → 1.1.0", not escaped. */
    static String describe(ConsoleView view, Operation operation, ConsoleHost host) {
        String what = operation.module().equals(Operation.HOST) ? view.t("text.the-host")
                : operation.moduleId() != null ? host.title(view, operation.moduleId()) : host.title(view, operation.module());
        String versions = operation.action() == Operation.Action.POLICY && operation.policy() != null
                ? " → " + policy(view, operation.policy())
                : operation.action() == Operation.Action.SETTINGS || operation.action() == Operation.Action.POLICY
                ? "" : operation.fromVersion() != null && operation.toVersion() != null
                ? " " + operation.fromVersion() + " → " + operation.toVersion()
                : operation.toVersion() != null ? " " + operation.toVersion()
                : operation.fromVersion() != null ? " " + operation.fromVersion() : "";
        return action(view, operation.action()) + view.t("modules.punctuation") + what + versions;
    }
}
