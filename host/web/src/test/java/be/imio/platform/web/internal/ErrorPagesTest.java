package be.imio.platform.web.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** What the platform answers for an error the container raises. */
class ErrorPagesTest {

    @Test
    void everyStatusHasAStableCodeAndWordsInFrenchAndEnglish() {
        assertEquals("method_not_allowed", ErrorPages.wording(405).code());
        assertEquals("not_found", ErrorPages.wording(404).code());
        assertEquals("bad_request", ErrorPages.wording(400).code());
        // Statuses without words of their own get their class's, and a code that names them.
        assertEquals("http_431", ErrorPages.wording(431).code());
        assertEquals("Requête refusée.", ErrorPages.wording(431).in(be.imio.platform.api.Texts.FRENCH));
        assertEquals("Anfrage abgelehnt.", ErrorPages.wording(431).in(be.imio.platform.api.Texts.GERMAN));
        assertEquals("http_502", ErrorPages.wording(502).code());
        assertEquals(ErrorPages.wording(500).in(be.imio.platform.api.Texts.ENGLISH),
                ErrorPages.wording(502).in(be.imio.platform.api.Texts.ENGLISH));
    }

    @Test
    void programsAddressesGetJsonAndPeoplesAPage() {
        for (String program : new String[] {"/api/status", "/api", "/repository/maven/be/x.jar", "/repository/metadata/1.root.json",
                "/health", "/health/x", "/repository"}) {
            assertFalse(ErrorPages.forPeople(program), program);
        }
        for (String page : new String[] {"/console/login", "/modules/courrier/", "/", "/apiculture", "/healthy", null}) {
            assertTrue(ErrorPages.forPeople(page), String.valueOf(page));
        }
    }
}
