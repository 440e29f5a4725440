package be.imio.platform.api;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The two roles one distribution can run in. An instance gets its role once, when it is created,
 * and keeps it: the role decides its boot feature and its default configuration.
 */
public enum PlatformRole {

    /** iMio's central repository: receives releases, signs and serves the catalogue. */
    REPOSITORY("repository", "Dépôt central", "Central repository"),

    /** A member's commune host: syncs the catalogue and runs the modules the member enables. */
    HOST("host", "Hôte communal", "Commune host");

    private final String id;
    private final String labelFr;
    private final String labelEn;

    PlatformRole(String id, String labelFr, String labelEn) {
        this.id = id;
        this.labelFr = labelFr;
        this.labelEn = labelEn;
    }

    /** The name used in configuration and on the command line: {@code repository} or {@code host}. */
    public String id() {
        return id;
    }

    /** The role's name as commune staff read it, in French. */
    public String labelFr() {
        return labelFr;
    }

    /** The role's name in English. */
    public String labelEn() {
        return labelEn;
    }

    /**
     * Returns the role named {@code id}, ignoring case and surrounding blanks.
     *
     * @throws IllegalArgumentException naming the accepted values when {@code id} is no role
     */
    public static PlatformRole fromId(String id) {
        String wanted = id == null ? "" : id.trim().toLowerCase(Locale.ROOT);
        for (PlatformRole role : values()) {
            if (role.id.equals(wanted)) {
                return role;
            }
        }
        throw new IllegalArgumentException("unknown role '" + id + "': use one of " + ids());
    }

    /** The accepted role names, for messages: {@code repository, host}. */
    public static String ids() {
        return Arrays.stream(values()).map(PlatformRole::id).collect(Collectors.joining(", "));
    }
}
