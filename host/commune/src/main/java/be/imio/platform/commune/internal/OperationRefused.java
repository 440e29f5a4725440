package be.imio.platform.commune.internal;

/** An operation that cannot be planned: the HTTP status, a stable code and a message fr / en. */
class OperationRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final String code;
    private final Bilingual text;

    OperationRefused(int status, String code, String fr, String en) {
        super(fr + " / " + en);
        this.status = status;
        this.code = code;
        this.text = Bilingual.of(fr, en);
    }

    /** Why, in French and English apart. */
    Bilingual text() {
        return text;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }
}
