package be.imio.platform.commune.api;

import java.time.Instant;

/**
 * A release of a module that failed on this host: an operation installing it was rolled back, or
 * failed before anything changed (its files could not be fetched or verified, the host refused its
 * contents), and no operation installed it with success since. Read from the journal ({@code HOST_OPERATION}), so
 * it survives restarts and needs no table of its own. The host's policies never try such a release
 * again by themselves; a person may.
 *
 * <p>An interrupted operation (the host stopped) is not the release's failure, and a version the
 * module runs now, enabled, works here whatever happened before.
 *
 * <p>{@code rolledBack} (since 1.2) is true when the release was installed and rolled back, false
 * when its install failed before anything changed.
 *
 * <p>{@code reason} is the failed operation's reason in French then English
 * ({@code "français / English"}); {@code reasonMessage} the same as a {@link Message}, to show in
 * the reader's language (null for operations journalled before messages were).
 */
public record FailedRelease(String version, Instant failedAt, long operation, String reason, String detail,
        Message reasonMessage, boolean rolledBack) {

    /**
     * A release that failed, not said whether it was rolled back.
     *
     * @deprecated since 1.2: {@code rolledBack} says whether it was installed then rolled back
     *     ({@code rolled_back}), or failed before anything changed ({@code failed})
     */
    @Deprecated
    public FailedRelease(String version, Instant failedAt, long operation, String reason, String detail,
            Message reasonMessage) {
        this(version, failedAt, operation, reason, detail, reasonMessage, true);
    }

    /**
     * "la version 2.0.0 a échoué ici le 30/11/2026 à 15:04 : raison", in each language: its
     * reason as a message when the journal kept one, else its French and English words.
     */
    public Message message() {
        Message why = reasonMessage != null ? reasonMessage : Message.journalled(reason);
        return failedAt == null ? Message.of("reason.failed-here", version, Message.pair("?", "?"), Message.pair("?", "?"), why)
                : Message.of("reason.failed-here", version, Message.day(failedAt), Message.time(failedAt), why);
    }
}
