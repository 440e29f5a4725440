package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.MatchResult;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The web console as a browser meets it over HTTP: log-in sessions, throttling, anti-forgery
 * tokens, the Origin check, the viewer's read-only access, security headers and escaping. Every
 * refused change is checked twice: by its answer and by the host's REST API showing nothing moved.
 * Nothing here enables a module or saves settings, so the tests do not depend on their order.
 */
class ConsoleSecurityIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String STALE = "Jeton de sécurité absent ou périmé";
    private static final String READ_ONLY = "Ce compte peut consulter mais pas modifier";
    private static final Pattern CSRF = Pattern.compile("<input\\b[^>]*\\bname=[\"']csrf[\"'][^>]*>");
    private static final Pattern VALUE = Pattern.compile("\\bvalue=[\"']([^\"']*)[\"']");

    private static ConsoleFixture console;

    /** A logged-in browser: its {@code imio_session} cookie and the CSRF token its pages carry. */
    private record Session(String cookie, String csrf) {
    }

    @BeforeAll
    static void start() throws Exception {
        console = ConsoleFixture.start();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(console);
    }

    @Test
    void aPublisherSeesItsOwnReleasesInIMiosConsoleAndNothingElse() throws Exception {
        int port = console.repositoryPort();
        String cookie = ConsoleFixture.logIn(port, console.publisher(), console.publisherPassword());
        assertTrue(cookie != null, "a publisher logs in to iMio's console");
        HttpResponse<String> home = ConsoleFixture.page(port, "GET", "/console/", cookie, null);
        assertEquals(303, home.statusCode(), home.body());
        assertEquals("/console/own-releases", home.headers().firstValue("Location").orElse(""), "it lands on its releases");
        HttpResponse<String> own = ConsoleFixture.page(port, "GET", "/console/own-releases?lang=fr", cookie, null);
        assertEquals(200, own.statusCode(), own.body());
        assertTrue(own.body().contains("data-module=\"courrier\" data-version=\"1.1.0\""), own.body());
        assertFalse(own.body().contains("href=\"/console/fleet\"") || own.body().contains("href=\"/console/releases\""),
                "no staff page in its navigation: " + own.body());
        assertFalse(own.body().contains("class=\"revoke\"") || own.body().contains("class=\"promote\""), "no action");
        Matcher field = CSRF.matcher(own.body());
        assertTrue(field.find(), own.body());
        Matcher value = VALUE.matcher(field.group());
        assertTrue(value.find());
        String csrf = value.group(1);
        for (String staffOnly : List.of("/console/releases", "/console/fleet", "/console/hosts", "/console/publishers",
                "/console/rollouts", "/console/required", "/console/releases/be.imio.platform:courrier:1.1.0/revoke")) {
            HttpResponse<String> refused = ConsoleFixture.page(port, "GET", staffOnly + "?lang=en", cookie, null);
            assertEquals(404, refused.statusCode(), "as if it were not there: " + staffOnly + ": " + refused.body());
            assertTrue(refused.body().contains("This page does not exist."), refused.body());
        }
        HttpResponse<String> revoke = ConsoleFixture.page(port, "POST",
                "/console/releases/be.imio.platform:courrier:1.1.0/revoke", cookie,
                ConsoleFixture.form(Map.of("csrf", csrf, "reason", "par un éditeur")));
        assertEquals(403, revoke.statusCode(), "a publisher changes nothing: " + revoke.body());
        assertTrue(ConsoleFixture.page(port, "GET", "/console/own-releases", cookie, null).body()
                .contains("data-state=\"valid\""), "still valid");
        // Its basic credentials still open no API address but the Maven repository's uploads.
        assertEquals(403, send(port, "/api/repository/fleet", console.publisher() + ":" + console.publisherPassword()));
    }

    private static int send(int port, String path, String credentials) throws Exception {
        return java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                "http://127.0.0.1:" + port + path)).header("Authorization", "Basic " + java.util.Base64.getEncoder()
                .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void anonymousPagesRedirectToTheLogInAndBackAfterIt() throws Exception {
        HttpResponse<String> dashboard = send("GET", "/console/settings", null, null);
        assertEquals(303, dashboard.statusCode(), dashboard.body());
        URI login = location(dashboard);
        assertEquals("/console/login", login.getPath());
        assertEquals("next=/console/settings", URLDecoder.decode(login.getRawQuery(), StandardCharsets.UTF_8),
                "the page asked for is kept: " + login);

        HttpResponse<String> form = send("GET", "/console/login", null, null);
        assertEquals(200, form.statusCode());
        assertTrue(form.body().contains("id=\"login-form\"") && form.body().contains("name=\"username\"")
                && form.body().contains("type=\"password\"") && form.body().contains("name=\"login\" value=\""),
                form.body());

        HttpResponse<String> back = logIn("admin", console.adminPassword(), "/console/catalogue", null);
        assertEquals(303, back.statusCode(), back.body());
        assertEquals("/console/catalogue", location(back).getPath(), "back to the page first asked for");
        // The target must stay on this console: anything else would make the log-in an open redirect.
        for (String elsewhere : List.of("https://evil.example/", "//evil.example/console/", "/modules/../api/x")) {
            URI target = location(logIn("admin", console.adminPassword(), elsewhere, null));
            assertTrue(target.getHost() == null || target.getHost().equals("127.0.0.1"), "next=" + elsewhere + " -> " + target);
            assertEquals("/console/", target.getPath(), "next=" + elsewhere + " leads to the dashboard");
        }
    }

    @Test
    void eachLogInSetsANewHttpOnlyStrictCookieAndIgnoresTheOneSent() throws Exception {
        HttpResponse<String> first = logIn("admin", console.adminPassword(), "/console/", null);
        String header = console.setCookie(first, "imio_session");
        assertNotNull(header, "a session cookie is set: " + first.headers().map());
        String lower = header.toLowerCase();
        assertTrue(lower.contains("httponly") && lower.contains("samesite=strict") && lower.contains("path=/"), header);
        String cookie = cookieValue(header);
        assertTrue(cookie.length() >= 20, "a long random id: " + cookie);
        assertEquals(200, send("GET", "/console/", cookie, null).statusCode(), "the cookie opens the console");

        // A cookie planted before the log-in (or left from an earlier one) is never kept.
        for (String sent : List.of(cookie, "planted-by-someone-else")) {
            HttpResponse<String> again = logIn("admin", console.adminPassword(), "/console/", sent);
            String fresh = cookieValue(console.setCookie(again, "imio_session"));
            assertNotEquals(sent, fresh, "a new session id at every log-in");
            assertEquals(200, send("GET", "/console/", fresh, null).statusCode());
        }
        assertEquals(303, send("GET", "/console/", "planted-by-someone-else", null).statusCode(),
                "an unknown session id leads to the log-in");
    }

    @Test
    void aWrongPasswordAnswers401WithTheFormAndNoSession() throws Exception {
        HttpResponse<String> refused = logIn("admin", console.adminPassword() + "x", "/console/", null);
        assertEquals(401, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("Identifiant ou mot de passe incorrect."), refused.body());
        assertTrue(hasTag(refused.body(), "p", cls("error"), "role=\"alert\""), "p.error[role=alert]: " + refused.body());
        String set = console.setCookie(refused, "imio_session");
        assertTrue(set == null || cookieValue(set).isEmpty(), "no session for a wrong password: " + set);
        assertHtmlHeaders(refused);
    }

    @Test
    void fiveFailuresForOneNameThrottleTheNextAttempts() throws Exception {
        // A name that does not exist: the administrator must stay able to log in for the other tests.
        String user = "nobody" + System.nanoTime();
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertEquals(401, logIn(user, "guess-" + attempt, "/console/", null).statusCode(), "failure " + attempt);
        }
        HttpResponse<String> throttled = logIn(user, "guess-6", "/console/", null);
        assertEquals(429, throttled.statusCode(), throttled.body());
        int retryAfter = Integer.parseInt(throttled.headers().firstValue("Retry-After").orElse("-1").strip());
        assertTrue(retryAfter > 0 && retryAfter <= 600, "Retry-After within the 10 minutes: " + retryAfter);
        assertTrue(throttled.body().contains("Trop de tentatives"), throttled.body());
        assertHtmlHeaders(throttled);
        assertEquals(303, logIn("admin", console.adminPassword(), "/console/", null).statusCode(),
                "another name from the same address is not throttled");
        // The log is written by its own thread: give it a moment.
        String refused = "Refused console log-in of '" + user + "' from ";
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!console.host().karafLog().contains(refused) && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        String log = console.host().karafLog();
        assertTrue(log.split(Pattern.quote(refused), -1).length - 1 >= 5, "each of the 5 failures is logged");
        assertTrue(log.contains("log-in blocked: console log-in of "), "the throttling is logged");
    }

    @Test
    void changesWithoutTheSessionsCsrfTokenAreRefusedAndChangeNothing() throws Exception {
        Session admin = session("admin", console.adminPassword());
        Session viewer = session(ConsoleFixture.VIEWER, console.viewerPassword());
        String settings = settingsForm("stable");
        String enable = "version=1.0.0";
        for (String token : new String[] {null, "", "forged-" + admin.csrf(), viewer.csrf()}) {
            String field = token == null ? "" : "&csrf=" + token;
            assertForbidden(send("POST", "/console/settings", admin.cookie(), settings + field), STALE);
            assertForbidden(send("POST", "/console/modules/courrier/enable", admin.cookie(), enable + field), STALE);
        }
        assertForbidden(send("POST", "/console/sync", admin.cookie(), "", "X-CSRF-Token", viewer.csrf()),
                STALE);
        assertNothingChanged();

        // The same requests pass with the right token: the refusals above were the token's doing.
        assertEquals("/console/", location(send("POST", "/console/sync", admin.cookie(), "csrf=" + admin.csrf()))
                .getPath(), "a sync with the right token");
        assertEquals(303, send("POST", "/console/sync", admin.cookie(), "", "X-CSRF-Token", admin.csrf()).statusCode());
    }

    @Test
    void aPostFromAnotherSiteIsRefusedEvenWithTheToken() throws Exception {
        Session admin = session("admin", console.adminPassword());
        String evil = "https://evil.example";
        String token = "&csrf=" + admin.csrf();
        assertForbidden(send("POST", "/console/settings", admin.cookie(), settingsForm("stable") + token, "Origin", evil), null);
        assertForbidden(send("POST", "/console/modules/courrier/enable", admin.cookie(), "version=1.0.0" + token, "Origin", evil),
                null);
        // What a browser sends from a page of another site that hides its address (Referrer-Policy: no-referrer).
        assertForbidden(send("POST", "/console/modules/courrier/enable", admin.cookie(), "version=1.0.0" + token, "Origin",
                "null", "Sec-Fetch-Site", "cross-site"), null);
        assertNothingChanged();
        assertEquals(303, send("POST", "/console/sync", admin.cookie(), "csrf=" + admin.csrf(), "Origin",
                console.baseUrl()).statusCode(), "the console's own origin is accepted");
    }

    @Test
    void aViewerReadsButCannotChangeAnything() throws Exception {
        Session viewer = session(ConsoleFixture.VIEWER, console.viewerPassword());
        for (String page : List.of("/console/", "/console/catalogue", "/console/catalogue/courrier", "/console/modules",
                "/console/activity", "/console/settings")) {
            HttpResponse<String> answer = send("GET", page, viewer.cookie(), null);
            assertEquals(200, answer.statusCode(), page);
            assertFalse(hasTag(answer.body(), "[a-z]+", cls("action")), "no .action element for a viewer: " + answer.body());
        }
        String token = "&csrf=" + viewer.csrf();
        assertForbidden(send("POST", "/console/modules/courrier/enable", viewer.cookie(), "version=1.0.0" + token), READ_ONLY);
        assertForbidden(send("POST", "/console/settings", viewer.cookie(), settingsForm("stable") + token), READ_ONLY);
        assertForbidden(send("POST", "/console/sync", viewer.cookie(), token.substring(1)), READ_ONLY);
        assertNothingChanged();
        assertEquals(303, send("POST", "/console/logout", viewer.cookie(), "csrf=" + viewer.csrf()).statusCode(),
                "a viewer may log out");
    }

    @Test
    void everyAnswerCarriesTheSecurityHeaders() throws Exception {
        Session admin = session("admin", console.adminPassword());
        assertHtmlHeaders(send("GET", "/console/login", null, null));
        assertHtmlHeaders(send("GET", "/console/login?lang=en", null, null));
        for (String page : List.of("/console/", "/console/catalogue", "/console/catalogue/courrier", "/console/modules",
                "/console/activity", "/console/settings", "/console/modules/courrier/enable?version=1.0.0")) {
            HttpResponse<String> answer = send("GET", page, admin.cookie(), null);
            assertEquals(200, answer.statusCode(), page);
            assertHtmlHeaders(answer);
        }
        assertHtmlHeaders(assertForbidden(send("POST", "/console/sync", admin.cookie(), ""), null));
        HttpResponse<String> redirect = send("GET", "/console/", null, null);
        assertEquals("DENY", redirect.headers().firstValue("X-Frame-Options").orElse(""), "redirects too");
    }

    @Test
    void whatUsersTypeAndTheInstanceNameAreShownAsText() throws Exception {
        Session admin = session("admin", console.adminPassword());
        String script = "<script>alert(1)</script>";
        String search = send("GET", "/console/catalogue?q=" + URLEncoder.encode(script, StandardCharsets.UTF_8),
                admin.cookie(), null).body();
        assertTrue(search.contains("&lt;script&gt;alert(1)&lt;/script&gt;"), "the search is echoed escaped: " + search);
        assertFalse(search.contains(script), search);

        HttpResponse<String> login = logIn("<script>x</script>", "wrong", "/console/", null);
        assertEquals(401, login.statusCode());
        assertTrue(login.body().contains("&lt;script&gt;x&lt;/script&gt;"), "the name typed is kept, escaped: " + login.body());
        assertFalse(login.body().contains("<script>x"), login.body());

        String dashboard = send("GET", "/console/", admin.cookie(), null).body();
        Matcher header = Pattern.compile("(?s)<header\\b.*?</header>").matcher(dashboard);
        assertTrue(header.find(), "a header: " + dashboard);
        assertTrue(header.group().matches("(?s).*Commune d(&#39;|&#x27;|&apos;|')Essai &lt;test&gt;.*"), header.group());
        assertFalse(dashboard.contains("<test>"), dashboard);
    }

    @Test
    void logOutNeedsTheTokenAndEndsTheSession() throws Exception {
        Session admin = session("admin", console.adminPassword());
        assertForbidden(send("POST", "/console/logout", admin.cookie(), ""), STALE);
        assertEquals(200, send("GET", "/console/", admin.cookie(), null).statusCode(),
                "a forged log-out leaves the session open");
        send("GET", "/console/logout", admin.cookie(), null);
        assertEquals(200, send("GET", "/console/", admin.cookie(), null).statusCode(), "a GET does not log out");

        HttpResponse<String> out = send("POST", "/console/logout", admin.cookie(), "csrf=" + admin.csrf());
        assertEquals(303, out.statusCode(), out.body());
        assertEquals("/console/login?out=1", location(out).getPath() + "?" + location(out).getRawQuery());
        assertTrue(send("GET", "/console/login?out=1", null, null).body().contains("Vous êtes déconnecté."));
        HttpResponse<String> after = send("GET", "/console/", admin.cookie(), null);
        assertEquals(303, after.statusCode(), "the old cookie opens nothing");
        assertEquals("/console/login", location(after).getPath());
    }

    @Test
    void getRequestsShowConfirmationsButNeverChangeState() throws Exception {
        Session admin = session("admin", console.adminPassword());
        JsonNode before = JSON.readTree(console.host().getAsAdmin("/api/host/operations").body());
        String enable = "/console/modules/courrier/enable?version=1.0.0";
        HttpResponse<String> confirm = send("GET", enable, admin.cookie(), null);
        assertEquals(200, confirm.statusCode(), confirm.body());
        assertTrue(hasTag(confirm.body(), "form", "id=\"confirm-form\"") && hasTag(confirm.body(), "button", "id=\"confirm\""),
                "the confirmation form: " + confirm.body());
        Matcher added = Pattern.compile("(?s)<ul\\b[^>]*id=\"plan-added\"[^>]*>(.*?)</ul>").matcher(confirm.body());
        assertTrue(added.find() && added.group(1).contains("courrier") && added.group(1).contains("1.0.0"),
                "the plan adds courrier 1.0.0: " + confirm.body());
        send("GET", "/console/settings?channel=stable&csrf=" + admin.csrf(), admin.cookie(), null);
        send("GET", enable + "&csrf=" + admin.csrf(), admin.cookie(), null);
        assertNothingChanged();
        assertEquals(before.path("operations").size(), JSON.readTree(console.host().getAsAdmin("/api/host/operations")
                .body()).path("operations").size(), "no operation was queued by a GET");
    }

    // ---- helpers ----

    /** Courrier is not enabled, no operation runs and the channel is still the fixture's. */
    private static void assertNothingChanged() throws Exception {
        JsonNode modules = JSON.readTree(console.host().getAsAdmin("/api/host/modules").body()).path("modules");
        for (JsonNode module : modules) {
            assertFalse(module.path("name").asText().equals(ConsoleFixture.MODULE) && module.path("enabled").asBoolean(),
                    "courrier was enabled: " + modules);
        }
        JsonNode status = JSON.readTree(console.host().getAsAdmin("/api/host/status").body());
        assertEquals("testing", status.path("channel").asText(), "the channel was changed: " + status);
        assertTrue(status.path("operation").isNull() && status.path("queued").asInt() == 0, "an operation started: " + status);
    }

    /** The settings form as the console posts it: the current values with {@code channel} changed. */
    private static String settingsForm(String channel) throws Exception {
        JsonNode status = JSON.readTree(console.host().getAsAdmin("/api/host/status").body());
        return ConsoleFixture.form(Map.of("repositoryUrl", status.path("repository").asText(""),
                "rootFingerprint", status.path("trustedRoot").path("fingerprint").asText(""), "channel", channel,
                "policy", status.path("policy").asText("manual"),
                "maintenanceWindow", status.path("maintenanceWindow").asText(""),
                "syncIntervalSeconds", status.path("syncIntervalSeconds").asText("3600")));
    }

    private static HttpResponse<String> assertForbidden(HttpResponse<String> answer, String message) {
        assertEquals(403, answer.statusCode(), answer.uri() + ": " + answer.body());
        assertTrue(hasTag(answer.body(), "p", cls("error"), "role=\"alert\""), "p.error[role=alert] says why: " + answer.body());
        assertTrue(message == null || answer.body().contains(message), "expected '" + message + "': " + answer.body());
        return answer;
    }

    /** The headers of every console answer, plus {@code no-store} and no inline code (the CSP would block it). */
    private static void assertHtmlHeaders(HttpResponse<String> answer) {
        String csp = answer.headers().firstValue("Content-Security-Policy").orElse("");
        String where = answer.request().method() + " " + answer.uri() + " (" + answer.statusCode() + "): ";
        assertTrue(csp.contains("default-src 'self'") && !csp.contains("unsafe-inline") && !csp.contains("unsafe-eval"),
                where + csp);
        assertEquals("DENY", answer.headers().firstValue("X-Frame-Options").orElse(""), where);
        assertEquals("nosniff", answer.headers().firstValue("X-Content-Type-Options").orElse(""), where);
        assertEquals("same-origin", answer.headers().firstValue("Referrer-Policy").orElse(""), where);
        assertTrue(answer.headers().firstValue("Cache-Control").orElse("").contains("no-store"), where + "Cache-Control");
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("text/html"), where);
        assertFalse(Pattern.compile("<script(?![^>]*\\bsrc=)[^>]*>").matcher(answer.body()).find(), where + "inline script");
        assertFalse(Pattern.compile("<style\\b|<[a-zA-Z][^>]*\\s(on[a-z]+|style)=").matcher(answer.body()).find(),
                where + "inline style or event handler");
    }

    /** A regex matching a {@code class} attribute that holds the class {@code name}. */
    private static String cls(String name) {
        return "class=\"(?:[^\"]*\\s)?" + name + "(?:\\s[^\"]*)?\"";
    }

    /** True when an opening {@code tag} (a regex) in {@code html} has attributes matching all of {@code attributes}. */
    private static boolean hasTag(String html, String tag, String... attributes) {
        return Pattern.compile("<" + tag + "\\b[^>]*>").matcher(html).results().map(MatchResult::group)
                .anyMatch(found -> Arrays.stream(attributes).allMatch(a -> Pattern.compile(a).matcher(found).find()));
    }

    private static Session session(String user, String password) throws Exception {
        HttpResponse<String> login = logIn(user, password, "/console/", null);
        assertEquals(303, login.statusCode(), user + " logs in: " + login.body());
        String cookie = cookieValue(console.setCookie(login, "imio_session"));
        String page = send("GET", "/console/", cookie, null).body();
        Matcher input = CSRF.matcher(page);
        assertTrue(input.find(), "the dashboard carries the CSRF token (logout form): " + page);
        Matcher value = VALUE.matcher(input.group());
        assertTrue(value.find() && !value.group(1).isEmpty(), input.group());
        return new Session(cookie, value.group(1));
    }

    private static HttpResponse<String> logIn(String user, String password, String next, String cookie) throws Exception {
        String form = ConsoleFixture.logInForm(console.host().httpPort, Map.of("username", user, "password", password,
                "next", next));
        return send("POST", "/console/login", cookie, form);
    }

    private static String cookieValue(String setCookie) {
        assertNotNull(setCookie, "no imio_session cookie was set");
        String pair = setCookie.split(";", 2)[0];
        return pair.substring(pair.indexOf('=') + 1).strip();
    }

    private static HttpResponse<String> send(String method, String path, String cookie, String body, String... headers)
            throws Exception {
        return console.send(method, path, cookie, body, headers);
    }

    /** Where a redirect leads; fails when the answer is no redirect. */
    private static URI location(HttpResponse<String> answer) {
        URI location = console.location(answer);
        assertNotNull(location, "a redirect, not " + answer.statusCode() + ": " + answer.body());
        return location;
    }
}
