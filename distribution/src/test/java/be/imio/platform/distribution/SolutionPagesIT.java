package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The shared solutions' pages as commune staff use them, on a real host: each solution's scenario
 * in {@code src/test/browser/solutions.mjs} drives Debian's Chromium with the keyboard alone, in
 * the platform's frame, in three languages (axe-core scan and screenshot of every page into
 * {@code target/solution-screenshots}), through a swap to 1.1.0 and a rollback. The modules' forms
 * are then attacked as a forger would send them: only a page of this session, with its token,
 * changes anything.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SolutionPagesIT {

    private static final Path SCREENSHOTS = Path.of("target/solution-screenshots").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TOKEN = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static ConsoleFixture fixture;

    @BeforeAll
    static void start() throws Exception {
        ConsoleBrowserIT.browserTools();
        fixture = ConsoleFixture.start();
        RunningInstance host = fixture.host();
        // courrier 1.0.0 and 1.1.0 are published by the fixture; the other solutions' releases too.
        for (String module : List.of("conseil", "salles")) {
            for (String version : List.of("1.0.0", "1.1.0")) {
                PluginReleases.publish(fixture.repositoryPort(), fixture.publisher() + ":" + fixture.publisherPassword(),
                        module, version);
            }
        }
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), synced.body());
        for (String module : List.of("courrier", "conseil", "salles")) {
            HttpResponse<String> asked = host.postAsAdmin("/api/host/modules/" + module + "/enable", "{\"version\":\"1.0.0\"}");
            assertEquals(202, asked.statusCode(), asked.body());
            long id = JSON.readTree(asked.body()).path("operation").path("id").asLong();
            assertEquals("succeeded", host.awaitOperation(id, 120).path("state").asText(), module);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(fixture);
    }

    @Test
    @Order(1)
    void theMailRegistryWorksInChromiumWithTheKeyboardAloneThroughASwapAndARollback() throws Exception {
        scenario("courrier");
    }

    @Test
    @Order(2)
    void theCouncilsMeetingsAgendaAndDecisionsWorkInChromiumThroughASwapAndARollback() throws Exception {
        scenario("conseil");
    }

    @Test
    @Order(3)
    void theRoomsBookingsAndFreeRoomsWorkInChromiumThroughASwapAndARollback() throws Exception {
        scenario("salles");
    }

    @Test
    @Order(4)
    void theBookingPagesFollowTheOpeningHoursTheCommuneSets() throws Exception {
        RunningInstance host = fixture.host();
        String session = ConsoleFixture.logIn(host.httpPort, "admin", fixture.adminPassword());
        host.shell("admin", fixture.adminPassword(), "config:property-set -p be.imio.platform.salles opens 08:30");
        String said = "de 08:30 à 23:00";
        HttpResponse<String> page = null;
        for (int i = 0; i < 50; i++) {
            page = ConsoleFixture.page(host.httpPort, "GET", "/modules/salles/book", session, null);
            if (page.body().contains(said)) {
                break;
            }
            Thread.sleep(200);
        }
        assertTrue(page.body().contains("Les salles se réservent " + said), "the booking page after the setting: " + page.body());
        String token = formToken(page, "/modules/salles/bookings");
        long room = JSON.readTree(host.getAsAdmin("/modules/salles/api/rooms").body()).path("rooms").path(0).path("id").asLong();
        String day = java.time.LocalDate.now().plusDays(3).format(java.time.format.DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> early = ConsoleFixture.page(host.httpPort, "POST", "/modules/salles/bookings", session,
                ConsoleFixture.form(Map.of("room", Long.toString(room), "startsAt", day + " 08:00", "endsAt", day + " 09:00",
                        "purpose", "Marché", "bookedFor", "Commerçants", "csrf", token)));
        assertEquals(400, early.statusCode(), early.body());
        assertTrue(early.body().contains("les salles se réservent de 08:30 à 23:00"), "refused in words: " + early.body());
    }

    @Test
    @Order(10)
    void aModuleTakesAFormOnlyFromAPageOfThisSessionWithItsToken() throws Exception {
        RunningInstance host = fixture.host();
        int port = host.httpPort;
        String session = ConsoleFixture.logIn(port, "admin", fixture.adminPassword());
        assertTrue(session != null, "the administrator could not log in");
        HttpResponse<String> registerPage = ConsoleFixture.page(port, "GET", "/modules/courrier/new", session, null);
        String formToken = formToken(registerPage, "/modules/courrier/mails");
        String logOutToken = token(registerPage);
        String consoleToken = token(ConsoleFixture.page(port, "GET", "/console/", session, null));
        String otherModuleToken = formToken(ConsoleFixture.page(port, "GET", "/modules/salles/book", session, null),
                "/modules/salles/bookings");
        assertEquals(4, java.util.Set.of(formToken, logOutToken, consoleToken, otherModuleToken).size(),
                "the module's, the log-out, the console's and another module's tokens are four tokens");
        assertTrue(!registerPage.body().contains(consoleToken), "a module's page holds the console's token");
        int before = mails(host);
        String letter = ConsoleFixture.form(Map.of("direction", "entrant", "correspondent", "Forger", "subject",
                "forged", "date", "01/02/2026", "service", "X"));
        String origin = "http://127.0.0.1:" + port;
        // Each as a forger could send it; each refused before the module runs, nothing registered.
        Map<String, HttpResponse<String>> refused = new java.util.LinkedHashMap<>();
        refused.put("no token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session, letter));
        refused.put("the console's token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session,
                letter + "&csrf=" + consoleToken));
        refused.put("another token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session,
                letter + "&csrf=" + formToken.substring(1) + "A"));
        refused.put("another module's token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session,
                letter + "&csrf=" + otherModuleToken));
        refused.put("the log-out token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session,
                letter + "&csrf=" + logOutToken));
        refused.put("a multipart form with the token", fixture.send("POST", "/modules/courrier/mails", session, null,
                "Content-Type", "multipart/form-data; boundary=x", "Origin", origin));
        String viewer = ConsoleFixture.logIn(port, ConsoleFixture.VIEWER, fixture.viewerPassword());
        refused.put("a viewer's session", ConsoleFixture.page(port, "POST", "/modules/courrier/mails", viewer,
                letter + "&csrf=" + formToken));
        refused.put("the token in the address", ConsoleFixture.page(port, "POST", "/modules/courrier/mails?csrf="
                + formToken, session, letter));
        refused.put("a query beside the token", ConsoleFixture.page(port, "POST", "/modules/courrier/mails?x=1", session,
                letter + "&csrf=" + formToken));
        refused.put("another site", fixture.send("POST", "/modules/courrier/mails", session, letter + "&csrf=" + formToken,
                "Origin", "http://evil.example"));
        String admin = "admin:" + fixture.adminPassword();
        refused.put("HTTP Basic", host.post("/modules/courrier/mails", letter + "&csrf=" + formToken,
                "application/x-www-form-urlencoded", admin));
        refused.put("text/plain by HTTP Basic", host.post("/modules/courrier/api/mails", "{\"direction\":\"entrant\","
                + "\"correspondent\":\"F\",\"subject\":\"forged\",\"date\":\"01/02/2026\",\"service\":\"X\"}",
                "text/plain", admin));
        refused.forEach((how, answer) -> {
            assertEquals(403, answer.statusCode(), how + ": " + answer.body());
            assertTrue(answer.body().contains("form_refused"), how + ": " + answer.body());
        });
        // A person's browser is answered with a page that leads back to the form's page.
        HttpResponse<String> browser = ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session, letter,
                "Accept", "text/html", "Referer", origin + "/modules/courrier/new");
        assertEquals(403, browser.statusCode());
        assertTrue(browser.body().contains("<html lang=\"fr\">") && browser.body().contains("Rien n&#39;a été changé")
                && browser.body().contains("href=\"/modules/courrier/new\""), browser.body());
        assertEquals(before, mails(host), "a refused form registered a letter");

        // The page's own form, as the browser posts it: registered, then the letter's page.
        HttpResponse<String> taken = ConsoleFixture.page(port, "POST", "/modules/courrier/mails", session,
                letter + "&csrf=" + formToken, "Origin", origin);
        assertEquals(303, taken.statusCode(), taken.body());
        assertTrue(taken.headers().firstValue("Location").orElse("").matches("/modules/courrier/mails/\\d{4}-\\d{4}\\?done=registered"),
                taken.headers().toString());
        assertEquals(before + 1, mails(host));
        // Programs keep the JSON API with HTTP Basic.
        HttpResponse<String> program = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"sortant\","
                + "\"correspondent\":\"SPW\",\"subject\":\"API\",\"date\":\"02/02/2026\",\"service\":\"X\"}");
        assertEquals(201, program.statusCode(), program.body());

        // The frame's log-out, which carries the token of modules' forms, ends the session.
        HttpResponse<String> out = ConsoleFixture.page(port, "POST", "/console/logout", session, "csrf=" + logOutToken);
        assertEquals(303, out.statusCode(), out.body());
        assertEquals(303, ConsoleFixture.page(port, "GET", "/modules/courrier/", session, null, "Accept", "text/html")
                .statusCode(), "the session no longer opens a module's page");
    }

    private static String token(HttpResponse<String> page) {
        Matcher token = TOKEN.matcher(page.body());
        if (page.statusCode() != 200 || !token.find()) {
            fail("no anti-forgery token in " + page.uri() + " (HTTP " + page.statusCode() + "): " + page.body());
        }
        return token.group(1);
    }

    /** The token a page's form posting to {@code action} carries. */
    private static String formToken(HttpResponse<String> page, String action) {
        Matcher token = Pattern.compile("<form method=\"post\" action=\"" + Pattern.quote(action)
                + "\"[^>]*><input type=\"hidden\" name=\"csrf\" value=\"([^\"]+)\"").matcher(page.body());
        if (page.statusCode() != 200 || !token.find()) {
            fail("no form posting to " + action + " in " + page.uri() + " (HTTP " + page.statusCode() + "): " + page.body());
        }
        return token.group(1);
    }

    private static int mails(RunningInstance host) throws Exception {
        HttpResponse<String> list = host.getAsAdmin("/modules/courrier/api/mails");
        assertEquals(200, list.statusCode(), list.body());
        return JSON.readTree(list.body()).path("mails").size();
    }

    /** Runs one solution's browser scenario; fails with the host's last warnings when it finds problems. */
    private static void scenario(String solution) throws Exception {
        Map<String, String> env = Map.of("HOST_URL", fixture.baseUrl(), "ADMIN_PASSWORD", fixture.adminPassword(),
                "VIEWER_USER", ConsoleFixture.VIEWER, "VIEWER_PASSWORD", fixture.viewerPassword(),
                "SCREENSHOTS_DIR", SCREENSHOTS.toString());
        int exit = ConsoleBrowserIT.run(List.of("node", "solutions.mjs", solution), ConsoleBrowserIT.SCRIPTS, env, 600);
        if (exit != 0) {
            List<String> warnings = fixture.host().karafLog().lines().filter(l -> l.contains("WARN") || l.contains("ERROR"))
                    .toList();
            fail("solutions.mjs " + solution + " found problems (listed in its output above); screenshots in "
                    + SCREENSHOTS + "\nthe host's last warnings:\n" + String.join("\n",
                    warnings.subList(Math.max(0, warnings.size() - 15), warnings.size())));
        }
    }
}
