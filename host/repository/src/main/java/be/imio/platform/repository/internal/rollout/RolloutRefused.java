package be.imio.platform.repository.internal.rollout;

/** Why a rollout or a change of one is refused: the API's status and code, the text's key and its arguments. */
public final class RolloutRefused extends Exception {

    private static final long serialVersionUID = 1L;
    private final int status;
    private final String code;
    private final transient Object[] arguments;

    RolloutRefused(int status, String code, String key, Object... arguments) {
        super(key);
        this.status = status;
        this.code = code;
        this.arguments = arguments.clone();
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    /** The key of the refusal's words in the repository's texts. */
    public String key() {
        return getMessage();
    }

    public Object[] arguments() {
        return arguments.clone();
    }
}
