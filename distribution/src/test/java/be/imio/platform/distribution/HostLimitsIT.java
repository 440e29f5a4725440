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
import java.net.InetAddress;
import java.net.Socket;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * What a released module, a forged console request and a guesser spread over many addresses
 * cannot do on a commune host, mounted as the review did: a module ({@code snoop-module}) that
 * runs another module's migrations with a DROP and whose own next release drops its table, a module
 * ({@code schema-module}) named so that its tables are another module's ({@code courrier-mail}), that
 * prints every header it is handed and tries to replace the page's security headers; console
 * changes sent without an {@code Origin} or with the anti-forgery token in the address; and
 * fifty wrong passwords for one account from ten local addresses. Each refusal is checked by
 * what a user sees: the letters still there, the operation rolled back with its reason, the
 * settings unchanged, the owner still let in.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostLimitsIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String PUBLISHER = "publisher-limits";
    private static final String PUBLISHER_PASSWORD = "Publish-" + System.nanoTime();
    private static final String OWNER = "directrice";
    private static final String OWNER_PASSWORD = "Owner-" + System.nanoTime();
    private static final String PLATFORM_POLICY = "default-src 'self'; frame-ancestors 'none'; form-action 'self';"
            + " base-uri 'none'";
    private static final Pattern CSRF = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"");

    private static RunningInstance repository;
    private static RunningInstance host;
    private static String letter;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PUBLISHER_PASSWORD,
                "be.imio.solutions,be.imio.platform");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.addAccount(OWNER, OWNER_PASSWORD, "_g_:admingroup");
        host.start();

        // Courrier, with one letter registered, then the snoop module beside it.
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + PUBLISHER_PASSWORD, "courrier", "1.0.0");
        Path courrierV1 = Path.of(System.getProperty("imio.plugins", "../plugins"))
                .resolve("courrier/src/1.0/resources/db/courrier/V1__mail_register.sql");
        // The review's attack: courrier's V1 byte for byte, then a V2 of its own that drops courrier's table.
        deploySnoop("1.0.0", Map.of("db/courrier/V1__mail_register.sql", Files.readString(courrierV1),
                "db/courrier/V2__drop.sql", "/* x */ DROP TABLE COURRIER_MAIL;\n"));
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
        assertEquals("succeeded", operate("courrier", "enable", "1.0.0").path("state").asText());
        String date = LocalDate.now().minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> registered = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"entrant\","
                + "\"correspondent\":\"SPW\",\"subject\":\"Subside\",\"date\":\"" + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        letter = JSON.readTree(registered.body()).path("reference").asText();
        assertEquals("succeeded", operate("snoop", "enable", "1.0.0").path("state").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    // ---- a module's migrations ----

    @Test
    @Order(1)
    void aModuleCannotMigrateAnotherModulesSchema() throws Exception {
        String snoop = page("/modules/snoop/");
        assertTrue(snoop.contains("migration courrier: refused: the bundle be.imio.solutions.snoop of module"
                + " be.imio.solutions:snoop may migrate its own schema 'snoop' only, not 'courrier'"), snoop);
        assertTrue(snoop.contains("migration snoop: applied 2"), "its own schema is its own: " + snoop);

        HttpResponse<String> letters = host.getAsAdmin("/modules/courrier/api/mails");
        assertEquals(200, letters.statusCode(), "courrier's register still answers: " + letters.body());
        assertTrue(letters.body().contains(letter), "the letter is still registered: " + letters.body());
        assertEquals("UP", module("courrier").path("health").path("state").asText(), module("courrier").toString());
    }

    @Test
    @Order(2)
    void aModulesOwnReleaseThatDropsItsTableIsRolledBackAndTheSchemaStaysAtV2() throws Exception {
        deploySnoop("1.1.0", Map.of("db/snoop/V3__drop.sql", "  Drop table SNOOP_NOTE;\n"));
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
        JsonNode update = operate("snoop", "update", "1.1.0");
        assertEquals("rolled_back", update.path("state").asText(), update.toString());
        assertTrue(update.path("reason").asText().contains("schema migration V3 (drop) of 'snoop' may only add"),
                "the reason says why: " + update);

        assertEquals("1.0.0", module("snoop").path("version").asText(), module("snoop").toString());
        String snoop = page("/modules/snoop/");
        assertTrue(snoop.contains("snoop version: 2\n"), "the schema stays at V2: " + snoop);
        assertTrue(snoop.contains("snoop notes: 1\n"), "its row is still there: " + snoop);
    }

    @Test
    @Order(3)
    void aModuleWhoseTablesAreAnotherModulesIsRefusedAtReleaseAndRolledBackByTheHost() throws Exception {
        // The review's module: courrier-mail owns COURRIER_MAIL, the table of courrier's letters.
        String forged = "INSERT INTO COURRIER_MAIL (REF_YEAR, REF_NUMBER, DIRECTION, CORRESPONDENT, SUBJECT, MAIL_DATE,"
                + " SERVICE, STATUS, REGISTERED_BY, REGISTERED_AT) VALUES (2026, 777, 'entrant', 'SPF Finances',"
                + " 'Ecrit par le module courrier-mail', DATE('2026-11-30'), 'Finances', 'enregistre', 'admin',"
                + " CURRENT_TIMESTAMP);\n";
        String before = host.getAsAdmin("/modules/courrier/api/mails").body();

        // Another group than courrier's, in the same publisher's namespace: refused at release.
        Distribution.Result refused = deploySchemaModule("be.imio.solutions", "courrier-mail", forged);
        assertTrue(refused.exitCode() != 0, refused.output());
        assertTrue(refused.output().contains("409"), refused.output());
        String releases = repository.getAsAdmin("/api/repository/releases/").body();
        assertFalse(releases.contains("courrier-mail"), "nothing of it is released: " + releases);

        // courrier's own group may release it (one group's names may overlap); the host, which does
        // not rely on the repository for this, refuses its migration and rolls the module back.
        Distribution.Result released = deploySchemaModule("be.imio.platform", "courrier-mail", forged);
        assertEquals(0, released.exitCode(), released.output());
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
        JsonNode enable = operate("courrier-mail", "enable", "1.0.0");
        assertEquals("rolled_back", enable.path("state").asText(), enable.toString());
        assertTrue(enable.path("reason").asText().contains("the schema 'courrier-mail' (tables COURRIER_MAIL_...) would"
                + " share tables with the schema 'courrier'"), "the reason says why: " + enable);

        String after = host.getAsAdmin("/modules/courrier/api/mails").body();
        assertEquals(JSON.readTree(before), JSON.readTree(after), "courrier's letters are unchanged");
        assertFalse(after.contains("courrier-mail"), after);
        assertEquals("UP", module("courrier").path("health").path("state").asText(), module("courrier").toString());
    }

    // ---- what a module's page is handed and what it can send ----

    @Test
    @Order(3)
    void aModuleIsNotHandedTheUsersPasswordNorCanItLoosenItsPagesSecurityHeaders() throws Exception {
        String credentials = "admin:" + host.adminPassword();
        String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        Raw page = raw("127.0.0.1", "GET /modules/snoop/ HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nAuthorization: Basic " + encoded + "\r\nProxy-Authorization: Basic " + encoded
                + "\r\nX-Probe: seen\r\nConnection: close\r\n\r\n");
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("header X-Probe: seen"), "the module prints what it is handed: " + page.body());
        assertFalse(page.body().contains(encoded), "never the user's password: " + page.body());
        assertFalse(page.body().toLowerCase(Locale.ROOT).contains("header authorization")
                || page.body().toLowerCase(Locale.ROOT).contains("header proxy-authorization"), page.body());
        assertTrue(page.body().contains("getHeader(Authorization)=null\ngetHeaders(authorization)=[]\n"
                + "getDateHeader(Authorization)=-1\ngetIntHeader(Authorization)=-1\n"), page.body());

        assertEquals(List.of(PLATFORM_POLICY, "default-src *"), page.headers("content-security-policy"),
                "the module's policy is one more the browser enforces, never in place of the platform's");
        assertEquals(List.of("DENY"), page.headers("x-frame-options"));
        assertEquals(List.of("nosniff"), page.headers("x-content-type-options"));
        assertEquals(List.of("same-origin"), page.headers("referrer-policy"));
        assertEquals(List.of(), page.headers("cross-origin-opener-policy"));
        assertEquals(List.of("private, max-age=7"), page.headers("cache-control"), "what describes its content passes");
        for (String power : List.of("service-worker-allowed", "clear-site-data", "access-control-allow-origin",
                "x-accel-redirect")) {
            assertEquals(List.of(), page.headers(power), power + " is never sent for a module");
        }

        Raw reset = raw("127.0.0.1", "GET /modules/snoop/reset HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nAuthorization: Basic " + encoded + "\r\nConnection: close\r\n\r\n");
        assertEquals(200, reset.status(), reset.body());
        assertEquals(List.of(PLATFORM_POLICY), reset.headers("content-security-policy"), "set again after a reset");
        assertEquals(List.of("DENY"), reset.headers("x-frame-options"));
        assertEquals(List.of("nosniff"), reset.headers("x-content-type-options"));
        assertEquals(List.of("same-origin"), reset.headers("referrer-policy"));
        assertEquals(List.of("private, max-age=7"), reset.headers("cache-control"));
    }

    @Test
    @Order(3)
    void noServiceWorkerCanBeRegisteredAndOneLeftBehindIsDropped() throws Exception {
        String credentials = "admin:" + host.adminPassword();
        String encoded = Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
        // What a browser sends to fetch the script of navigator.serviceWorker.register(...).
        for (String path : List.of("/modules/snoop/", "/modules/snoop/public/sw.js", "/console/static/console.css",
                "/", "/health")) {
            Raw worker = raw("127.0.0.1", "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                    + "\r\nAuthorization: Basic " + encoded + "\r\nService-Worker: script\r\nSec-Fetch-Dest: serviceworker"
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, worker.status(), path + ": " + worker.body());
            assertTrue(worker.body().contains("\"service_worker_refused\""), worker.body());
        }
        // A worker registered before would read console pages through navigation preload.
        String session = logIn(OWNER, OWNER_PASSWORD);
        Raw preloaded = raw("127.0.0.1", "GET /console/settings HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nCookie: imio_session=" + session + "\r\nService-Worker-Navigation-Preload: true"
                + "\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertEquals(403, preloaded.status());
        assertFalse(preloaded.body().contains("name=\"csrf\""), "no token in the refusal: " + preloaded.body());
        assertEquals(List.of("\"storage\""), preloaded.headers("clear-site-data"));
        // Each log-in page and log-in drops what the origin stored in the browser, workers included.
        Raw login = raw("127.0.0.1", "GET /console/login HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nConnection: close\r\n\r\n");
        assertEquals(List.of("\"storage\""), login.headers("clear-site-data"));
        Raw in = post("/console/login", null, ConsoleFixture.logInForm(host.httpPort, Map.of("username", OWNER, "password", OWNER_PASSWORD,
                "next", "/console/")), "Origin: http://127.0.0.1:" + host.httpPort);
        assertEquals(303, in.status());
        assertEquals(List.of("\"storage\""), in.headers("clear-site-data"));
    }

    // ---- console changes must come from the console ----

    @Test
    @Order(3)
    void aModulePagesScriptCannotUseTheBrowsersCredentialsOnTheApi() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(("admin:" + host.adminPassword())
                .getBytes(StandardCharsets.UTF_8));
        String site = "http://127.0.0.1:" + host.httpPort;
        String json = "{\"policy\":\"automatic\"}";
        // What Chromium sends for a module page's fetch() with the Basic credentials it cached when
        // the admin opened /api/status: a change, a read, a <script src>, a frame, and the same
        // without Fetch Metadata (an older browser still sends Origin with a POST).
        List<String> attacks = List.of(
                "POST /api/host/modules/courrier/policy HTTP/1.1\r\nOrigin: " + site + "\r\nSec-Fetch-Site: same-origin"
                        + "\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + json.length(),
                "POST /api/host/modules/courrier/disable HTTP/1.1\r\nOrigin: " + site
                        + "\r\nContent-Type: application/json\r\nContent-Length: 2",
                "GET /api/host/modules HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors"
                        + "\r\nSec-Fetch-Dest: empty",
                "GET /api/host/status HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: no-cors"
                        + "\r\nSec-Fetch-Dest: script",
                "GET /api/host/modules HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: navigate"
                        + "\r\nSec-Fetch-Dest: iframe");
        for (String attack : attacks) {
            String body = attack.contains("policy") ? json : attack.startsWith("POST") ? "{}" : "";
            for (String credentials : List.of("\r\nAuthorization: Basic " + encoded, "")) {
                Raw answer = raw("127.0.0.1", attack + "\r\nHost: 127.0.0.1:" + host.httpPort + credentials
                        + "\r\nConnection: close\r\n\r\n" + body);
                String said = attack.lines().findFirst().orElse("") + (credentials.isEmpty() ? " (no credentials)" : "");
                assertEquals(403, answer.status(), said + ": " + answer.body());
                assertTrue(answer.body().contains("\"browser_script_refused\"")
                        && answer.body().contains("\"message_en\""), said + ": " + answer.body());
                // Without credentials, no prompt: the browser would ask staff for their password on the page's behalf.
                assertTrue(answer.headers("www-authenticate").isEmpty(), said + ": " + answer.headerMap());
            }
        }
        JsonNode courrier = module("courrier");
        assertTrue(courrier.path("enabled").asBoolean(), "courrier still enabled: " + courrier);
        assertFalse("automatic".equals(courrier.path("policy").asText()), "its policy unchanged: " + courrier);
        // The admin typing an /api address in the address bar, and programs, still get their answer;
        // a page opened from a module's script lands in another browsing context group.
        Raw typed = raw("127.0.0.1", "GET /api/host/status HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nAuthorization: Basic " + encoded + "\r\nSec-Fetch-Site: none\r\nSec-Fetch-Mode: navigate"
                + "\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertEquals(200, typed.status(), typed.body());
        assertEquals(List.of("same-origin"), typed.headers("cross-origin-opener-policy"));
        assertEquals(200, host.getAsAdmin("/api/host/status").statusCode());
    }

    @Test
    @Order(3)
    void aModulePagesScriptCannotUseTheStaffsSessionNorCachedCredentialsOnAnotherModule() throws Exception {
        String encoded = Base64.getEncoder().encodeToString(("admin:" + host.adminPassword())
                .getBytes(StandardCharsets.UTF_8));
        String cookie = logIn(OWNER, OWNER_PASSWORD);
        String site = "http://127.0.0.1:" + host.httpPort;
        String before = host.getAsAdmin("/modules/courrier/api/mails").body();
        String letter = "{\"direction\":\"entrant\",\"correspondent\":\"Spy\",\"subject\":\"forged\",\"date\":\""
                + LocalDate.now().format(DateTimeFormatter.ofPattern("dd/MM/yyyy")) + "\",\"service\":\"Travaux\"}";
        // What Chromium sends for snoop's page's fetch() to courrier, with the session cookie or the
        // Basic credentials it cached; a frame; and a POST from a browser without Fetch Metadata.
        List<String> attacks = List.of(
                "GET /modules/courrier/api/mails HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors"
                        + "\r\nSec-Fetch-Dest: empty",
                "POST /modules/courrier/api/mails HTTP/1.1\r\nOrigin: " + site + "\r\nSec-Fetch-Site: same-origin"
                        + "\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: empty\r\nContent-Type: application/json"
                        + "\r\nContent-Length: " + letter.getBytes(StandardCharsets.UTF_8).length,
                "GET /modules/courrier/ HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: navigate"
                        + "\r\nSec-Fetch-Dest: iframe",
                "GET /modules/courrier/api/mails HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: same-origin"
                        + "\r\nSec-Fetch-Dest: worker",
                // A JSON module import, and a destination no browser sends yet: read by a script too.
                "GET /modules/courrier/api/mails HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors"
                        + "\r\nSec-Fetch-Dest: json",
                "GET /modules/courrier/api/mails HTTP/1.1\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors"
                        + "\r\nSec-Fetch-Dest: something-new");
        for (String attack : attacks) {
            for (String credentials : List.of("\r\nCookie: imio_session=" + cookie, "\r\nAuthorization: Basic " + encoded)) {
                Raw answer = raw("127.0.0.1", attack + "\r\nHost: 127.0.0.1:" + host.httpPort + credentials
                        + "\r\nConnection: close\r\n\r\n" + (attack.startsWith("POST") ? letter : ""));
                String said = attack.lines().findFirst().orElse("") + (credentials.contains("Cookie") ? " (session)" : " (Basic)");
                assertEquals(403, answer.status(), said + ": " + answer.body());
                assertTrue(answer.body().contains("\"browser_script_refused\"") && answer.body().contains("\"message_en\""),
                        said + ": " + answer.body());
            }
        }
        Raw oldBrowser = raw("127.0.0.1", "POST /modules/courrier/api/mails HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nOrigin: " + site + "\r\nAuthorization: Basic " + encoded + "\r\nContent-Type: application/json"
                + "\r\nContent-Length: " + letter.getBytes(StandardCharsets.UTF_8).length + "\r\nConnection: close\r\n\r\n"
                + letter);
        assertEquals(403, oldBrowser.status(), oldBrowser.body());
        assertEquals(before, host.getAsAdmin("/modules/courrier/api/mails").body(), "no letter was registered");
        // Staff open the module's page; a program reads its API.
        Raw opened = raw("127.0.0.1", "GET /modules/courrier/ HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nCookie: imio_session=" + cookie + "\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: navigate"
                + "\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertEquals(200, opened.status(), opened.body());
        assertEquals(200, host.getAsAdmin("/modules/courrier/api/mails").statusCode());

        // Nor can the script make failed log-ins in staff's name through the console's form.
        for (int guess = 0; guess < 8; guess++) {
            Raw guessed = post("/console/login", null, ConsoleFixture.logInForm(host.httpPort, Map.of("username", OWNER, "password",
                    "wrong-" + guess, "next", "/console/")), "Origin: " + site, "Sec-Fetch-Site: same-origin",
                    "Sec-Fetch-Mode: cors", "Sec-Fetch-Dest: empty");
            assertEquals(403, guessed.status(), guessed.body());
            assertTrue(guessed.body().contains("\"browser_script_refused\""), guessed.body());
        }
        // Nor through a window it opened and a form it submits there, a navigation as people make:
        // it cannot read the log-in page, so it has no token of this host's, and the
        // form is refused before any password is read or counted, whatever token it makes up.
        // It cannot read the log-in page either: a script's read of it is refused, token unseen.
        for (String dest : new String[] {"empty", "iframe", "script", "json"}) {
            Raw read = raw("127.0.0.1", "GET /console/login HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                    + "\r\nSec-Fetch-Site: same-origin\r\nSec-Fetch-Mode: cors\r\nSec-Fetch-Dest: " + dest
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(403, read.status(), dest + ": " + read.body());
            assertFalse(read.body().contains("name=\"login\""), "no token for a script: " + read.body());
        }
        String real = ConsoleFixture.logInToken(host.httpPort);
        String tampered = real.substring(0, real.length() - 2) + (real.endsWith("A") ? "BB" : "AA");
        for (String token : new String[] {null, "", "AAAA.BBBB", tampered, real.substring(0, real.indexOf('.'))}) {
            for (int guess = 0; guess < 2; guess++) {
                Map<String, String> fields = new java.util.LinkedHashMap<>(Map.of("username", OWNER, "password",
                        "wrong-" + guess, "next", "/console/"));
                if (token != null) {
                    fields.put("login", token);
                }
                Raw navigated = post("/console/login", null, ConsoleFixture.form(fields), "Origin: " + site,
                        "Sec-Fetch-Site: same-origin", "Sec-Fetch-Mode: navigate", "Sec-Fetch-Dest: document",
                        "Sec-Fetch-User: ?1");
                assertEquals(403, navigated.status(), token + ": " + navigated.body());
                assertTrue(navigated.body().contains("expiré ou ne vient pas de cet hôte"), navigated.body());
                assertTrue(navigated.body().contains("name=\"login\" value=\""), "a new form to log in with");
            }
        }
        logIn(OWNER, OWNER_PASSWORD); // 303: none of those was counted
    }

    @Test
    @Order(4)
    void aConsoleChangeWithoutOriginOrWithItsTokenInTheAddressIsRefused() throws Exception {
        String cookie = logIn(OWNER, OWNER_PASSWORD);
        Raw settings = raw("127.0.0.1", "GET /console/settings HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nCookie: imio_session=" + cookie + "\r\nSec-Fetch-Dest: document\r\nConnection: close\r\n\r\n");
        assertEquals(200, settings.status(), settings.body());
        Matcher token = CSRF.matcher(settings.body());
        assertTrue(token.find(), settings.body());
        String csrf = URLDecoder.decode(token.group(1), StandardCharsets.UTF_8);
        Matcher fingerprint = Pattern.compile("id=\"rootFingerprint\" name=\"rootFingerprint\" value=\"([0-9a-f]*)\"")
                .matcher(settings.body());
        assertTrue(fingerprint.find(), settings.body());
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("repositoryUrl", "http://127.0.0.1:" + repository.httpPort);
        fields.put("rootFingerprint", fingerprint.group(1));
        fields.put("channel", "testing");
        fields.put("policy", "manual");
        fields.put("maintenanceWindow", "");
        fields.put("syncIntervalSeconds", "123");
        String form = ConsoleFixture.form(fields);
        String before = Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"));
        int changesBefore = settingsChanges();
        String origin = "http://127.0.0.1:" + host.httpPort;

        List<Raw> refused = new ArrayList<>();
        // A valid token, no Origin and no Fetch Metadata: what a client that is no browser sends.
        refused.add(post("/console/settings", cookie, form + "&csrf=" + encode(csrf)));
        refused.add(post("/console/settings", cookie, form + "&csrf=" + encode(csrf), "Origin: null"));
        refused.add(post("/console/settings", cookie, form + "&csrf=" + encode(csrf), "Sec-Fetch-Site: same-site"));
        refused.add(post("/console/sync", cookie, "csrf=" + encode(csrf)));
        // The token in the address, with this host's Origin.
        refused.add(post("/console/settings?csrf=" + encode(csrf), cookie, form, "Origin: " + origin));
        refused.add(post("/console/sync?csrf=" + encode(csrf), cookie, "", "Origin: " + origin));
        for (Raw answer : refused) {
            assertEquals(403, answer.status(), answer.body());
        }
        assertTrue(refused.get(0).body().contains("une page de cet hôte"), refused.get(0).body());
        assertTrue(refused.get(4).body().contains("et non dans l"), refused.get(4).body());
        assertEquals(changesBefore, settingsChanges(), "no settings change in the activity");
        assertEquals(before, Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg")), "nothing changed");
        assertTrue(host.karafLog().contains("is not this site"), "the refusals are logged");

        // A module's page is let in on the console's cookie for a change only from this host too.
        Raw moduleChange = postTyped("/modules/snoop/", cookie, "application/json", "{\"note\":\"x\"}");
        assertEquals(401, moduleChange.status(), "no Origin: not logged in by the cookie: " + moduleChange.body());
        assertEquals(200, postTyped("/modules/snoop/", cookie, "application/json", "{\"note\":\"x\"}", "Origin: " + origin)
                .status());
        // A form, even from this host, only with the module's token (SolutionPagesIT): never on the cookie alone.
        Raw moduleForm = post("/modules/snoop/", cookie, "note=x", "Origin: " + origin);
        assertEquals(403, moduleForm.status(), moduleForm.body());
        assertTrue(moduleForm.body().contains("form_refused"), moduleForm.body());

        // What browsers send: this host's Origin, or only Sec-Fetch-Site: same-origin when they hide it.
        assertEquals(303, post("/console/sync", cookie, "csrf=" + encode(csrf), "Origin: " + origin).status());
        assertEquals(303, post("/console/sync", cookie, "csrf=" + encode(csrf), "Origin: null",
                "Sec-Fetch-Site: same-origin").status());
        Raw saved = post("/console/settings", cookie, form + "&csrf=" + encode(csrf), "Origin: " + origin);
        assertEquals(303, saved.status(), "the refusals above were the Origin's and the address's: " + saved.body());
        assertEquals(changesBefore + 1, settingsChanges(), "the change is in the activity");
        // Karaf writes the configuration back to its file a moment after it changed.
        Pattern changed = Pattern.compile("(?m)^syncIntervalSeconds\\s*=\\s*123$");
        long deadline = System.nanoTime() + 15_000_000_000L;
        while (!changed.matcher(Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"))).find()
                && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertTrue(changed.matcher(Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg"))).find(),
                Files.readString(host.dir.resolve("etc/be.imio.platform.host.cfg")));
    }

    // ---- guesses from many addresses ----

    @Test
    @Order(5)
    void guessesFromManyAddressesDoNotLockTheOwnerOutOfTheAddressItLogsInFrom() throws Exception {
        String usual = "127.0.0.50";
        assertEquals(200, basic(usual, OWNER, OWNER_PASSWORD).status(), "the owner's usual workstation");
        // Five wrong passwords from each of ten addresses, the name typed in several ways.
        List<String> typed = List.of(OWNER, OWNER + " ", OWNER.toUpperCase(Locale.ROOT), " " + OWNER, "Directrice");
        for (int address = 51; address <= 60; address++) {
            for (int guess = 0; guess < 5; guess++) {
                Raw wrong = basic("127.0.0." + address, typed.get(guess), "guess-" + address + "-" + guess);
                assertEquals(401, wrong.status(), "127.0.0." + address + " guess " + guess + ": " + wrong.body());
            }
        }
        Raw fresh = basic("127.0.0.61", OWNER, OWNER_PASSWORD);
        assertEquals(429, fresh.status(), "fifty guesses at one account, however typed, hold it back from a new address: "
                + fresh.body());
        assertEquals(200, basic(usual, OWNER, OWNER_PASSWORD).status(),
                "but not from the address it logged in from before");
        assertEquals(429, basic("127.0.0.51", OWNER, OWNER_PASSWORD).status(), "a guessing address stays held back");
    }

    // ---- helpers ----

    private static void deploySnoop(String version, Map<String, String> resources) throws Exception {
        Distribution distribution = Distribution.unpacked();
        Path copy = distribution.copyProject(Path.of(System.getProperty("imio.snoopModule")));
        for (Map.Entry<String, String> resource : resources.entrySet()) {
            Path file = copy.resolve("src/main/resources").resolve(resource.getKey());
            Files.createDirectories(file.getParent());
            Files.writeString(file, resource.getValue());
        }
        Distribution.Result deployed = distribution.mvnDeploy(copy, PUBLISHER, PUBLISHER_PASSWORD, repository.httpPort,
                "module.version=" + version, "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar"));
        assertEquals(0, deployed.exitCode(), deployed.output());
    }

    /** Deploys schema-module as GROUP:NAME 1.0.0, whose schema NAME has {@code script} as its V1. */
    private static Distribution.Result deploySchemaModule(String group, String name, String script) throws Exception {
        Distribution distribution = Distribution.unpacked();
        Path copy = distribution.copyProject(Path.of(System.getProperty("imio.snoopModule")).resolveSibling("schema-module"));
        // Maven deploys the pom as written: its coordinates must be plain text, not properties.
        Path pom = copy.resolve("pom.xml");
        Files.writeString(pom, Files.readString(pom).replace("${module.group}", group).replace("${module.name}", name)
                .replace("${module.bsn}", name.replace("-", "")));
        Path file = copy.resolve("src/main/resources/db/" + name + "/V1__init.sql");
        Files.createDirectories(file.getParent());
        Files.writeString(file, script);
        return distribution.mvnDeploy(copy, PUBLISHER, PUBLISHER_PASSWORD, repository.httpPort, "module.version=1.0.0",
                "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar"));
    }

    private static JsonNode operate(String name, String action, String version) throws Exception {
        HttpResponse<String> asked = host.postAsAdmin("/api/host/modules/" + name + "/" + action,
                "{\"version\":\"" + version + "\"}");
        assertEquals(202, asked.statusCode(), asked.body());
        return host.awaitOperation(JSON.readTree(asked.body()).path("operation").path("id").asLong(), 180);
    }

    private static JsonNode module(String name) throws Exception {
        for (JsonNode module : JSON.readTree(host.getAsAdmin("/api/host/modules").body()).path("modules")) {
            if (module.path("name").asText().equals(name)) {
                return module;
            }
        }
        return fail("no module " + name);
    }

    /** How many settings changes the host's activity lists (each saved with its change, as one unit). */
    private static int settingsChanges() throws Exception {
        int count = 0;
        for (JsonNode operation : JSON.readTree(host.getAsAdmin("/api/host/operations?limit=500").body())
                .path("operations")) {
            count += operation.path("action").asText().equals("settings") ? 1 : 0;
        }
        return count;
    }

    private static String page(String path) throws Exception {
        HttpResponse<String> answer = host.getAsAdmin(path);
        assertEquals(200, answer.statusCode(), path + ": " + answer.body());
        return answer.body();
    }

    private static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static String logIn(String user, String password) throws Exception {
        Raw answer = post("/console/login", null, ConsoleFixture.logInForm(host.httpPort, Map.of("username", user, "password", password,
                "next", "/console/")), "Origin: http://127.0.0.1:" + host.httpPort);
        assertEquals(303, answer.status(), answer.body());
        String header = answer.headers("set-cookie").stream().filter(h -> h.startsWith("imio_session=")).findFirst()
                .orElse(null);
        assertNotNull(header, answer.toString());
        return header.substring("imio_session=".length(), header.indexOf(';'));
    }

    /** A console form post as a client sends it, with only the headers given: no Origin unless given. */
    private static Raw post(String path, String cookie, String form, String... headers) throws IOException {
        return postTyped(path, cookie, "application/x-www-form-urlencoded", form, headers);
    }

    /** A post of {@code content} of {@code type} as a client sends it, with only the headers given. */
    private static Raw postTyped(String path, String cookie, String type, String content, String... headers) throws IOException {
        byte[] body = content.getBytes(StandardCharsets.UTF_8);
        StringBuilder request = new StringBuilder("POST " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nContent-Type: " + type + "\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n");
        if (cookie != null) {
            request.append("Cookie: imio_session=").append(cookie).append("\r\n");
        }
        for (String header : headers) {
            request.append(header).append("\r\n");
        }
        return raw("127.0.0.1", request.append("\r\n").toString() + content);
    }

    /** A GET of {@code /api/status} with HTTP Basic, sent from local address {@code from}. */
    private static Raw basic(String from, String user, String password) throws IOException {
        return raw(from, "GET /api/status HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort + "\r\nAuthorization: Basic "
                + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8))
                + "\r\nConnection: close\r\n\r\n");
    }

    private record Raw(int status, Map<String, List<String>> headerMap, String body) {
        List<String> headers(String name) {
            return headerMap.getOrDefault(name, List.of());
        }
    }

    /** One HTTP/1.1 exchange written byte for byte, from local address {@code from} (any of 127.0.0.0/8). */
    private static Raw raw(String from, String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), host.httpPort, InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            in.transferTo(all);
            String text = all.toString(StandardCharsets.UTF_8);
            if (!text.startsWith("HTTP/1.1 ")) {
                fail("no HTTP answer to " + request.lines().findFirst().orElse("") + ": " + text);
            }
            int bodyAt = text.indexOf("\r\n\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (String line : text.substring(0, bodyAt < 0 ? text.length() : bodyAt).split("\r\n")) {
                int colon = line.indexOf(':');
                if (colon > 0 && !line.startsWith("HTTP/")) {
                    headers.computeIfAbsent(line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
                            k -> new ArrayList<>()).add(line.substring(colon + 1).strip());
                }
            }
            String body = bodyAt < 0 ? "" : text.substring(bodyAt + 4);
            if (headers.getOrDefault("transfer-encoding", List.of()).contains("chunked")) {
                body = unchunk(body);
            }
            return new Raw(Integer.parseInt(text.substring(9, 12)), headers, body);
        }
    }

    private static String unchunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int end = chunked.indexOf("\r\n", at);
            if (end < 0) {
                break;
            }
            int size = Integer.parseInt(chunked.substring(at, end).split(";")[0].strip(), 16);
            if (size == 0) {
                break;
            }
            // Sizes count bytes; the bodies here are ASCII apart from a few accented letters.
            byte[] rest = chunked.substring(end + 2).getBytes(StandardCharsets.UTF_8);
            String chunk = new String(rest, 0, Math.min(size, rest.length), StandardCharsets.UTF_8);
            out.append(chunk);
            at = end + 2 + chunk.length() + 2;
        }
        return out.toString();
    }
}
