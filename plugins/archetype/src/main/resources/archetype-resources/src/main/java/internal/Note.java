package ${package}.internal;

import java.time.Instant;
import java.util.Optional;

/** A note: what a member of staff wrote, who, and when. */
record Note(String text, String writtenBy, Instant writtenAt) {

    /** The longest text a note holds, in characters (the column's size). */
    static final int MAX_LENGTH = 500;

    /**
     * What is wrong with {@code text} as a note's text, as a message key of the module's texts, or
     * nothing when it is fine: present, not blank, at most {@link #MAX_LENGTH} characters.
     */
    static Optional<String> problemWith(String text) {
        if (text == null || text.isBlank()) {
            return Optional.of("note.required");
        }
        if (text.strip().length() > MAX_LENGTH) {
            return Optional.of("note.too_long");
        }
        return Optional.empty();
    }
}
