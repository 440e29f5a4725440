package be.imio.platform.console.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.web.PageFrame;
import be.imio.platform.console.api.ConsoleMenu;
import be.imio.platform.console.api.ConsolePage;
import be.imio.platform.web.access.FormTokens;
import be.imio.platform.console.api.ConsoleRequest;

/**
 * The console's pages as a person meets them: each registered page at its label, framed, with a
 * navigation of the pages registered now in the reader's language; a change refused, and the page
 * never called, without the administrator role or the session's token.
 */
class ConsoleServletTest {

    private static final String TOKEN = "s3ssion-t0ken";

    /** A page that writes what it was asked, and remembers it. */
    static class Page implements ConsolePage {
        final String label;
        final String category;
        final int order;
        final List<String> calls = new ArrayList<>();

        Page(String label, String category, int order) {
            this.label = label;
            this.category = category;
            this.order = order;
        }

        @Override
        public String label() {
            return label;
        }

        @Override
        public String titleKey() {
            return "page." + label;
        }

        @Override
        public String category() {
            return category;
        }

        @Override
        public int order() {
            return order;
        }

        @Override
        public void get(ConsoleRequest request) throws IOException {
            calls.add("GET " + request.path());
            request.page(200, request.text(titleKey()), label, "<p id=\"shown\">" + request.user() + " "
                    + request.dateTime(java.time.Instant.parse("2026-12-01T13:05:00Z")) + "</p>");
        }

        @Override
        public void post(ConsoleRequest request) throws IOException {
            calls.add("POST " + request.path());
            request.seeOther("/console/" + label);
        }
    }

    private final Page releases = new Page("releases", ConsolePage.MAIN, 10);
    private final Page hosts = new Page("hosts", ConsolePage.MAIN, 20);
    private final Page detail = new Page("detail", null, 30);
    private final ConsoleServlet servlet = new ConsoleServlet(ConsoleFakes.texts(""), ConsoleFakes.instance("iMio <dépôt>"));

    ConsoleServletTest() {
        for (Page page : List.of(hosts, releases, detail)) {
            servlet.addPage(page, ConsoleFakes.registeredBy(ConsoleFakes.bundle("pages/")));
        }
    }

    private static ConsoleFakes.Asked asked(String method, String path, Locale language, String... roles) {
        return ConsoleFakes.Asked.of(method, path).attribute(WebContexts.LANGUAGE, language)
                .attribute(WebContexts.ROLES, Set.of(roles)).attribute(WebContexts.CSRF, TOKEN).attribute("user", "marie")
                .header("Host", "127.0.0.1:8180");
    }

    private ConsoleFakes.Answer send(ConsoleFakes.Asked asked) throws Exception {
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();
        if (asked.method().equals("POST")) {
            servlet.doPost(asked.request(), answer.response());
        } else {
            servlet.doGet(asked.request(), answer.response());
        }
        return answer;
    }

    @Test
    void eachPageAnswersItsLabelAndWhatIsBelowItInTheFrame() throws Exception {
        ConsoleFakes.Answer answer = send(asked("GET", "/hosts/h-12", Texts.GERMAN, "viewer"));

        assertEquals(List.of("GET /h-12"), hosts.calls);
        assertEquals(200, answer.status);
        String page = answer.body.toString();
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"), page);
        assertTrue(page.contains("<p class=\"instance\">iMio &lt;dépôt&gt;</p>"), page);
        assertTrue(page.contains("marie (nur Lesen)"), page);
        assertTrue(page.contains("<nav class=\"menu\" aria-label=\"Hauptnavigation\"><ul>"
                + "<li><a href=\"/console/releases\">Veröffentlichungen</a></li>"
                + "<li><a href=\"/console/hosts\" aria-current=\"page\">Hosts</a></li></ul></nav>"), page);
        assertTrue(page.contains("<p id=\"shown\">marie 01.12.2026 14:05</p>"), "Brussels time, German style: " + page);
        assertTrue(page.contains("name=\"csrf\" value=\"" + TOKEN + "\""), "the log-out form carries the token");
        assertFalse(page.contains("Détail"), "a page reached by links only is not in the navigation");
    }

    @Test
    void aModulesPageIsFramedLikeTheConsoleWithItsOwnPagesAndNeverTheConsolesToken() throws Exception {
        servlet.addMenu(language -> List.of(new ConsoleMenu.Entry("/modules/courrier/", "Postregister", "courrier")));
        ConsoleFakes.Asked asked = asked("GET", "/new", Texts.GERMAN, "admin").attribute("servletPath", "/courrier")
                .attribute(WebContexts.FORM_TOKEN, "m0dule-t0ken").attribute(FormTokens.LOG_OUT_ATTRIBUTE, "l0g-0ut");
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();
        servlet.write(asked.request(), answer.response(), new PageFrame.Page(400, "Brief <registrieren>",
                "Fehler: Brief <registrieren>", "<p>Formular</p>",
                List.of(new PageFrame.Link("/modules/courrier/", "Register", false),
                        new PageFrame.Link("/modules/courrier/new", "Neu", true)), false));

        assertEquals(400, answer.status);
        String page = answer.body.toString();
        assertTrue(page.startsWith("<!DOCTYPE html>\n<html lang=\"de\">"), page);
        assertTrue(page.contains("<a class=\"skip-link\" href=\"#main\">"), page);
        assertTrue(page.contains("<link rel=\"stylesheet\" href=\"/console/static/console.css\">"), page);
        assertTrue(page.contains("marie (Administrator)"), page);
        assertTrue(page.contains("<a data-module=\"courrier\" href=\"/modules/courrier/\" aria-current=\"true\">Postregister</a>"),
                page);
        assertTrue(page.contains("<li><a href=\"/console/releases\">Veröffentlichungen</a></li>"), "the console's pages: " + page);
        assertTrue(page.contains("<nav class=\"menu module-menu\" aria-label=\"Postregister\"><ul>"
                + "<li><a href=\"/modules/courrier/\">Register</a></li>"
                + "<li><a href=\"/modules/courrier/new\" aria-current=\"page\">Neu</a></li></ul></nav>"), page);
        assertTrue(page.contains("<main id=\"main\" tabindex=\"-1\"><h1>Brief &lt;registrieren&gt;</h1><p>Formular</p></main>"),
                page);
        assertTrue(page.contains("<title>Fehler: Brief &lt;registrieren&gt; — Postregister</title>"), page);
        assertTrue(page.contains("<form id=\"logout-form\" method=\"post\" action=\"/console/logout\"><input type=\"hidden\""
                + " name=\"csrf\" value=\"l0g-0ut\">"), "log-out with the log-out token: " + page);
        assertFalse(page.contains(TOKEN) || page.contains("m0dule-t0ken"), "the frame holds neither the console's nor the module's token");
        assertFalse(page.contains("console.js"), "nor the console's script");
    }

    @Test
    void aCitizensPageHasThePublicFrameWithoutStaffNavigationOrAccount() throws Exception {
        servlet.addMenu(language -> List.of(new ConsoleMenu.Entry("/modules/conseil/", "Conseil communal", "conseil")));
        ConsoleFakes.Asked asked = ConsoleFakes.Asked.of("GET", "/public/").attribute("servletPath", "/conseil")
                .header("Host", "127.0.0.1:8180");
        ConsoleFakes.Answer answer = new ConsoleFakes.Answer();
        servlet.write(asked.request(), answer.response(), new PageFrame.Page(200, "Ordre du jour", "Ordre du jour", "<p>public</p>",
                List.of(new PageFrame.Link("/modules/conseil/public/", "Ordre du jour", true)), true));

        String page = answer.body.toString();
        assertTrue(page.contains("<header class=\"top\"><p class=\"brand\">iMio &lt;dépôt&gt;</p>"), page);
        assertTrue(page.contains("<a href=\"/modules/conseil/public/\" aria-current=\"page\">Ordre du jour</a>"), page);
        assertFalse(page.contains("/console/releases") || page.contains("logout") || page.contains("data-module"), page);
        assertTrue(page.contains("<title>Ordre du jour — iMio &lt;dépôt&gt;</title>"), "named after the instance, not the console: " + page);
        assertTrue(page.contains("<nav class=\"menu module-menu\" aria-label=\"Conseil communal\">"), page);
    }

    @Test
    void withoutAHomePageTheConsoleOpensOnTheFirstPageOfTheNavigation() throws Exception {
        ConsoleFakes.Answer answer = send(asked("GET", "/", Texts.FRENCH, "admin"));

        assertEquals(303, answer.status);
        assertEquals("/console/releases", answer.header("Location"));
    }

    @Test
    void anAddressNoPageAnswersIsAFramedNotFound() throws Exception {
        ConsoleFakes.Answer answer = send(asked("GET", "/nothing", Texts.ENGLISH, "admin"));

        assertEquals(404, answer.status);
        assertTrue(answer.body.toString().contains("This page does not exist."), answer.body.toString());
        assertTrue(answer.body.toString().contains("<li><a href=\"/console/releases\">Releases</a></li>"));
    }

    @Test
    void aPageThatGoesAwayLeavesTheNavigation() throws Exception {
        servlet.removePage(hosts);

        ConsoleFakes.Answer answer = send(asked("GET", "/releases", Texts.FRENCH, "admin"));

        assertFalse(answer.body.toString().contains("/console/hosts"), answer.body.toString());
        assertEquals(404, send(asked("GET", "/hosts", Texts.FRENCH, "admin")).status);
    }

    @Test
    void anAdministratorsChangeFromThisConsoleWithItsTokenReachesThePage() throws Exception {
        ConsoleFakes.Answer answer = send(asked("POST", "/releases", Texts.FRENCH, "admin")
                .header("Origin", "http://127.0.0.1:8180").parameter("csrf", TOKEN));

        assertEquals(List.of("POST "), releases.calls);
        assertEquals(303, answer.status);
    }

    @Test
    void aChangeWithoutTheTokenOrFromAViewerIsRefusedAndThePageNeverCalled() throws Exception {
        ConsoleFakes.Answer noToken = send(asked("POST", "/releases", Texts.FRENCH, "admin")
                .header("Origin", "http://127.0.0.1:8180"));
        ConsoleFakes.Answer forged = send(asked("POST", "/releases", Texts.FRENCH, "admin")
                .header("Origin", "http://127.0.0.1:8180").parameter("csrf", "forged"));
        ConsoleFakes.Answer inAddress = send(asked("POST", "/releases", Texts.FRENCH, "admin")
                .header("Origin", "http://127.0.0.1:8180").parameter("csrf", TOKEN).query("csrf=" + TOKEN));
        ConsoleFakes.Answer elsewhere = send(asked("POST", "/releases", Texts.FRENCH, "admin")
                .header("Origin", "https://evil.example").parameter("csrf", TOKEN));
        ConsoleFakes.Answer viewer = send(asked("POST", "/releases", Texts.FRENCH, "viewer")
                .header("Origin", "http://127.0.0.1:8180").parameter("csrf", TOKEN));

        for (ConsoleFakes.Answer refused : List.of(noToken, forged, inAddress, elsewhere)) {
            assertEquals(403, refused.status);
            assertTrue(refused.body.toString().contains("Jeton de sécurité absent ou périmé"), refused.body.toString());
        }
        assertEquals(403, viewer.status);
        assertTrue(viewer.body.toString().contains("Ce compte peut consulter mais pas modifier"), viewer.body.toString());
        assertEquals(List.of(), releases.calls);
    }

    @Test
    void aPageThatFailsGivesAPageThatSaysSo() throws Exception {
        servlet.addPage(new Page("broken", ConsolePage.MAIN, 40) {
            @Override
            public void get(ConsoleRequest request) {
                throw new IllegalStateException("bug");
            }
        }, ConsoleFakes.registeredBy(ConsoleFakes.bundle("pages/")));

        ConsoleFakes.Answer answer = send(asked("GET", "/broken", Texts.FRENCH, "admin"));

        assertEquals(500, answer.status);
        assertTrue(answer.body.toString().contains("consignée dans le journal de"), answer.body.toString());
        assertFalse(answer.body.toString().contains("bug"), "the exception's text stays in the log");
    }

    @Test
    void anAccountSeesAndOpensOnlyThePagesOfItsRoles() throws Exception {
        Page own = new Page("own", ConsolePage.MAIN, 5) {
            @Override
            public Set<String> roles() {
                return Set.of("publisher");
            }
        };
        servlet.addPage(own, ConsoleFakes.registeredBy(ConsoleFakes.bundle("pages/")));

        ConsoleFakes.Answer home = send(asked("GET", "/", Texts.FRENCH, "publisher"));
        assertEquals(303, home.status);
        assertEquals("/console/own", home.header("Location"), "a publisher lands on its own page");
        ConsoleFakes.Answer page = send(asked("GET", "/own", Texts.FRENCH, "publisher"));
        assertEquals(200, page.status);
        assertTrue(page.body.toString().contains("<li><a href=\"/console/own\" aria-current=\"page\">"), page.body.toString());
        assertFalse(page.body.toString().contains("/console/releases"), "no staff page in its navigation");
        for (String staffOnly : List.of("/releases", "/hosts/h-12", "/detail")) {
            ConsoleFakes.Answer refused = send(asked("GET", staffOnly, Texts.ENGLISH, "publisher"));
            assertEquals(404, refused.status, "as if it were not there: " + staffOnly);
            assertTrue(refused.body.toString().contains("This page does not exist."), refused.body.toString());
        }
        assertEquals(List.of(), releases.calls, "a staff page is never called for a publisher");
        assertEquals(List.of(), hosts.calls);
        assertEquals(403, send(asked("POST", "/own", Texts.FRENCH, "publisher").parameter("csrf", TOKEN)).status,
                "a publisher changes nothing");

        ConsoleFakes.Answer staff = send(asked("GET", "/releases", Texts.FRENCH, "admin"));
        assertFalse(staff.body.toString().contains("/console/own"), "nor is its page in the staff's navigation");
        assertEquals(404, send(asked("GET", "/own", Texts.FRENCH, "admin")).status);
        assertEquals(404, send(asked("GET", "/releases", Texts.FRENCH)).status, "an account of no role opens nothing");
    }
}
