package be.imio.platform.courrier.internal;

import java.util.Map;

/** What is wrong with a request, field by field, in French then English, for the person who typed it. */
final class InvalidInput extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient Map<String, String> fields;

    InvalidInput(Map<String, String> fields) {
        super(String.join("; ", fields.values()));
        this.fields = Map.copyOf(fields);
    }

    Map<String, String> fields() {
        return fields;
    }
}
