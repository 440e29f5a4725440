package be.imio.platform.commune.internal;

import java.time.Instant;
import java.util.Locale;

/** A row of {@code HOST_OPERATION}: one asked change of one module, from its plan to its outcome. */
record Operation(long id, String module, Action action, String fromVersion, String toVersion, State state,
        String requestedBy, String requestedFrom, Instant requestedAt, Instant startedAt, Instant finishedAt,
        String reason) {

    /** The "module" of operations on the host itself; no module can be named so. */
    static final String HOST = "*";

    enum Action {
        ENABLE, DISABLE, UPDATE, ROLLBACK, PIN, UNPIN, POLICY,
        /** A change of the host's settings, journalled as done; its module is {@link Operation#HOST}. */
        SETTINGS;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Action fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }

    enum State {
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
        INTERRUPTED;

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }

        boolean isFinal() {
            return this != QUEUED && this != RUNNING;
        }

        static State fromId(String id) {
            return valueOf(id.toUpperCase(Locale.ROOT));
        }
    }
}
