package be.imio.platform.commune.api;

import java.util.Locale;

/** The step a running operation is at, in order; {@link #RESTORE} only when it failed. */
public enum OperationPhase {
    /** Fetching the release's files and verifying them against the signed metadata. */
    DOWNLOAD,
    /** Karaf installing, updating or removing the module's feature and bundles. */
    INSTALL,
    /** Waiting for the module's components and health check. */
    HEALTH,
    /** Putting back what ran before, after a failure. */
    RESTORE;

    /** {@code download}, {@code install}, {@code health} or {@code restore}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
