package be.imio.platform.repository.internal.release;

import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.trust.PolicyViolation;

/**
 * An upload the repository does not accept: the HTTP status, a stable code and the reason, a
 * {@link Message} put into the reader's language only when answered. Its exception message is the
 * English one, for logs.
 */
public final class ReleaseRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final transient Message reason;

    public ReleaseRefused(int status, String code, Message reason) {
        super(reason.in(Texts.ENGLISH));
        this.status = status;
        this.code = code;
        this.reason = reason;
    }

    /** The text {@code key} of {@code repository.properties} with {@code arguments}. */
    public ReleaseRefused(int status, String code, String key, Object... arguments) {
        this(status, code, RepositoryTexts.message(key, arguments));
    }

    /** A release rule of the trust bundle broken, answered with {@code status} and the rule's own words. */
    public static ReleaseRefused of(PolicyViolation violation, int status) {
        return new ReleaseRefused(status, violation.code(), violation.words());
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The reason, to put into the reader's language. */
    public Message reason() {
        return reason;
    }
}
