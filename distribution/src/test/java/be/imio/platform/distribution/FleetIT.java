package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * iMio's view of the fleet at the size of Wallonia's: a real central repository, 462 hosts
 * registered and reporting through {@link FleetSimulator}, with the drift the simulator creates
 * (hosts behind, on a revoked release, on a release that failed elsewhere, unhealthy, silent). The
 * fleet API, its CSV and the console page must show exactly that drift; reports from a host that
 * names another, from a disabled host, or of another shape are refused and change nothing.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetIT {

    private static final String PUBLISHER = "publisher-fleet";
    private static final String PASSWORD = "fleet-publisher-password";
    private static final int HOSTS = 462;
    /** Hosts a page of the console shows. */
    private static final int PAGE = 100;
    private static final FleetSimulator.Versions VERSIONS = new FleetSimulator.Versions("1.1.0", "1.0.0", "1.0.1",
            "1.2.0", "1.0.0");
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static FleetSimulator simulator;
    private static List<FleetSimulator.SimulatedHost> hosts;
    private static FleetSimulator.Expected expected;

    @BeforeAll
    static void startRepositoryAndFleet() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), PUBLISHER, PASSWORD,
                "be.imio.solutions");
        repository.start();
        for (String version : List.of("1.0.0", "1.0.1", "1.1.0", "1.2.0")) {
            release("courrier", version);
        }
        release("conseil", "1.0.0");
        for (String release : List.of("courrier:1.0.0", "courrier:1.0.1", "courrier:1.1.0", "conseil:1.0.0")) {
            assertEquals(200, repository.postAsAdmin("/api/repository/releases/be.imio.solutions:" + release + "/promote",
                    "{}").statusCode(), release);
        }
        assertEquals(200, repository.postAsAdmin("/api/repository/releases/be.imio.solutions:courrier:1.0.1/revoke",
                "{\"reason\":\"fuite de données\"}").statusCode());

        simulator = new FleetSimulator("http://127.0.0.1:" + repository.httpPort, "admin", repository.adminPassword());
        long started = System.nanoTime();
        hosts = simulator.register("sim", HOSTS, VERSIONS);
        System.out.printf("FleetIT: %d hosts registered in %.1f s%n", HOSTS, (System.nanoTime() - started) / 1e9);
        started = System.nanoTime();
        Map<Integer, Integer> statuses = simulator.reportAll(hosts);
        System.out.printf("FleetIT: reports %s in %.1f s%n", statuses, (System.nanoTime() - started) / 1e9);
        expected = FleetSimulator.expected(hosts, VERSIONS);
        assertEquals(Map.of(204, HOSTS - expected.neverReported()), statuses, "every report but the silent hosts' is taken");
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(repository);
    }

    private static void release(String module, String version) throws Exception {
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/be/imio/solutions/" + module + "/" + version + "/" + module + "-" + version + ".jar"))
                .header("Authorization", basic(PUBLISHER + ":" + PASSWORD))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(bundle("be.imio.solutions." + module, version))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), module + " " + version + ": " + put.body());
    }

    /** An empty bundle that imports the SDK, as the repository wants a release's jar. */
    private static byte[] bundle(String symbolicName, String version) throws Exception {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", version);
        manifest.getMainAttributes().putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new JarOutputStream(bytes, manifest).close();
        return bytes.toByteArray();
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode fleet(String query) throws Exception {
        HttpResponse<String> answer = repository.get("/api/repository/fleet" + query, "viewer-fleet:" + VIEWER_PASSWORD);
        assertEquals(200, answer.statusCode(), answer.body());
        return JSON.readTree(answer.body());
    }

    private static final String VIEWER_PASSWORD = "fleet-viewer-password";

    @Test
    @Order(1)
    void theFleetViewShowsTheDriftTheSimulatorCreated() throws Exception {
        repository.addAccount("viewer-fleet", VIEWER_PASSWORD, "_g_:viewergroup");
        long started = System.nanoTime();
        JsonNode fleet = fleet("");
        System.out.printf("FleetIT: GET /api/repository/fleet of %d hosts: %d ms%n", HOSTS,
                (System.nanoTime() - started) / 1_000_000);
        assertEquals(HOSTS, fleet.path("total").asInt());
        Map<String, Map<String, Integer>> versions = new TreeMap<>();
        for (JsonNode module : fleet.path("modules")) {
            Map<String, Integer> counts = new TreeMap<>();
            module.path("versions").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
            versions.put(module.path("name").asText(), counts);
            if (module.path("name").asText().equals("courrier")) {
                assertEquals("1.1.0", module.path("newestStable").asText(), "1.2.0 is in testing, 1.0.1 revoked");
                assertEquals(expected.behind(), module.path("behind").asInt(), "behind");
                assertEquals(expected.revoked(), module.path("revoked").asInt(), "on the revoked release");
                assertEquals(expected.failedElsewhere(), module.path("failedElsewhere").asInt(), "failed elsewhere");
                assertEquals(expected.unhealthy(), module.path("unhealthy").asInt(), "unhealthy");
            }
        }
        assertEquals(expected.versions(), versions, "hosts per version of each module");
        assertTrue(expected.behind() > 50 && expected.revoked() > 5 && expected.failedElsewhere() > 5
                && expected.unhealthy() > 20 && expected.neverReported() > 10, "the simulator drifts: " + expected);

        assertEquals(expected.kinds().get("cpas"), fleet("?kind=cpas").path("matching").asInt());
        assertEquals(expected.kinds().get("police"), fleet("?kind=police").path("matching").asInt());
        assertEquals(10, fleet("?group=pilote").path("matching").asInt());
        assertEquals(expected.behind(), fleet("?module=courrier&flag=behind").path("matching").asInt());
        assertEquals(expected.neverReported(), fleet("?silentHours=1").path("matching").asInt(),
                "silent for an hour or more: the hosts never heard of");
        assertEquals(expected.neverReported(), fleet("?flag=never-reported").path("matching").asInt());
        JsonNode down = fleet("?health=DOWN&sort=lastReport");
        assertTrue(down.path("matching").asInt() > 0);
        for (JsonNode host : down.path("hosts")) {
            assertEquals("DOWN", host.path("health").asText());
            assertTrue(host.path("modules").get(0).path("reason").asText().startsWith("la base de données répond en"),
                    "the reason is shown with the host: " + host);
        }
        JsonNode revoked = fleet("?module=courrier&version=1.0.1").path("hosts").get(0);
        assertTrue(revoked.path("flags").toString().contains("revoked"), revoked.toString());
    }

    @Test
    @Order(2)
    void theCsvExportListsTheSameHosts() throws Exception {
        HttpResponse<String> csv = repository.get("/api/repository/fleet?format=csv&module=courrier&flag=revoked",
                "admin:" + repository.adminPassword());
        assertEquals(200, csv.statusCode());
        assertTrue(csv.headers().firstValue("Content-Type").orElse("").startsWith("text/csv"), csv.headers().toString());
        List<String> lines = csv.body().lines().toList();
        assertTrue(lines.get(0).startsWith("id,name,kind,group,platformVersion,health"), lines.get(0));
        assertEquals(expected.revoked() + 1, lines.size(), "a heading, then one line per host: " + csv.body());
        assertTrue(lines.get(1).contains("courrier 1.0.1") && lines.get(1).contains("revoked"), lines.get(1));

        HttpResponse<String> all = repository.get("/api/repository/fleet?format=csv", "admin:" + repository.adminPassword());
        assertEquals(HOSTS + 1, all.body().split("\r\n").length);
    }

    @Test
    @Order(3)
    void theConsolePageShowsTheFleetAPageAtATimeAndExportsItForASpreadsheet() throws Exception {
        String session = ConsoleFixture.consoleSession(repository, "admin", repository.adminPassword());
        long started = System.nanoTime();
        HttpResponse<String> page = console("/console/fleet?lang=fr", session);
        System.out.printf("FleetIT: /console/fleet of %d hosts: %d ms, %d kB%n", HOSTS,
                (System.nanoTime() - started) / 1_000_000, page.body().length() / 1024);
        assertEquals(200, page.statusCode());
        String html = page.body();
        assertTrue(html.contains("<tr data-module=\"courrier\" data-group=\"be.imio.solutions\">"), "the module summary");
        assertTrue(html.contains("data-flag=\"behind\" data-count=\"" + expected.behind() + "\""), "behind counted");
        assertEquals(PAGE, count(html, "<tr data-host="), "a hundred hosts a page");
        assertTrue(html.contains(HOSTS + " hôte(s) sur " + HOSTS + " correspondent"), "the count of all");
        String cpas = console("/console/fleet?kind=cpas&lang=en", session).body();
        assertTrue(cpas.contains(expected.kinds().get("cpas") + " of " + HOSTS + " host(s) match"), "filtered, in English");
        assertFalse(cpas.contains("<td>municipality</td>"), "only CPAS");
        String last = console("/console/fleet?page=5", session).body();
        assertEquals(HOSTS - 4 * PAGE, count(last, "<tr data-host="), "the last page has the rest");

        HttpResponse<String> csv = console("/console/fleet/hosts.csv?kind=police&lang=fr", session);
        assertEquals(200, csv.statusCode());
        assertTrue(csv.body().startsWith("\uFEFFIdentifiant;Hôte;Sorte;Groupe;"), "semicolons and French headings, "
                + "as Excel in Belgium opens them: " + csv.body().lines().findFirst().orElse(""));
        assertEquals(expected.kinds().get("police") + 1, csv.body().split("\r\n").length);
        assertTrue(csv.body().contains(";\"zone de police\";"), "the kind in words: " + csv.body());
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
            n++;
        }
        return n;
    }

    private static HttpResponse<String> console(String path, String session) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path))
                .header("Cookie", "imio_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Each as someone holding one host's credential could send it: refused, and the host's report stays. */
    @Test
    @Order(4)
    void aHostReportsForItselfOnlyInTheShapeTheRepositoryKnows() throws Exception {
        FleetSimulator.SimulatedHost one = hosts.get(0);
        FleetSimulator.SimulatedHost other = hosts.get(1);
        String before = hostJson(other.id()).path("lastReport").toString();
        List<String[]> attacks = new ArrayList<>();
        attacks.add(new String[] {"{\"host\":\"" + other.id() + "\",\"modules\":[]}", "403", "not_this_host"});
        attacks.add(new String[] {"{\"modules\":[{\"name\":\"<img src=x onerror=alert(1)>\",\"version\":\"1\"}]}", "400",
                "bad_report"});
        attacks.add(new String[] {"{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0\",\"health\":\"SUPER\"}]}",
                "400", "bad_report"});
        attacks.add(new String[] {"{\"modules\":" + "[{\"name\":\"m\",\"version\":\"1\"}".repeat(1) + "],"
                + "\"failedReleases\":{}}", "400", "bad_report"});
        attacks.add(new String[] {"{\"x\":\"" + "a".repeat(40_000) + "\"}", "413", "too_large"});
        for (String[] attack : attacks) {
            HttpResponse<String> answer = post("/repository/reports", attack[0], one.id() + ":" + one.token());
            assertEquals(Integer.parseInt(attack[1]), answer.statusCode(), attack[0] + " -> " + answer.body());
            assertTrue(answer.body().contains("\"error\":\"" + attack[2] + "\""), answer.body());
        }
        assertTrue(post("/repository/reports", "{\"modules\":[]}", one.id() + ":x").statusCode() == 401);
        assertEquals(before, hostJson(other.id()).path("lastReport").toString(), "the other host's report stays");
        JsonNode mine = hostJson(one.id());
        assertTrue(mine.path("lastReport").toString().contains("courrier"), "and the sender's own: " + mine);
        assertEquals(1, mine.path("reportsReceived").asInt(), "refused reports are not counted as received");
    }

    private static JsonNode hostJson(String id) throws Exception {
        for (JsonNode host : JSON.readTree(repository.getAsAdmin("/api/repository/hosts/").body()).path("hosts")) {
            if (host.path("id").asText().equals(id)) {
                return host;
            }
        }
        throw new AssertionError("no host " + id);
    }

    private static HttpResponse<String> post(String path, String body, String credentials) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path))
                .header("Authorization", basic(credentials)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    @Order(5)
    void iMioFilesHostsAndDisablesThemFromRestAndTheShellAuditedAndTheCsvNeverComputesTheirText() throws Exception {
        FleetSimulator.SimulatedHost host = hosts.get(2);
        assertEquals(403, repository.post("/api/repository/hosts/" + host.id() + "/disable", "{\"reason\":\"x\"}",
                "application/json", "viewer-fleet:" + VIEWER_PASSWORD).statusCode(), "a viewer changes nothing");
        assertEquals(400, repository.postAsAdmin("/api/repository/hosts/" + host.id() + "/disable", "{}").statusCode(),
                "a reason is required");
        assertEquals(200, repository.postAsAdmin("/api/repository/hosts/" + host.id() + "/disable",
                "{\"reason\":\"serveur remplacé\"}").statusCode());
        assertEquals(409, repository.postAsAdmin("/api/repository/hosts/" + host.id() + "/disable",
                "{\"reason\":\"encore\"}").statusCode(), "once");
        HttpResponse<String> refused = simulator.report(host);
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("host_disabled"), refused.body());
        assertTrue(hostJson(host.id()).path("disabledAt").isTextual());

        for (String[] bad : new String[][] {{"{\"id\":\"bastogne\",\"kind\":\"mairie\"}", "bad_host_kind"},
                {"{\"id\":\"bastogne\",\"group\":\"Pilote 1\"}", "bad_host_group"},
                {"{\"id\":\"bastogne\",\"label\":\"a\\u0000b\"}", "bad_host_label"}}) {
            HttpResponse<String> answer = repository.postAsAdmin("/api/repository/hosts/", bad[0]);
            assertEquals(400, answer.statusCode(), bad[0]);
            assertTrue(answer.body().contains(bad[1]), answer.body());
        }
        assertEquals(201, repository.postAsAdmin("/api/repository/hosts/",
                "{\"id\":\"formule\",\"label\":\"=HYPERLINK(\\\"http://evil\\\")\"}").statusCode());
        String csv = repository.get("/api/repository/fleet?format=csv&flag=never-reported",
                "admin:" + repository.adminPassword()).body();
        assertTrue(csv.contains("formule,\"'=HYPERLINK(\"\"http://evil\"\")\""), "shown as text, never computed: " + csv);

        String out = repository.shell("admin", repository.adminPassword(),
                "imio:host-register --kind cpas --group pilote --label \"CPAS de Gembloux\" cpas-gembloux\n"
                + "imio:host-disable cpas-gembloux \"doublon\"\n"
                + "imio:host-list | grep gembloux");
        assertTrue(out.contains("cpas-gembloux (désactivé)"), out);
        assertTrue(out.contains("CPAS") && out.contains("pilote"), out);
        assertTrue(repository.karafLog().contains("Disabled host " + host.id() + " (admin from "),
                "logged, with who did it");
    }

    /** The console's changes are an administrator's, with the session's token, from a page of the repository. */
    @Test
    @Order(6)
    void theConsoleChangesNothingForAViewerOrWithoutTheSessionsToken() throws Exception {
        String viewer = ConsoleFixture.consoleSession(repository, "viewer-fleet", VIEWER_PASSWORD);
        String hostsPage = console("/console/hosts?lang=en", viewer).body();
        assertTrue(hostsPage.contains("data-host=\"sim-0000\""), "a viewer reads the hosts");
        assertFalse(hostsPage.contains("register-form") || hostsPage.contains("/disable\""), "and is offered no change");
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(hostsPage);
        assertTrue(token.find(), "the page carries the session's token (log-out form)");
        String origin = "http://127.0.0.1:" + repository.httpPort;
        for (String[] change : new String[][] {{"/console/hosts", "id=viewer-host&kind=commune"},
                {"/console/hosts/sim-0005/disable", "reason=x"},
                {"/console/releases/be.imio.solutions:courrier:1.2.0/promote", ""},
                {"/console/releases/be.imio.solutions:courrier:1.2.0/revoke", "reason=x"},
                {"/console/rollouts", "release=be.imio.solutions:courrier:1.2.0&pilot=group:pilote"},
                {"/console/rollouts/1/abort", "reason=x"}}) {
            HttpResponse<String> answer = consolePost(change[0], viewer, origin, "csrf=" + token.group(1) + "&" + change[1]);
            assertEquals(403, answer.statusCode(), change[0] + ": " + answer.body());
        }
        String admin = ConsoleFixture.consoleSession(repository, "admin", repository.adminPassword());
        assertEquals(403, consolePost("/console/hosts", admin, origin, "id=no-token-host&kind=commune").statusCode(),
                "without the session's token");
        String page = console("/console/hosts", admin).body();
        java.util.regex.Matcher adminToken = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(page);
        assertTrue(adminToken.find());
        assertEquals(403, consolePost("/console/hosts", admin, "http://evil.example", "csrf=" + adminToken.group(1)
                + "&id=cross-site-host&kind=commune").statusCode(), "from another site's page");
        String after = repository.getAsAdmin("/api/repository/hosts/").body();
        assertFalse(after.contains("viewer-host") || after.contains("no-token-host") || after.contains("cross-site-host"),
                "no host registered");
        assertTrue(hostJson("sim-0005").path("disabledAt").isNull(), "no host disabled");
        assertEquals("[]", JSON.readTree(repository.getAsAdmin("/api/repository/rollouts/").body()).path("rollouts").toString(),
                "no rollout started");
        String channel = null;
        for (JsonNode release : JSON.readTree(repository.getAsAdmin("/api/repository/releases/").body()).path("releases")) {
            if (release.path("path").asText().endsWith("/courrier-1.2.0.jar")) {
                channel = release.path("channel").asText() + (release.has("revokedAt") ? " revoked" : "");
            }
        }
        assertEquals("testing", channel, "courrier 1.2.0 is still in testing, not revoked either");

        HttpResponse<String> registered = consolePost("/console/hosts", admin, origin, "csrf=" + adminToken.group(1)
                + "&id=console-arlon&kind=police&group=pilote&label=Zone+de+police+Arlon");
        assertEquals(201, registered.statusCode(), registered.body());
        java.util.regex.Matcher credential = java.util.regex.Pattern.compile("id=\"token\" readonly value=\"([A-Za-z0-9_-]{40,})\"")
                .matcher(registered.body());
        assertTrue(credential.find(), "the credential, shown once: " + registered.body());
        assertEquals(204, post("/repository/reports", "{\"modules\":[]}", "console-arlon:" + credential.group(1)).statusCode());
        assertEquals("police", hostJson("console-arlon").path("kind").asText());
        HttpResponse<String> again = consolePost("/console/hosts", admin, origin, "csrf=" + adminToken.group(1)
                + "&id=console-arlon&kind=police&lang=en");
        assertEquals(409, again.statusCode());
        assertTrue(again.body().contains("aria-invalid=\"true\""), "the field in error is marked: " + again.body());
    }

    private static HttpResponse<String> consolePost(String path, String session, String origin, String form)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path))
                .header("Cookie", "imio_session=" + session).header("Origin", origin)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A publisher created from the console releases; disabled, its uploads are refused; a viewer does neither. */
    @Test
    @Order(7)
    void iMioCreatesAndDisablesPublishersFromTheConsoleAndRest() throws Exception {
        String origin = "http://127.0.0.1:" + repository.httpPort;
        String admin = ConsoleFixture.consoleSession(repository, "admin", repository.adminPassword());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(console("/console/publishers", admin).body());
        assertTrue(token.find());
        HttpResponse<String> refused = consolePost("/console/publishers", admin, origin, "csrf=" + token.group(1)
                + "&account=Bad+Name&namespaces=be.imio.console&lang=en");
        assertEquals(400, refused.statusCode());
        assertTrue(refused.body().contains("id=\"account-error\"") && refused.body().contains("aria-invalid=\"true\""),
                "the refusal next to its field: " + refused.body());
        HttpResponse<String> created = consolePost("/console/publishers", admin, origin, "csrf=" + token.group(1)
                + "&account=console-pub&namespaces=be.imio.console");
        assertEquals(201, created.statusCode(), created.body());
        java.util.regex.Matcher password = java.util.regex.Pattern.compile("id=\"password\" readonly value=\"([^\"]{20,})\"")
                .matcher(created.body());
        assertTrue(password.find(), "the password, shown once: " + created.body());
        assertEquals(201, upload("be/imio/console/outil/1.0.0/outil-1.0.0.jar", "console-pub:" + password.group(1)));

        String viewer = ConsoleFixture.consoleSession(repository, "viewer-fleet", VIEWER_PASSWORD);
        java.util.regex.Matcher viewerToken = java.util.regex.Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"")
                .matcher(console("/console/publishers", viewer).body());
        assertTrue(viewerToken.find());
        assertEquals(403, consolePost("/console/publishers/console-pub/disable", viewer, origin, "csrf=" + viewerToken.group(1)
                + "&reason=x").statusCode(), "a viewer disables nothing");
        assertEquals(400, repository.postAsAdmin("/api/repository/publishers/console-pub/disable", "{}").statusCode());
        assertEquals(200, repository.postAsAdmin("/api/repository/publishers/console-pub/disable",
                "{\"reason\":\"contrat terminé\"}").statusCode());
        assertEquals(409, repository.postAsAdmin("/api/repository/publishers/console-pub/disable",
                "{\"reason\":\"encore\"}").statusCode(), "once");
        assertEquals(403, upload("be/imio/console/outil/1.1.0/outil-1.1.0.jar", "console-pub:" + password.group(1)),
                "a disabled publisher's upload is refused");
        String publishers = repository.getAsAdmin("/api/repository/publishers/").body();
        assertTrue(publishers.contains("\"account\":\"console-pub\",\"active\":false"), publishers);
        assertTrue(publishers.contains("\"account\":\"" + PUBLISHER + "\",\"active\":true"), publishers);
        String out = repository.shell("admin", repository.adminPassword(), "imio:publisher-disable console-pub \"again\"");
        assertTrue(out.contains("console-pub est inconnu ou déjà désactivé"), out);
    }

    private static int upload(String path, String credentials) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + "/repository/maven/"
                + path)).header("Authorization", basic(credentials)).PUT(HttpRequest.BodyPublishers.ofByteArray(
                        bundle("be.imio.console.outil", path.split("/")[4]))).build(), HttpResponse.BodyHandlers.ofString())
                .statusCode();
    }
}
