package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;

/** The language links of a module's page lead to the same page in another language, even from a form's answer. */
class ModuleFrameTest {

    private static ConsoleFakes.Asked modulePage(String method, String pathAndQuery) {
        return ConsoleFakes.Asked.of(method, pathAndQuery).attribute("servletPath", "/salles").attribute("contextPath", "/modules")
                .header("Host", "127.0.0.1:8181");
    }

    @Test
    void aPageKeepsItsAddressAndQueryAndOnlyTheLanguageChanges() {
        // The fakes' request URI is the console's; what counts is that the query is kept, lang and done replaced.
        String links = ModuleFrame.languageLinks(modulePage("GET", "/").query("date=04%2F12%2F2026&room=2&lang=fr&done=booked")
                .request(), Texts.FRENCH);
        assertEquals("<a href=\"/console/?date=04%2F12%2F2026&amp;room=2&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>"
                + " <a href=\"/console/?date=04%2F12%2F2026&amp;room=2&amp;lang=de\" hreflang=\"de\" lang=\"de\">Deutsch</a>",
                links);
    }

    @Test
    void theAnswerToAFormLeadsToThePageTheFormWasOnInAnotherLanguage() {
        String links = ModuleFrame.languageLinks(modulePage("POST", "/bookings")
                .header("Referer", "http://127.0.0.1:8181/modules/salles/book?room=2&lang=de").request(), Texts.GERMAN);
        assertEquals("<a href=\"/modules/salles/book?room=2&amp;lang=fr\" hreflang=\"fr\" lang=\"fr\">Français</a>"
                + " <a href=\"/modules/salles/book?room=2&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>", links);
    }

    @Test
    void aFormFromElsewhereLeadsToTheModulesHomePage() {
        for (String referer : new String[] {"http://evil.example/modules/salles/book", "http://127.0.0.1:8181/modules/courrier/new",
                "http://127.0.0.1:8181/modules/salles/../../console/settings", null}) {
            ConsoleFakes.Asked asked = modulePage("POST", "/bookings");
            if (referer != null) {
                asked.header("Referer", referer);
            }
            String links = ModuleFrame.languageLinks(asked.request(), Texts.FRENCH);
            assertEquals("<a href=\"/modules/salles/?lang=en\" hreflang=\"en\" lang=\"en\">English</a>"
                    + " <a href=\"/modules/salles/?lang=de\" hreflang=\"de\" lang=\"de\">Deutsch</a>", links, String.valueOf(referer));
        }
    }
}
