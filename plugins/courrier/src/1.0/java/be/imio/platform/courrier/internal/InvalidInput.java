package be.imio.platform.courrier.internal;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;

/** What is wrong with a request, field by field, for the person who typed it, in their language. */
final class InvalidInput extends Exception {

    private static final long serialVersionUID = 1L;

    private final transient JsonFields fields;

    InvalidInput(JsonFields fields) {
        super(String.join("; ", fields.problems(Texts.ENGLISH).values()));
        this.fields = fields;
    }

    JsonFields fields() {
        return fields;
    }
}
