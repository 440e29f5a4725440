package be.imio.platform.trust;

/**
 * Metadata that must not be trusted, with the reason in words an operator can act on. The reason
 * is shown to staff (the host's warning): what it quotes of a document, which anyone serving
 * metadata wrote, goes through {@link #excerpt}.
 */
public class MetadataException extends Exception {

    private static final long serialVersionUID = 1L;
    private static final int EXCERPT = 24;

    /**
     * At most 24 characters of {@code untrusted}, letters, digits, {@code . _ : / -} kept and any
     * other character shown as {@code ?}, followed by {@code …} when cut: enough to recognise a
     * value, too little to carry a message to staff.
     */
    public static String excerpt(String untrusted) {
        if (untrusted == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder();
        for (int i = 0; i < untrusted.length() && kept.length() < EXCERPT; i++) {
            char c = untrusted.charAt(i);
            kept.append(c < 128 && (Character.isLetterOrDigit(c) || ".:_/-".indexOf(c) >= 0) ? c : '?');
        }
        return untrusted.length() > EXCERPT ? kept + "…" : kept.toString();
    }

    public MetadataException(String reason) {
        super(reason);
    }
}
