package be.imio.platform.trust;

/** Metadata that must not be trusted, with the reason in words an operator can act on. */
public class MetadataException extends Exception {

    private static final long serialVersionUID = 1L;

    public MetadataException(String reason) {
        super(reason);
    }
}
