package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** After log-in the browser goes back where it was, but only to a page of this console or of a module. */
class ConsoleLoginTest {

    @Test
    void pagesOfTheConsoleAndOfModulesAreKept() {
        assertEquals("/console/activity?module=courrier", ConsoleLogin.next("/console/activity?module=courrier"));
        assertEquals("/modules/courrier/", ConsoleLogin.next("/modules/courrier/"));
    }

    @Test
    void anythingElseGoesToTheDashboard() {
        for (String elsewhere : new String[] {null, "", "https://evil.example/", "//evil.example/console/",
                "/console", "/api/host/status", "/console/../api/host/status", "/console/\\evil", "/console/\r\nX: y",
                "javascript:alert(1)"}) {
            assertEquals("/console/", ConsoleLogin.next(elsewhere), String.valueOf(elsewhere));
        }
    }
}
