package be.imio.platform.repository.internal.release;

/** An upload the repository does not accept: the HTTP status, a stable code and the reason. */
public final class ReleaseRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;

    public ReleaseRefused(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /**
     * The English part of the message: messages are written "français / English"; the whole
     * message when it has no English part.
     */
    public String english() {
        String message = getMessage() == null ? "" : getMessage();
        int split = message.indexOf(" / ");
        return split < 0 ? message : message.substring(split + 3);
    }
}
