package be.imio.platform.commune.internal.lifecycle;

import java.time.Instant;
import java.util.HashSet;
import java.util.Set;

import org.osgi.framework.BundleException;

import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.api.OperationPhase;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.Refusal;
import be.imio.platform.commune.internal.sync.ModuleArtifacts;
import be.imio.platform.commune.internal.mount.ModuleThreads;
import be.imio.platform.commune.internal.texts.Bilingual;
import be.imio.platform.commune.internal.texts.Worded;

/**
 * Every text staff read about how an operation ended, in French and English: why it was skipped,
 * why it failed or was rolled back, and which releases failed on this host. The technical message
 * (Karaf's, Java's, the repository's) never stands alone as a reason: it goes to the operation's
 * detail and to {@code karaf.log}.
 */
public final class OperationTexts {


    private OperationTexts() {
    }

    // ---- skipped or refused when its turn came ----

    /** A refusal met when the operation's turn came (the module's state changed since it was asked). */
    static Bilingual whenItsTurnCame(Refusal refused) {
        return Bilingual.of(Message.of("reason.when-its-turn-came", refused.asMessage()));
    }

    static Bilingual previousChanged(ModuleId module, String asked, String now) {
        return Bilingual.of(Message.of("reason.previous-changed", module, asked, now));
    }

    static Bilingual alreadyPinned(ModuleId module, String version) {
        return Bilingual.of(Message.of("reason.already-pinned", module, version));
    }

    static Bilingual policyChanged(ModuleId module, String asked, String now) {
        return Bilingual.of(Message.of("reason.policy-changed", module, asked, now));
    }

    static Bilingual failedBefore(ModuleId module, FailedRelease failed) {
        return Bilingual.of(Message.of("reason.failed-before", module, failed.version(), day(failed.failedAt()),
                time(failed.failedAt())));
    }

    static Bilingual unknownGroup(String module) {
        return Bilingual.of(Message.of("reason.unknown-group", module));
    }

    // ---- failed before anything changed ----

    static Bilingual noLongerInCatalogue(ModuleId module, String version) {
        return Bilingual.of(Message.of("reason.no-longer-in-catalogue", module, version));
    }

    static Bilingual revoked(ModuleId module, String version) {
        return Bilingual.of(Message.of("reason.revoked", module, version));
    }

    /** {@code cause}: the host's own failure, quoted in the reason when it is {@link Worded} or one French / English pair. */
    static Bilingual refusedByHost(ModuleId module, String version, Throwable cause) {
        return withCause(Message.of("reason.refused-by-host", module, version), cause);
    }

    static Bilingual notAsSigned(ModuleId module, String version, Throwable cause) {
        return withCause(Message.of("reason.not-as-signed", module, version), cause);
    }

    static Bilingual notDownloaded(ModuleId module, String version, Throwable cause) {
        return withCause(Message.of("reason.not-downloaded", module, version), cause);
    }

    /**
     * {@code reason} with {@code cause} in brackets: its {@link Message} when it is {@link Worded}
     * (the host's own failures are), shown in the reader's language; or, from a message that reads
     * as one French / English pair, each language its part; otherwise {@code reason} alone, the
     * cause being for the detail.
     */
    static Bilingual withCause(Message reason, Throwable cause) {
        java.util.Optional<Message> quoted = cause instanceof Worded worded ? java.util.Optional.of(worded.words().message())
                : Bilingual.parse(cause.getMessage()).map(Bilingual::message);
        return Bilingual.of(quoted.map(c -> Message.of("reason.with-cause", reason, c)).orElse(reason));
    }

    // ---- rolled back ----

    /**
     * Why installing {@code module} {@code version} failed, in the step {@code phase} ({@code install}
     * or {@code health}): the failure's own words when it has them (the host's health checks and
     * refusals are {@link Worded}), else what Karaf's failure means, named from its kind.
     */
    static Bilingual installFailed(ModuleId module, String version, OperationPhase phase, Throwable failure) {
        if (failure instanceof Worded worded && (phase != OperationPhase.INSTALL || failure instanceof ModuleThreads.Blocked)) {
            return worded.words();
        }
        var own = Bilingual.parse(failure.getMessage());
        if (own.isPresent() && phase != OperationPhase.INSTALL) {
            return own.get();
        }
        if (failure instanceof ModuleArtifacts.Refused) {
            // Refused by the host's last check, before Karaf read anything.
            return refusedByHost(module, version, failure);
        }
        if (phase != OperationPhase.INSTALL) {
            return Bilingual.of(Message.of("reason.did-not-work", module, version));
        }
        if (any(failure, OperationTexts::startFailure)) {
            // Staff see why: the module's own exception (its activator's, most often), not only that it failed.
            // Felix's own exception carries the module's as its cause; Karaf's wrapper only quotes it.
            String why = first(failure, t -> t instanceof BundleException b && b.getCause() != null
                    && (b.getType() == BundleException.ACTIVATOR_ERROR || b.getType() == BundleException.STATECHANGE_ERROR))
                    .or(() -> first(failure, t -> startFailure(t) && t.getCause() != null))
                    .map(OperationTexts::causeOf).orElse(null);
            return Bilingual.of(why == null ? Message.of("reason.could-not-start", module, version)
                    : Message.of("reason.could-not-start-because", module, version, why));
        }
        if (any(failure, OperationTexts::resolutionFailure)) {
            return Bilingual.of(Message.of("reason.requirements-not-met", module, version));
        }
        return Bilingual.of(Message.of("reason.could-not-install", module, version));
    }

    static Bilingual disableFailed(ModuleId module) {
        return Bilingual.of(Message.of("reason.could-not-disable", module));
    }

    /** {@code reason}, saying that bringing the previous state back failed too. */
    static Bilingual restoreFailedToo(Bilingual reason) {
        return Bilingual.of(Message.of("reason.restore-failed-too", reason.message()));
    }

    static final Bilingual INTERRUPTED = Bilingual.of(Message.of("reason.interrupted"));

    // ---- releases that failed here ----

    /** "la version 2.0.0 a échoué ici le 30/11/2026 à 15:04 : raison", and in English. */
    public static Bilingual failedHere(FailedRelease failed) {
        return Bilingual.of(failed.message());
    }

    /** A day in Brussels, as Belgians write it: 30/11/2026. */
    static Message day(Instant at) {
        return at == null ? Message.pair("?", "?") : Message.day(at);
    }

    static Message time(Instant at) {
        return at == null ? Message.pair("?", "?") : Message.time(at);
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
