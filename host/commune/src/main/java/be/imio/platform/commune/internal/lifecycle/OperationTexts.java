package be.imio.platform.commune.internal.lifecycle;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.BundleException;

import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.mount.ModuleThreads;
import be.imio.platform.commune.internal.texts.Bilingual;

/**
 * Every text staff read about how an operation ended, in French and English: why it was skipped,
 * why it failed or was rolled back, and which releases failed on this host. The technical message
 * (Karaf's, Java's, the repository's) never stands alone as a reason: it goes to the operation's
 * detail and to {@code karaf.log}.
 */
public final class OperationTexts {

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm");

    private OperationTexts() {
    }

    /** The shell's notice for a release that failed here: "a échoué ici / failed here: 2.0.0 (30/11/2026 15:04)". */
    public static String failedHereShort(FailedRelease failed) {
        return "a échoué ici / failed here: " + failed.version() + " (" + day(failed.failedAt()) + " "
                + time(failed.failedAt()) + ")";
    }

    // ---- skipped or refused when its turn came ----

    /** A refusal met when the operation's turn came (the module's state changed since it was asked). */
    static Bilingual whenItsTurnCame(Refusal refused) {
        Bilingual text = Bilingual.of(refused);
        return Bilingual.of("au moment de l'exécution, " + text.fr(), "when its turn came, " + text.en());
    }

    static Bilingual previousChanged(ModuleId module, String asked, String now) {
        return Bilingual.of("au moment de l'exécution, la version précédente de " + module + " n'était plus " + asked
                + " mais " + now + " ; rien n'a changé", "when its turn came, the previous version of " + module
                + " was no longer " + asked + " but " + now + "; nothing changed");
    }

    static Bilingual alreadyPinned(ModuleId module, String version) {
        return Bilingual.of("au moment de l'exécution, " + module + " était déjà épinglé à la version " + version,
                "when its turn came, " + module + " was already pinned to version " + version);
    }

    static Bilingual policyChanged(ModuleId module, String asked, String now) {
        return Bilingual.of("demandée par la politique « " + asked + " », mais celle de " + module + " est maintenant « "
                + now + " » ; rien n'a changé", "asked by the policy '" + asked + "', but the policy of " + module
                + " is now '" + now + "'; nothing changed");
    }

    static Bilingual failedBefore(ModuleId module, FailedRelease failed) {
        return Bilingual.of("la version " + failed.version() + " de " + module + " a déjà échoué sur cet hôte le "
                + day(failed.failedAt()) + " à " + time(failed.failedAt()) + " : elle n'est pas réessayée"
                + " automatiquement (une demande explicite le peut)", "version " + failed.version() + " of " + module
                + " already failed on this host on " + day(failed.failedAt()) + " at " + time(failed.failedAt())
                + ": it is not tried again automatically (an explicit request may)");
    }

    static Bilingual unknownGroup(String module) {
        return Bilingual.of("le groupe du module " + module + " est inconnu (opération journalisée avant les groupes) ;"
                + " rien n'a changé", "the group of module " + module + " is unknown (operation journalled before"
                + " groups); nothing changed");
    }

    // ---- failed before anything changed ----

    static Bilingual noLongerInCatalogue(ModuleId module, String version) {
        return Bilingual.of(module + " " + version + " n'est plus au catalogue ; rien n'a changé",
                module + " " + version + " is no longer in the catalogue; nothing changed");
    }

    static Bilingual revoked(ModuleId module, String version) {
        return Bilingual.of(module + " " + version + " a été révoqué par le dépôt ; rien n'a changé",
                module + " " + version + " was revoked by the repository; nothing changed");
    }

    /** {@code cause}: the host's own message, kept in the reason when it is one French / English pair. */
    static Bilingual refusedByHost(ModuleId module, String version, String cause) {
        return withCause(Bilingual.of("cet hôte a refusé les fichiers de " + module + " " + version + " à la vérification ;"
                + " rien n'a changé", "this host refused the files of " + module + " " + version + " when verifying"
                + " them; nothing changed"), cause);
    }

    static Bilingual notAsSigned(ModuleId module, String version, String cause) {
        return withCause(Bilingual.of("vérification échouée : les fichiers reçus pour " + module + " " + version
                + " diffèrent de ceux signés (longueur ou SHA-256) ; rien n'a changé", "verification failed: the files"
                + " received for " + module + " " + version + " differ from the signed ones (length or SHA-256); nothing"
                + " changed"), cause);
    }

    static Bilingual notDownloaded(ModuleId module, String version, String cause) {
        return withCause(Bilingual.of(module + " " + version + " n'a pas pu être téléchargé du dépôt ; rien n'a changé",
                module + " " + version + " could not be downloaded from the repository; nothing changed"), cause);
    }

    /**
     * {@code reason} with {@code cause} in brackets, each language its own part, when {@code cause}
     * is one French / English pair (the host's own messages are); otherwise {@code reason} alone, the
     * cause being for the detail.
     */
    static Bilingual withCause(Bilingual reason, String cause) {
        return Bilingual.parse(cause).map(c -> Bilingual.of(reason.fr() + " (" + c.fr() + ")", reason.en() + " ("
                + c.en() + ")")).orElse(reason);
    }

    // ---- rolled back ----

    /**
     * Why installing {@code module} {@code version} failed, in the step {@code phase} ({@code install}
     * or {@code health}): the failure's own text when it is already French and English (the host's
     * health checks write so), else what Karaf's failure means, named from its kind.
     */
    static Bilingual installFailed(ModuleId module, String version, OperationPhase phase, Throwable failure) {
        var own = Bilingual.parse(failure.getMessage());
        if (own.isPresent() && (phase != OperationPhase.INSTALL || failure instanceof ModuleThreads.Blocked)) {
            return own.get();
        }
        String what = module + " " + version;
        if (failure instanceof ModuleArtifacts.Refused) {
            // Refused by the host's last check, before Karaf read anything.
            return refusedByHost(module, version, failure.getMessage());
        }
        if (phase != OperationPhase.INSTALL) {
            return Bilingual.of(what + " ne fonctionnait pas après son installation ; état précédent rétabli",
                    what + " did not work after its installation; previous state restored");
        }
        if (any(failure, OperationTexts::startFailure)) {
            // Staff see why: the module's own exception (its activator's, most often), not only that it failed.
            // Felix's own exception carries the module's as its cause; Karaf's wrapper only quotes it.
            String why = first(failure, t -> t instanceof BundleException b && b.getCause() != null
                    && (b.getType() == BundleException.ACTIVATOR_ERROR || b.getType() == BundleException.STATECHANGE_ERROR))
                    .or(() -> first(failure, t -> startFailure(t) && t.getCause() != null))
                    .map(OperationTexts::causeOf).orElse(null);
            return Bilingual.of(what + " n'a pas pu démarrer dans Karaf" + (why == null ? "" : " (" + why + ")")
                    + " ; état précédent rétabli", what + " could not start in Karaf" + (why == null ? "" : " (" + why
                    + ")") + "; previous state restored");
        }
        if (any(failure, OperationTexts::resolutionFailure)) {
            return Bilingual.of("les dépendances de " + what + " ne sont pas satisfaites sur cet hôte ; état précédent"
                    + " rétabli", "the requirements of " + what + " are not met on this host; previous state restored");
        }
        return Bilingual.of("Karaf n'a pas pu installer " + what + " ; état précédent rétabli",
                "Karaf could not install " + what + "; previous state restored");
    }

    static Bilingual disableFailed(ModuleId module) {
        return Bilingual.of("Karaf n'a pas pu désactiver " + module + " ; état précédent rétabli",
                "Karaf could not disable " + module + "; previous state restored");
    }

    /** {@code reason}, saying that bringing the previous state back failed too. */
    static Bilingual restoreFailedToo(Bilingual reason) {
        return Bilingual.of(reason.fr() + " ; le rétablissement de l'état précédent a aussi échoué",
                reason.en() + "; restoring the previous state failed too");
    }

    static final Bilingual INTERRUPTED = Bilingual.of("l'hôte s'est arrêté pendant l'opération ; état précédent"
            + " rétabli au redémarrage", "the host stopped during the operation; previous state restored at restart");

    // ---- releases that failed here ----

    /** "la version 2.0.0 a échoué ici le 30/11/2026 à 15:04 : raison", and in English. */
    public static Bilingual failedHere(FailedRelease failed) {
        Bilingual reason = Bilingual.parse(failed.reason()).orElse(new Bilingual(text(failed.reason()),
                text(failed.reason())));
        return Bilingual.of("la version " + failed.version() + " a échoué ici le " + day(failed.failedAt()) + " à "
                + time(failed.failedAt()) + " : " + reason.fr(), "version " + failed.version() + " failed here on "
                + day(failed.failedAt()) + " at " + time(failed.failedAt()) + ": " + reason.en());
    }

    private static String text(String reason) {
        return reason == null || reason.isBlank() ? "?" : reason;
    }

    /** A day in Brussels, as Belgians write it: 30/11/2026. */
    static String day(Instant at) {
        return at == null ? "?" : DAY.format(at.atZone(BRUSSELS));
    }

    static String time(Instant at) {
        return at == null ? "?" : TIME.format(at.atZone(BRUSSELS));
    }

    // ---- kinds of Karaf failures ----

    private static boolean startFailure(Throwable t) {
        if (t instanceof BundleException b && (b.getType() == BundleException.ACTIVATOR_ERROR
                || b.getType() == BundleException.STATECHANGE_ERROR)) {
            return true;
        }
        String message = t.getMessage() == null ? "" : t.getMessage();
        return message.contains("Activator start error") || message.startsWith("Error starting bundle");
    }

    private static boolean resolutionFailure(Throwable t) {
        String message = t.getMessage() == null ? "" : t.getMessage();
        return t.getClass().getSimpleName().equals("ResolutionException") || message.startsWith("Unable to resolve");
    }

    /** Whether {@code test} holds for {@code failure}, one of its causes or of the failures it suppressed. */
    private static boolean any(Throwable failure, java.util.function.Predicate<Throwable> test) {
        return first(failure, test).isPresent();
    }

    /**
     * The module's exception behind a start failure: the cause Felix wrapped (an activator's, a
     * bundle class's), as "Class: message", at most {@link #MAX_CAUSE_CHARS}; empty when it has none.
     */
    private static String causeOf(Throwable startFailure) {
        Throwable cause = startFailure.getCause();
        if (cause == null || cause == startFailure) {
            return null;
        }
        String text = cause.getClass().getSimpleName() + (cause.getMessage() == null || cause.getMessage().isBlank()
                ? "" : ": " + cause.getMessage().strip().replaceAll("\\s+", " "));
        return text.length() > MAX_CAUSE_CHARS ? text.substring(0, MAX_CAUSE_CHARS) + "…" : text;
    }

    /** How much of a module's exception message a reason quotes: staff read it, the detail keeps it all. */
    private static final int MAX_CAUSE_CHARS = 300;

    /** The first of {@code failure}, its causes and the failures it suppressed for which {@code test} holds. */
    private static java.util.Optional<Throwable> first(Throwable failure, java.util.function.Predicate<Throwable> test) {
        Set<Throwable> seen = new HashSet<>();
        java.util.ArrayDeque<Throwable> next = new java.util.ArrayDeque<>();
        next.add(failure);
        while (!next.isEmpty() && seen.size() < 64) {
            Throwable t = next.poll();
            if (!seen.add(t)) {
                continue;
            }
            if (test.test(t)) {
                return java.util.Optional.of(t);
            }
            if (t.getCause() != null) {
                next.add(t.getCause());
            }
            next.addAll(java.util.List.of(t.getSuppressed()));
        }
        return java.util.Optional.empty();
    }
}
