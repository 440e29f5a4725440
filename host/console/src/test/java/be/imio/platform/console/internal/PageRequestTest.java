package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A page's words, filled once: what people typed is shown as typed, escaped, never filled in turn. */
class PageRequestTest {

    private static PageRequest page() {
        return new PageRequest(ConsoleFakes.Asked.of("GET", "/fleet").request(), null, "", ConsoleFakes.texts("pages/"),
                null);
    }

    @Test
    void anArgumentHoldingAPlaceholderIsShownAsTyped() {
        assertEquals("&lt;b&gt;{1}&lt;/b&gt; a écrit : « conseil {0} »", page().html("page.said", "<b>{1}</b>",
                "conseil {0}"));
        assertEquals("namur a écrit : « {1} »", page().html("page.said", "namur"), "a missing argument stays a placeholder");
        assertEquals("&amp; a écrit : « &quot;x&quot; »", page().html("page.said", "&", "\"x\""));
    }
}
