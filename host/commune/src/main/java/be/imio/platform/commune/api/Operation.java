package be.imio.platform.commune.api;

import java.time.Instant;
import java.util.Locale;


/**
 * A row of {@code HOST_OPERATION}: one asked change of one module, from its plan to its outcome.
 * {@code module} is the short name, {@code groupId} the group of the module it was asked for (null
 * for the host's own operations, and for operations journalled before groups were recorded).
 * {@code fromVersion} is the module's version when the operation was asked, then, once it has
 * started, when it started. {@code reason} is for staff, in French and English
 * ({@code "français / English"}); {@code detail} is the technical message behind it, if any.
 * {@code toVersion} is the version it goes to; {@code policy} the policy a {@link Action#POLICY}
 * sets (null for every other action). {@code reasonMessage} is {@code reason} as a {@link Message},
 * to show in the reader's language (null when the operation has no reason, for settings changes,
 * and for rows journalled before messages were).
 */
public record Operation(long id, String module, String groupId, Action action, String fromVersion, String toVersion, State state,
        String requestedBy, String requestedFrom, Instant requestedAt, Instant startedAt, Instant finishedAt,
        String reason, String detail, UpdatePolicy policy, Message reasonMessage) {

    /** Who asks an operation that a module's update policy planned: {@code policy:automatic}. */
    /**
     * Why it ended as it did, to show in the reader's language: {@code reasonMessage}, or for an
     * operation journalled before messages were, its {@code reason}'s French and English; null when
     * it has no reason (it succeeded, or has not ended).
     */
    public Message reasonWords() {
        return reasonMessage != null ? reasonMessage : reason == null || reason.isBlank() ? null : Message.journalled(reason);
    }

    public static final String BY_POLICY = "policy:";

    /** The module this operation is about, or null for the host's own and for old rows without a group. */
    public ModuleId moduleId() {
        return groupId == null || HOST.equals(module) ? null : new ModuleId(groupId, module);
    }

    /** The "module" of operations on the host itself; no module can be named so. */
    public static final String HOST = "*";

    public enum Action {
        ENABLE, DISABLE, UPDATE, ROLLBACK, PIN, UNPIN, POLICY,
        /** A change of the host's settings, journalled as done; its module is {@link Operation#HOST}. */
        SETTINGS,
        /**
         * A mandatory update deferred by an administrator, journalled as done: to the required
         * version ({@link Operation#toVersion()}), with the administrator's reason and the new date.
         * @since 1.3
         */
        DEFER;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Action fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    public enum State {
        /** Journalled, waiting for the operations before it. */
        QUEUED,
        /** Being carried out; after a crash, found in this state and reconciled. */
        RUNNING,
        SUCCEEDED,
        /** Refused or failed before anything changed. */
        FAILED,
        /** Failed after Karaf had changed, and the previous state was restored. */
        ROLLED_BACK,
        /** The host stopped while it ran; the previous state was restored at the next start. */
        INTERRUPTED,
        /**
         * Not carried out: when its turn came it no longer made sense given the module's state (a
         * disable of a disabled module, an update queued behind a disable...). Nothing changed.
         */
        SKIPPED;

        public String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        public boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }

        public static State fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
