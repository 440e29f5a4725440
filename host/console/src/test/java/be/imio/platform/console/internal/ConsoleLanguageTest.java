package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The console's language is asked in the address, never read from a form's body. */
class ConsoleLanguageTest {

    @Test
    void readsTheFirstValueOfANameInTheQuery() {
        assertEquals("en", ConsoleContext.queryParameter("lang=en", "lang"));
        assertEquals("fr", ConsoleContext.queryParameter("a=1&lang=fr&lang=en", "lang"));
        assertEquals("en", ConsoleContext.queryParameter("%6Cang=e%6E", "lang"));
        assertEquals("", ConsoleContext.queryParameter("lang", "lang"));
    }

    @Test
    void noQueryOrABrokenEscapeAsksNothing() {
        assertNull(ConsoleContext.queryParameter(null, "lang"));
        assertNull(ConsoleContext.queryParameter("language=en", "lang"));
        assertNull(ConsoleContext.queryParameter("lang=%zz", "lang"));
    }
}
