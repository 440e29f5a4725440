package be.imio.platform.commune.api;

import java.time.Instant;

/**
 * A release iMio requires this host to take by a date (a security fix), from signed metadata:
 * {@code module} runs {@code runs} and is to run {@code version}. {@code requiredBy} is iMio's
 * deadline and {@code reason} why (iMio's words); {@code deferLimit} the latest date an
 * administrator may defer it to, once ({@code deferrable} while that is still possible);
 * {@code due} when the host applies it in its maintenance window, whatever the module's policy or
 * pin: the deferral's date, else the deadline. {@code heldBy} says why the host cannot take it yet,
 * or is null: {@code running}, {@code halted}, {@code aborted} (a staged rollout has not reached
 * this host), {@code incompatible} (made for a host API this host does not export), {@code failed}
 * (it failed here and is not tried again by itself). {@code deferral} is its deferral here, or null.
 *
 * @since 1.3
 */
public record MandatoryUpdate(ModuleId module, String runs, String version, Instant requiredBy, String reason,
        Instant deferLimit, boolean deferrable, Instant due, String heldBy, Deferral deferral) {

    /** A deferral by this host's administrator {@code by}, at {@code at}, until {@code until}, for {@code reason}. */
    public record Deferral(Instant until, String reason, String by, Instant at) {
    }
}
