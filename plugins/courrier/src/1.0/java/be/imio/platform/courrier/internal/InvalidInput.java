package be.imio.platform.courrier.internal;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/** What is wrong with a request, field by field, for the person who typed it, in their language. */
final class InvalidInput extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient JsonFields fields;
    private final boolean conflict;

    InvalidInput(JsonFields fields) {
        this(fields, false);
    }

    /** {@code conflict}: the input is well formed but the present state refuses it (409 in the API). */
    InvalidInput(JsonFields fields, boolean conflict) {
        super(String.join("; ", fields.problems(Texts.ENGLISH).values()));
        this.fields = fields;
        this.conflict = conflict;
    }

    boolean conflict() {
        return conflict;
    }

    JsonFields fields() {
        return fields;
    }
}
