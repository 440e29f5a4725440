package be.imio.platform.trust;

import java.util.Locale;

/**
 * The four metadata roles. Root names the keys of every role; targets pins every artifact;
 * snapshot pins the version of targets; timestamp, short-lived, pins the snapshot.
 */
public enum Role {
    ROOT, TARGETS, SNAPSHOT, TIMESTAMP;

    /** The name used in documents and file names: {@code root}, {@code targets}... */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The file the role's current document is published as, for example {@code timestamp.json}. */
    public String fileName() {
        return id() + ".json";
    }
}
