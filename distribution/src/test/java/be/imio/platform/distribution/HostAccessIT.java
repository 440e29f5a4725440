package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Who may reach what on a commune host and its repository, attacked as the review did: raw paths
 * with {@code ..} and {@code %2e%2e} sent without any client normalising them, in every context;
 * password guesses interleaved with valid log-ins of other accounts, spread over several
 * contexts; and a released module that registers pages outside {@code /modules/NAME/}, claims
 * other modules' names, poses as the host's health, and reads what the host hands its requests.
 * Each refusal is checked by what changed: nothing.
 */
class HostAccessIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PUBLISHER = "publisher-access";
    private static final String PUBLISHER_PASSWORD = "Publish-" + System.nanoTime();
    private static final String VIEWER = "agent";
    private static final String VIEWER_PASSWORD = "Viewer-" + System.nanoTime();
    private static final String CHEF = "chef";
    private static final String CHEF_PASSWORD = "Chef-" + System.nanoTime();
    private static final String TARGET = "bourgmestre";
    private static final String TARGET_PASSWORD = "Target-" + System.nanoTime();
    private static final String SECOND = "adjoint";
    private static final String SECOND_PASSWORD = "Adjoint-" + System.nanoTime();
    private static final String SHELL_USER = "echevin";
    private static final String SHELL_PASSWORD = "Echevin-" + System.nanoTime();
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PUBLISHER_PASSWORD,
                "be.imio.solutions");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.addAccount(VIEWER, VIEWER_PASSWORD, "_g_:viewergroup");
        host.addAccount(CHEF, CHEF_PASSWORD, "_g_:admingroup");
        host.addAccount(TARGET, TARGET_PASSWORD, "_g_:admingroup");
        host.addAccount(SECOND, SECOND_PASSWORD, "_g_:admingroup");
        host.addAccount(SHELL_USER, SHELL_PASSWORD, "_g_:admingroup");
        host.start();
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    // ---- 1. decisions on the path the container routes on ----

    @Test
    void rawDetoursAreRefusedInEveryContextAndChangeNothing() throws Exception {
        String settingsBefore = Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"));
        int journalBefore = operations().size();
        List<String> detours = List.of("/console/static/../settings", "/console/static/%2e%2e/settings",
                "/console/static/%2E%2E/settings", "/console/static/.%2e/settings", "/console/static/..;/settings",
                "/console/static/..%2fsettings", "/console/login/../settings", "/console//settings",
                "/console/./settings", "/modules/x/public/../../console/settings",
                "/modules/x/public/%2e%2e/%2e%2e/api/host/status", "/api/status/../host/status",
                "/console/static/%252e%252e/settings");
        for (String detour : detours) {
            Raw get = raw(host, "GET", detour, null, null);
            assertRefused(get, "GET " + detour);
            Raw post = raw(host, "POST", detour, "application/x-www-form-urlencoded",
                    "repositoryUrl=http%3A%2F%2Fevil.example%2F&rootFingerprint=&channel=stable&policy=automatic"
                            + "&maintenanceWindow=&syncIntervalSeconds=30");
            assertRefused(post, "POST " + detour);
        }
        assertEquals(settingsBefore, Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg")),
                "the host's settings file is unchanged");
        JsonNode status = json(host.getAsAdmin("/api/host/status"));
        assertEquals("http://127.0.0.1:" + repository.httpPort, status.path("repository").asText(), status.toString());
        assertEquals(journalBefore, operations().size(), "nothing was journalled");
        assertTrue(host.karafLog().contains("Refused POST of a path not in normal form"), "refusals are logged");

        // The same paths written plainly keep their usual access checks.
        assertEquals(303, raw(host, "GET", "/console/settings", null, null).status(), "anonymous: to the log-in");
        assertEquals(401, raw(host, "GET", "/api/host/status", null, null).status());
        assertEquals(200, raw(host, "GET", "/console/static/console.css", null, null).status());
    }

    @Test
    void theRepositorysContextsRefuseDetoursToo() throws Exception {
        List<String> detours = List.of("/repository/maven/../../api/repository/publishers/",
                "/repository/maven/%2e%2e/%2e%2e/api/repository/publishers/",
                "/repository/metadata/../reports", "/repository/metadata/%2e%2e/reports",
                "/repository/maven/be/imio/solutions/..;/..;/..;/..;/api/status", "/health/..;/api/status",
                "/repository/metadata/./timestamp.json");
        for (String detour : detours) {
            assertRefused(raw(repository, "GET", detour, null, null), "GET " + detour + " at the repository");
            assertRefused(raw(repository, "POST", detour, "application/json", "{\"account\":\"evil\","
                    + "\"namespaces\":[\"be.imio\"]}"), "POST " + detour + " at the repository");
        }
        JsonNode publishers = json(repository.getAsAdmin("/api/repository/publishers/"));
        assertFalse(publishers.toString().contains("evil"), "no publisher was created: " + publishers);
        assertEquals(200, raw(repository, "GET", "/repository/metadata/timestamp.json", null, null).status());
    }

    @Test
    void aSettingsChangeAndItsRowInTheActivityAreOne() throws Exception {
        String cookie = logIn(CHEF, CHEF_PASSWORD);
        HttpResponse<String> page = console("GET", "/console/settings", cookie, null);
        assertEquals(200, page.statusCode(), page.body());
        Matcher token = CSRF.matcher(page.body());
        assertTrue(token.find(), page.body());
        String repositoryUrl = "http://127.0.0.1:" + repository.httpPort;
        Matcher fingerprint = Pattern.compile("id=\"rootFingerprint\" name=\"rootFingerprint\" value=\"([0-9a-f]*)\"")
                .matcher(page.body());
        assertTrue(fingerprint.find(), page.body());
        HttpResponse<String> saved = console("POST", "/console/settings", cookie, ConsoleFixture.form(Map.of(
                "csrf", URLDecoder.decode(token.group(1), StandardCharsets.UTF_8), "repositoryUrl", repositoryUrl,
                "rootFingerprint", fingerprint.group(1), "channel", "testing", "policy", "manual",
                "maintenanceWindow", "", "syncIntervalSeconds", "240")));
        assertEquals(303, saved.statusCode(), saved.body());
        JsonNode newest = operations().get(0);
        assertEquals("settings", newest.path("action").asText(), newest.toString());
        assertEquals(CHEF, newest.path("requestedBy").asText(), newest.toString());
        assertEquals("syncIntervalSeconds: 300 → 240", newest.path("reason").asText(), "only what changed");
        // Karaf's File Install writes the configuration back to its file a moment after the change.
        Pattern saved240 = Pattern.compile("(?m)^syncIntervalSeconds\\s*=\\s*240$");
        String file = Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"));
        for (int i = 0; i < 100 && !saved240.matcher(file).find(); i++) {
            Thread.sleep(100);
            file = Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"));
        }
        assertTrue(saved240.matcher(file).find(), "saved in the plain form local IT edits by hand: " + file);
        assertFalse(file.contains("I\"") || file.contains("= \""), "no typed values: " + file);
        Thread.sleep(1000); // ConfigurationAdmin tells its listeners a moment later
        assertEquals(newest.path("id").asLong(), operations().get(0).path("id").asLong(),
                "the console's change is journalled once, by the console: " + operations().get(0));
        // The one console address a script may read (an operation's progress) gives no settings row,
        // which names accounts and addresses, to a module's script holding staff's session.
        String scriptCookie = logIn(CHEF, CHEF_PASSWORD);
        HttpResponse<String> byScript = console("GET", "/console/operations/" + newest.path("id").asLong() + ".json",
                scriptCookie, null, "Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "same-origin");
        assertEquals(404, byScript.statusCode(), byScript.body());

        // The same setting changed over the Karaf shell, as local IT may: not refused, but journalled.
        host.shell("admin", host.adminPassword(), "config:property-set -p be.imio.platform.host syncIntervalSeconds 300");
        JsonNode outside = newestAfter(newest);
        assertEquals("settings", outside.path("action").asText(), outside.toString());
        assertEquals("configuration", outside.path("requestedBy").asText(), outside.toString());
        assertEquals("modifié hors de la console : syncIntervalSeconds: 240 → 300 / changed outside the console:"
                + " syncIntervalSeconds: 240 → 300", outside.path("reason").asText(), outside.toString());

        // So is a change of who may reach the instance: the trusted proxies.
        host.shell("admin", host.adminPassword(), "config:property-set -p be.imio.platform.web trustedProxies 0.0.0.0/0");
        JsonNode proxies = newestAfter(outside);
        assertTrue(proxies.path("reason").asText().startsWith("modifié hors de la console : be.imio.platform.web :"
                + " trustedProxies: 127.0.0.1, ::1 → 0.0.0.0/0"), proxies.toString());
        host.shell("admin", host.adminPassword(), "config:property-set -p be.imio.platform.web trustedProxies \"127.0.0.1, ::1\"");
        JsonNode restored = newestAfter(proxies);

        // And a change of where Karaf fetches code from, a URL's password never written.
        host.shell("admin", host.adminPassword(), "config:property-set -p org.ops4j.pax.url.mvn"
                + " org.ops4j.pax.url.mvn.repositories https://deployer:s3cret-42@mirror.invalid/m2@id=mirror");
        JsonNode maven = newestAfter(restored);
        assertTrue(maven.path("reason").asText().startsWith("modifié hors de la console : org.ops4j.pax.url.mvn :"
                + " org.ops4j.pax.url.mvn.repositories:  → https://***@mirror.invalid/m2@id=mirror"), maven.toString());
        assertFalse(maven.toString().contains("s3cret-42"), maven.toString());
        host.shell("admin", host.adminPassword(), "config:property-set -p org.ops4j.pax.url.mvn"
                + " org.ops4j.pax.url.mvn.repositories \"\"");
        JsonNode mavenRestored = newestAfter(maven);
        assertTrue(mavenRestored.path("reason").asText().contains("https://***@mirror.invalid/m2@id=mirror → "),
                mavenRestored.toString());

        // And an account added over the shell, which Karaf keeps in etc/users.properties, outside
        // ConfigurationAdmin: its roles named, its password never.
        host.shell("admin", host.adminPassword(), "jaas:realm-manage --realm karaf\njaas:user-add intrus Intrus-4242\n"
                + "jaas:group-add intrus admingroup\njaas:update");
        JsonNode account = newestAfter(mavenRestored);
        assertTrue(account.path("reason").asText().startsWith("modifié hors de la console : etc/users.properties :")
                && account.path("reason").asText().contains("intrus:  → _g_:admingroup")
                && account.path("reason").asText().contains("intrus (secret): *** → ***"),
                account.toString());
        assertFalse(account.toString().contains("Intrus-4242") || account.toString().contains("{CRYPT}"), account.toString());
        host.shell("admin", host.adminPassword(), "jaas:realm-manage --realm karaf\njaas:user-delete intrus\njaas:update");
        JsonNode accountGone = newestAfter(account);

        // And ones made in etc/ while the instance is stopped, at the next start: a bound, a shell access
        // list, and a configuration created there (a folder File Install would install bundles from).
        host.stop();
        Path web = host.dir.resolve("etc/be.imio.platform.web.cfg");
        Files.writeString(web, Files.readString(web).replace("maxRequestsPerClient = 32", "maxRequestsPerClient = 31"));
        Path acl = host.dir.resolve("etc/org.apache.karaf.command.acl.bundle.cfg");
        Files.writeString(acl, Files.readString(acl).replace("watch = admin", "watch = manager"));
        Path deploy = Files.createDirectories(host.dir.resolve("elsewhere"));
        Files.writeString(host.dir.resolve("etc/org.apache.felix.fileinstall-elsewhere.cfg"),
                "felix.fileinstall.dir = " + deploy + "\n");
        host.start();
        List<String> offline = new ArrayList<>();
        for (int i = 0; i < 100 && offline.size() < 3; i++) {
            Thread.sleep(i == 0 ? 0 : 100);
            offline.clear();
            for (JsonNode row : operations()) {
                if (row.path("id").asLong() == accountGone.path("id").asLong()) {
                    break;
                }
                offline.add(row.path("reason").asText());
            }
        }
        assertTrue(offline.contains("modifié pendant l'arrêt de l'instance : be.imio.platform.web : maxRequestsPerClient:"
                + " 32 → 31 / changed while the instance was stopped: be.imio.platform.web : maxRequestsPerClient: 32 → 31"),
                offline.toString());
        assertTrue(offline.contains("modifié pendant l'arrêt de l'instance : org.apache.karaf.command.acl.bundle :"
                + " watch: admin → manager / changed while the instance was stopped: org.apache.karaf.command.acl.bundle :"
                + " watch: admin → manager"), offline.toString());
        assertTrue(offline.stream().anyMatch(reason -> reason.startsWith("modifié pendant l'arrêt de l'instance :"
                + " org.apache.felix.fileinstall") && reason.contains("felix.fileinstall.dir:  → " + deploy)),
                "a configuration created while stopped: " + offline);
    }

    /**
     * The newest row of the activity once it is another than {@code before} (waits up to 15 s: files
     * outside ConfigurationAdmin are read every 5 s).
     */
    private static JsonNode newestAfter(JsonNode before) throws Exception {
        JsonNode newest = null;
        for (int i = 0; i < 150; i++) {
            newest = operations().get(0);
            if (newest.path("id").asLong() != before.path("id").asLong()) {
                break;
            }
            Thread.sleep(100);
        }
        return newest;
    }

    // ---- 9. password guessing ----

    @Test
    void guessesAtAnAdministratorAreThrottledWhoeverElseLogsInMeanwhile() throws Exception {
        for (int guess = 1; guess <= 5; guess++) {
            assertEquals(401, host.get("/api/status", TARGET + ":guess-" + guess).statusCode(), "guess " + guess);
            // The review's attack: a valid log-in of another account between guesses used to clear them.
            assertEquals(200, host.get("/api/status", VIEWER + ":" + VIEWER_PASSWORD).statusCode());
        }
        HttpResponse<String> throttled = host.get("/api/status", TARGET + ":guess-6");
        assertEquals(429, throttled.statusCode(), throttled.body());
        assertEquals("too_many_failed_logins", json(throttled).path("error").asText());
        assertTrue(Integer.parseInt(throttled.headers().firstValue("Retry-After").orElse("0")) > 0);
        assertEquals(429, host.get("/api/status", TARGET + ":" + TARGET_PASSWORD).statusCode(),
                "even the right password waits: the guesser cannot tell");
        assertEquals(429, console("POST", "/console/login", null, ConsoleFixture.logInForm(host.httpPort, Map.of("username", TARGET,
                "password", TARGET_PASSWORD, "next", "/console/"))).statusCode(), "the console's log-in too");
        assertEquals(429, host.get("/modules/any/", TARGET + ":" + TARGET_PASSWORD).statusCode(), "and modules' pages");
        assertEquals(200, host.get("/api/status", VIEWER + ":" + VIEWER_PASSWORD).statusCode(),
                "the other accounts are not held back");
        assertEquals(200, host.getAsAdmin("/api/status").statusCode());
    }

    @Test
    void failuresInEveryContextAddUp() throws Exception {
        assertEquals(401, host.get("/api/status", SECOND + ":wrong-1").statusCode());
        assertEquals(401, host.get("/modules/any/", SECOND + ":wrong-2").statusCode());
        for (int i = 3; i <= 5; i++) {
            assertEquals(401, console("POST", "/console/login", null, ConsoleFixture.logInForm(host.httpPort, Map.of("username", SECOND,
                    "password", "wrong-" + i, "next", "/console/"))).statusCode());
        }
        assertEquals(429, host.get("/api/status", SECOND + ":" + SECOND_PASSWORD).statusCode(),
                "two failures over HTTP Basic and three in the console's form make five");
    }

    @Test
    void guessesOverTheShellsSshCountWithTheWebOnes() throws Exception {
        assertTrue(host.shell(SHELL_USER, SHELL_PASSWORD, "shell:info").contains("Karaf home"),
                "the account may use the shell");
        for (int guess = 1; guess <= 5; guess++) {
            assertFalse(host.shell(SHELL_USER, "guess-" + guess, "shell:info").contains("Karaf home"), "guess " + guess);
        }
        assertEquals(429, host.get("/api/status", SHELL_USER + ":" + SHELL_PASSWORD).statusCode(),
                "five guesses over SSH hold the account back over HTTP too");
        assertFalse(host.shell(SHELL_USER, SHELL_PASSWORD, "shell:info").contains("Karaf home"),
                "and over SSH, even with the right password");
        assertTrue(host.karafLog().contains("log-in blocked: ssh log-in of '" + SHELL_USER + "'"), "the refusal is logged");
        assertEquals(200, host.get("/api/status", VIEWER + ":" + VIEWER_PASSWORD).statusCode(),
                "the other accounts are not held back");
    }

    // ---- 15. modules cannot act as the console ----

    @Test
    void aModuleIsKeptToItsOwnPagesAndName() throws Exception {
        Distribution distribution = Distribution.unpacked();
        Distribution.Result deployed = distribution.mvnDeploy(Path.of(System.getProperty("imio.rogueModule")),
                PUBLISHER, PUBLISHER_PASSWORD, repository.httpPort, "module.version=1.0.0",
                "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar"));
        assertEquals(0, deployed.exitCode(), deployed.output());
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
        HttpResponse<String> asked = host.postAsAdmin("/api/host/modules/rogue/enable", "{\"version\":\"1.0.0\"}");
        assertEquals(202, asked.statusCode(), asked.body() + "; catalogue: " + host.getAsAdmin("/api/host/catalogue").body()
                + "; status: " + host.getAsAdmin("/api/host/status").body() + "; log: " + host.karafLog().lines()
                        .filter(l -> l.contains("Catalogue") || l.contains("Sync") || l.contains("sync")).toList());
        JsonNode done = host.awaitOperation(json(asked).path("operation").path("id").asLong(), 120);
        assertEquals("succeeded", done.path("state").asText(), done.toString());

        HttpResponse<String> own = host.get("/modules/rogue/", "admin:" + host.adminPassword());
        assertEquals(200, own.statusCode(), "the module's own page is served: " + own.body());
        String cookie = logIn(CHEF, CHEF_PASSWORD);
        HttpResponse<String> ownInBrowser = console("GET", "/modules/rogue/", null, null, "Cookie",
                "imio_session=" + cookie + "; rogue_pref=1; imio_lang=fr");
        assertEquals(200, ownInBrowser.statusCode(), "logged in by the session cookie: " + ownInBrowser.body());
        assertEquals("rogue own page; console token=null; Cookie header=rogue_pref=1; cookies=rogue_pref=1",
                ownInBrowser.body(), "a module's request carries neither the console's anti-forgery token nor the"
                        + " platform's cookies (the session's, which it could replay), only its own");
        // What its script could read of the console: an operation's progress, without who asked nor from where.
        HttpResponse<String> progress = console("GET", "/console/operations/" + done.path("id").asLong() + ".json", cookie,
                null, "Sec-Fetch-Dest", "empty", "Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "same-origin");
        assertEquals(200, progress.statusCode(), progress.body());
        assertTrue(progress.body().contains("\"state\":\"succeeded\"") && !progress.body().contains("requestedBy")
                && !progress.body().contains("requestedFrom") && !progress.body().contains("127.0.0.1"), progress.body());
        List<String> cookies = ownInBrowser.headers().allValues("Set-Cookie");
        assertTrue(cookies.stream().anyMatch(c -> c.startsWith("rogue_pref=")), "a module's own cookie passes: " + cookies);
        assertFalse(cookies.stream().anyMatch(c -> c.startsWith("imio_")), "never the platform's cookies: " + cookies);

        Raw open = raw(host, "GET", "/rogue-open", null, null);
        assertEquals(404, open.status(), "no page of a module in the default context: " + open.body());
        assertFalse(open.body().contains("rogue"), open.body());
        Raw shouting = raw(host, "GET", "/rogue-shout", null, null);
        assertEquals(404, shouting.status(), "nor with its property in capitals: " + shouting.body());
        assertFalse(shouting.body().contains("rogue"), shouting.body());
        HttpResponse<String> inConsole = console("GET", "/console/rogue-console", cookie, null);
        assertFalse(inConsole.body().contains("rogue console page"), "no page of a module in the console's context");
        assertEquals(404, inConsole.statusCode());
        HttpResponse<String> victim = host.get("/modules/victim/", "admin:" + host.adminPassword());
        assertEquals(404, victim.statusCode(), "a module cannot serve another module's address: " + victim.body());

        String status = host.getAsAdmin("/api/status").body();
        assertFalse(status.contains("host compromised"), "a module cannot speak for the host's health: " + status);
        assertFalse(status.contains("platform compromised"), "nor give a check that names no module: " + status);
        assertEquals(200, host.get("/health", null).statusCode(), "the host stays up: " + status);
        JsonNode rogue = null;
        for (JsonNode module : json(host.getAsAdmin("/api/host/modules")).path("modules")) {
            rogue = module.path("name").asText().equals("rogue") ? module : rogue;
        }
        assertNotNull(rogue);
        assertEquals("UP", rogue.path("health").path("state").asText(), "its own check counts: " + rogue);
        String log = host.karafLog();
        assertTrue(log.contains("hidden from the platform"), "what was hidden is logged");
        assertTrue(log.contains("is a health check that names no module") && log.contains("be.imio.platform.api.SchemaMigrations,"
                + " which only the platform provides"), "each kind, with its reason: " + log.lines()
                .filter(l -> l.contains("hidden from the platform")).toList());
    }

    @Test
    void aQueryStringThatDoesNotReadAsParametersIsRefusedAtTheGateNeverAsAPageError() throws Exception {
        String cookie = logIn(CHEF, CHEF_PASSWORD);
        for (String path : List.of("/console/activity?from=%ff", "/console/catalogue?q=%c0%ae",
                "/console/modules?x=%e2%82", "/console/settings?lang=de&x=%FF")) {
            HttpResponse<String> answer = console("GET", path, cookie, null, "Accept-Language", "de");
            assertEquals(400, answer.statusCode(), path + ": " + answer.body());
            assertTrue(answer.body().contains("\"error\":\"bad_query\"") && answer.body().contains("Adresse abgelehnt"),
                    path + ": " + answer.body());
        }
        HttpResponse<String> api = host.getAsAdmin("/api/host/operations?limit=%ff");
        assertEquals(400, api.statusCode(), api.body());
        assertTrue(api.body().contains("\"error\":\"bad_query\""), api.body());
        assertFalse(host.karafLog().contains("BadMessageException"), "no page failed on it");
    }

    @Test
    void aModulesScriptCannotReadTheConsolesPages() throws Exception {
        String cookie = logIn(CHEF, CHEF_PASSWORD);
        HttpResponse<String> navigated = console("GET", "/console/settings", cookie, null, "Sec-Fetch-Dest",
                "document", "Sec-Fetch-Mode", "navigate", "Sec-Fetch-Site", "same-origin");
        assertEquals(200, navigated.statusCode());
        assertEquals("same-origin", navigated.headers().firstValue("Cross-Origin-Opener-Policy").orElse(""),
                "a console page opened by a module's script is cut off from it");
        for (String destination : List.of("empty", "iframe", "object", "embed", "script")) {
            HttpResponse<String> fetched = console("GET", "/console/settings", cookie, null, "Sec-Fetch-Dest",
                    destination, "Sec-Fetch-Mode", "cors", "Sec-Fetch-Site", "same-origin");
            assertEquals(403, fetched.statusCode(), destination);
            assertFalse(CSRF.matcher(fetched.body()).find(), "no token for a " + destination + " request");
        }
    }

    // ---- the container's own error answers ----

    @Test
    void errorsTheContainerRaisesGetThePlatformsAnswerNeverItsOwnPage() throws Exception {
        String hostAdmin = "Authorization: Basic " + java.util.Base64.getEncoder().encodeToString(
                ("admin:" + host.adminPassword()).getBytes(StandardCharsets.UTF_8)) + "\r\n";
        // Each request: its line, its headers but Host and Connection, and its body.
        record Case(RunningInstance at, String line, String headers, String body, int status, String code) {
        }
        List<Case> cases = List.of(
                // a method the servlet does not implement, in each context
                new Case(host, "POST /api/status", hostAdmin + "Content-Type: application/json\r\nContent-Length: 2\r\n",
                        "{}", 405, "method_not_allowed"),
                new Case(host, "POST /health", "Content-Length: 0\r\n", "", 405, "method_not_allowed"),
                new Case(repository, "POST /repository/metadata/timestamp.json", "Content-Length: 0\r\n", "", 405,
                        "method_not_allowed"),
                // Jetty answers other methods' errors without a body: nothing of its own either.
                new Case(host, "PUT /api/status", hostAdmin + "Content-Length: 0\r\n", "", 405, ""),
                // a path no servlet serves, or a file that is not there
                new Case(host, "GET /api/nowhere", hostAdmin, "", 404, "not_found"),
                new Case(repository, "GET /repository/maven/be/imio/nothing/1.0.0/nothing-1.0.0.jar", "", "", 404,
                        "not_found"),
                new Case(repository, "GET /repository/metadata/nothing.json", "", "", 404, "not_found"),
                new Case(host, "GET /console/static/nothing.css", "", "", 404, null),
                // a body the container cannot read (a chunk size that is no number): the page reading it
                // answers as for any unreadable body
                new Case(host, "POST /api/host/sync", hostAdmin + "Content-Type: application/json\r\n"
                        + "Transfer-Encoding: chunked\r\n", "zz\r\n{}\r\n0\r\n\r\n", 400, "bad_json"));
        for (Case c : cases) {
            String request = c.line() + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n" + c.headers() + "\r\n"
                    + c.body();
            Raw answer = exchange(c.at(), request.getBytes(StandardCharsets.ISO_8859_1));
            String what = c.line() + " → " + answer.status() + " " + answer.body();
            assertEquals(c.status(), answer.status(), what);
            for (String leak : List.of("SERVLET", "CAUSED BY", "Exception", "jetty", "Jetty", "imio.", "at org.")) {
                assertFalse(answer.body().contains(leak), "the container's page (" + leak + "): " + what);
            }
            if (c.code() == null) {
                assertTrue(answer.body().contains("<html lang=\"fr\">") && answer.body().contains("<h1>" + c.status()),
                        "people get the platform's page: " + what);
            } else if (c.code().isEmpty()) {
                assertEquals("", answer.body().strip(), what);
            } else {
                assertEquals(c.code(), JSON.readTree(answer.body()).path("error").asText(), what);
            }
        }
    }

    // ---- helpers ----

    private static void assertRefused(Raw answer, String what) {
        assertEquals(400, answer.status(), what + " → " + answer.status() + " " + answer.body());
        assertFalse(answer.body().contains("settings-form") || answer.body().contains("\"repository\"")
                || answer.body().contains("\"publishers\""), what + " served a protected page: " + answer.body());
    }

    private record Raw(int status, String body) {
    }

    /** One HTTP/1.1 exchange written byte for byte: the path goes out exactly as given, never normalised. */
    private static Raw raw(RunningInstance instance, String method, String path, String contentType, String body)
            throws IOException {
        {
            byte[] content = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
            StringBuilder head = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                    + instance.httpPort + "\r\nConnection: close\r\n");
            if (contentType != null) {
                head.append("Content-Type: ").append(contentType).append("\r\nContent-Length: ").append(content.length)
                        .append("\r\n");
            }
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.write(head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            request.write(content);
            return exchange(instance, request.toByteArray());
        }
    }

    /** Sends {@code request} byte for byte on a new connection and reads the answer to its end. */
    private static Raw exchange(RunningInstance instance, byte[] request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", instance.httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                fail(new String(request, StandardCharsets.ISO_8859_1) + ": no HTTP answer: " + text);
            }
            int bodyAt = text.indexOf("\r\n\r\n");
            return new Raw(Integer.parseInt(text.substring(9, 12)), bodyAt < 0 ? "" : text.substring(bodyAt + 4));
        }
    }

    private static String logIn(String user, String password) throws Exception {
        String cookie = ConsoleFixture.logIn(host.httpPort, user, password);
        assertNotNull(cookie, user + " could not log in");
        return cookie;
    }

    private static HttpResponse<String> console(String method, String path, String cookie, String form,
            String... headers) throws Exception {
        return ConsoleFixture.page(host.httpPort, method, path, cookie, form, headers);
    }

    private static JsonNode operations() throws Exception {
        return json(host.getAsAdmin("/api/host/operations?limit=500")).path("operations");
    }


    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
