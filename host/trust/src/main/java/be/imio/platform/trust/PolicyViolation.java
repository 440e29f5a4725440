package be.imio.platform.trust;

/**
 * Why a file is refused by one of the platform's release rules ({@link ArchiveLayout},
 * {@link ManifestPolicy}, {@link FeaturesPolicy}): the HTTP status the repository answers with, a
 * stable code for programs ({@code ambiguous_archive}, {@code outside_namespace},
 * {@code features_element_not_allowed}...) and the reason in French and English. The repository
 * and the hosts apply the same rules and report the same codes.
 */
public final class PolicyViolation extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final String french;
    private final String english;

    PolicyViolation(int status, String code, String french, String english) {
        super(french + " / " + english);
        this.status = status;
        this.code = code;
        this.french = french;
        this.english = english;
    }

    /** 400 for a file that breaks a rule, 403 for one outside the publisher's namespaces. */
    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String french() {
        return french;
    }

    public String english() {
        return english;
    }
}
