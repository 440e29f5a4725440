package ${package}.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;

import org.junit.jupiter.api.Test;

/** What a note's text must be: checked before anything is written. */
class NoteTest {

    @Test
    void aNoteHasATextOfAtMostItsColumnsLength() {
        assertEquals(Optional.empty(), Note.problemWith("Réunion du collège reportée au 12/01."));
        assertEquals(Optional.of("note.required"), Note.problemWith(null));
        assertEquals(Optional.of("note.required"), Note.problemWith("   "));
        assertEquals(Optional.empty(), Note.problemWith("é".repeat(Note.MAX_LENGTH)));
        assertEquals(Optional.of("note.too_long"), Note.problemWith("é".repeat(Note.MAX_LENGTH + 1)));
    }
}
