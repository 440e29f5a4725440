package be.imio.platform.repository.internal;

/**
 * The reasons people give for what they do at the repository (a revocation, which hosts show to
 * communes; disabling a host; freeing a name), each audited: one sentence or a few, stripped, of
 * 1 to {@value #MAX} characters, without control characters, so that what the audit log, the
 * signed metadata and every host's page show is what was typed.
 */
public final class Reasons {

    public static final int MAX = 500;

    private Reasons() {
    }

    /** {@code raw} stripped when it is an acceptable reason; null when it is not (missing, too long, a control character). */
    public static String of(String raw) {
        String reason = raw == null ? "" : raw.strip();
        return reason.isEmpty() || reason.length() > MAX || reason.codePoints().anyMatch(Character::isISOControl)
                ? null : reason;
    }
}
