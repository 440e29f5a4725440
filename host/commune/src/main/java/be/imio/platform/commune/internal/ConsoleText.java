package be.imio.platform.commune.internal;

import be.imio.platform.api.HealthStatus;

/** How the console names states, actions and steps, in French and English. */
final class ConsoleText {

    private ConsoleText() {
    }

    static String health(ConsoleView view, HealthStatus.State state) {
        return switch (state) {
            case UP -> view.h("En bon état", "Healthy");
            case DEGRADED -> view.h("À surveiller", "Needs attention");
            case DOWN -> view.h("En panne", "Down");
        };
    }

    static String state(ConsoleView view, Operation.State state) {
        return switch (state) {
            case QUEUED -> view.t("En attente", "Waiting");
            case RUNNING -> view.t("En cours", "In progress");
            case SUCCEEDED -> view.t("Terminé avec succès", "Completed successfully");
            case FAILED -> view.t("Échec, rien n'a changé", "Failed, nothing changed");
            case ROLLED_BACK -> view.t("Échec, état précédent rétabli", "Failed, previous state restored");
            case INTERRUPTED -> view.t("Interrompu par un arrêt de l'hôte, état précédent rétabli",
                    "Interrupted by a host stop, previous state restored");
            case SKIPPED -> view.t(OperationTexts.SKIPPED.fr(), OperationTexts.SKIPPED.en());
        };
    }

    static String action(ConsoleView view, Operation.Action action) {
        return switch (action) {
            case ENABLE -> view.t("Activer", "Enable");
            case DISABLE -> view.t("Désactiver", "Disable");
            case UPDATE -> view.t("Mettre à jour", "Update");
            case ROLLBACK -> view.t("Revenir à la version précédente", "Roll back");
            case PIN -> view.t("Épingler la version", "Pin the version");
            case UNPIN -> view.t("Désépingler", "Unpin");
            case POLICY -> view.t("Changer la politique de mise à jour", "Change the update policy");
            case SETTINGS -> view.t("Modifier les paramètres", "Change the settings");
        };
    }

    static String phase(ConsoleView view, String phase) {
        if (phase == null) {
            return "";
        }
        return switch (phase) {
            case "download" -> view.t("Téléchargement et vérification des fichiers signés…",
                    "Downloading and verifying the signed files…");
            case "install" -> view.t("Installation dans Karaf…", "Installing in Karaf…");
            case "health" -> view.t("Vérification que le module fonctionne…", "Checking that the module works…");
            case "restore" -> view.t("Échec : rétablissement de l'état précédent…", "Failed: restoring the previous state…");
            default -> phase;
        };
    }

    static String policy(ConsoleView view, String policy) {
        return switch (policy == null ? "" : policy) {
            case "manual" -> view.t("manuelle", "manual");
            case "automatic" -> view.t("automatique", "automatic");
            case "security" -> view.t("correctifs de sécurité seulement", "security fixes only");
            default -> policy == null ? "" : policy;
        };
    }

    /** "Mettre à jour : Registre du courrier 1.0.0 → 1.1.0", not escaped. */
    static String describe(ConsoleView view, Operation operation, ConsoleHost host) {
        String what = operation.module().equals(Operation.HOST) ? view.t("l'hôte", "the host")
                : operation.moduleId() != null ? host.title(view, operation.moduleId()) : host.title(view, operation.module());
        String versions = operation.action() == Operation.Action.SETTINGS || operation.action() == Operation.Action.POLICY
                ? "" : operation.fromVersion() != null && operation.toVersion() != null
                ? " " + operation.fromVersion() + " → " + operation.toVersion()
                : operation.toVersion() != null ? " " + operation.toVersion()
                : operation.fromVersion() != null ? " " + operation.fromVersion() : "";
        return action(view, operation.action()) + view.t(" : ", ": ") + what + versions;
    }
}
