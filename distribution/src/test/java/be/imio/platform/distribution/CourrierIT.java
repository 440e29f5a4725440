package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The mail registry ({@code courrier}), as built by this project in its two releases, published
 * to a central repository and run by a commune host: 1.0.0 registers letters; a hot swap to
 * 1.1.0 keeps them and adds due dates (a schema migration); a rollback to 1.0.0 still reads them.
 */
class CourrierIT {

    private static final String PUBLISHER = "publisher-platform";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String VIEWER_PASSWORD = "Viewer-Secret-" + System.nanoTime();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.create(distribution, "repository");
        Files.writeString(repository.dir.resolve("etc/users.properties"), PUBLISHER + " = {CRYPT}" + sha512(PASSWORD)
                + "{CRYPT},publisher\n", StandardOpenOption.APPEND);
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                PUBLISHER + " = be.imio.platform\n");
        repository.start();
        byte[] root = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/metadata/1.root.json")).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
        host = RunningInstance.create(distribution, "host", "--repository", "http://127.0.0.1:" + repository.httpPort,
                "--root-fingerprint", HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root)));
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"), "\nchannel = testing\n",
                StandardOpenOption.APPEND);
        Files.writeString(host.dir.resolve("etc/users.properties"), "agent = {CRYPT}" + sha512(VIEWER_PASSWORD)
                + "{CRYPT},_g_:viewergroup\n", StandardOpenOption.APPEND);
        host.start();
        for (String version : new String[] {"1.0.0", "1.1.0"}) {
            publish(version);
        }
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            if (host != null) {
                host.close();
            }
        } finally {
            if (repository != null) {
                repository.close();
            }
        }
    }

    @Test
    void lettersSurviveTheUpdateTo110AndTheRollbackTo100() throws Exception {
        assertEquals("succeeded", operate("enable", "{\"version\":\"1.0.0\"}").path("state").asText());

        LocalDate yesterday = LocalDate.now().minusDays(1);
        String date = yesterday.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> registered = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"entrant\","
                + "\"correspondent\":\"SPW Mobilité\",\"subject\":\"Subside <script>alert(1)</script>\",\"date\":\""
                + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, registered.statusCode(), registered.body());
        String reference = JSON.readTree(registered.body()).path("reference").asText();
        assertEquals(yesterday.getYear() + "-0001", reference, "the first letter of the year");

        HttpResponse<String> invalid = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"latéral\","
                + "\"correspondent\":\"X\",\"subject\":\"Y\",\"date\":\"31/02/2026\",\"service\":\"Z\"}");
        assertEquals(400, invalid.statusCode(), invalid.body());
        assertEquals(Set.of("direction", "date"), fieldsOf(JSON.readTree(invalid.body()).path("fields")),
                "each wrong field is named: " + invalid.body());
        HttpResponse<String> byViewer = host.post("/modules/courrier/api/mails", "{}", "application/json",
                "agent:" + VIEWER_PASSWORD);
        assertEquals(403, byViewer.statusCode(), "a viewer reads but does not register: " + byViewer.body());
        assertEquals(200, host.get("/modules/courrier/api/mails", "agent:" + VIEWER_PASSWORD).statusCode());

        assertEquals(200, host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/status",
                "{\"status\":\"attribue\"}").statusCode());
        String page = host.getAsAdmin("/modules/courrier/").body();
        assertTrue(page.contains("Subside &lt;script&gt;alert(1)&lt;/script&gt;") && !page.contains("<script>"),
                "the staff page shows what was typed as text: " + page);
        assertEquals(404, host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/due", "{\"dueOn\":\"01/01/2026\"}")
                .statusCode(), "1.0.0 has no due dates");

        assertEquals("succeeded", operate("update", "{\"version\":\"1.1.0\"}").path("state").asText());
        JsonNode kept = JSON.readTree(host.getAsAdmin("/modules/courrier/api/mails/" + reference).body());
        assertEquals("attribue", kept.path("status").asText(), "1.1.0 reads the letter registered by 1.0.0: " + kept);
        String due = yesterday.minusDays(1).format(DateTimeFormatter.ofPattern("dd/MM/yyyy"));
        HttpResponse<String> dueSet = host.postAsAdmin("/modules/courrier/api/mails/" + reference + "/due",
                "{\"dueOn\":\"" + due + "\"}");
        assertEquals(200, dueSet.statusCode(), "1.1.0 sets due dates: " + dueSet.body());
        String overdue = host.getAsAdmin("/modules/courrier/api/overdue").body();
        assertTrue(overdue.contains(reference), "a letter past its due date is listed as late: " + overdue);

        JsonNode rollback = operate("rollback", "{}");
        assertEquals("succeeded", rollback.path("state").asText(), rollback.toString());
        assertEquals("1.0.0", rollback.path("toVersion").asText());
        JsonNode afterRollback = JSON.readTree(host.getAsAdmin("/modules/courrier/api/mails/" + reference).body());
        assertEquals("SPW Mobilité", afterRollback.path("correspondent").asText(),
                "1.0.0 still reads its letter after the rollback: " + afterRollback);
        assertFalse(afterRollback.has("dueOn"), "1.0.0 knows nothing of due dates");
        HttpResponse<String> second = host.postAsAdmin("/modules/courrier/api/mails", "{\"direction\":\"sortant\","
                + "\"correspondent\":\"Citoyen\",\"subject\":\"Réponse\",\"date\":\"" + date + "\",\"service\":\"Travaux\"}");
        assertEquals(201, second.statusCode(), "1.0.0 writes on the newer schema: " + second.body());
        assertEquals(yesterday.getYear() + "-0002", JSON.readTree(second.body()).path("reference").asText());
    }

    /** Releases a built release of courrier to the repository, as {@code mvn deploy} would: jar, pom, features. */
    private static void publish(String version) throws Exception {
        Path module = Path.of(System.getProperty("imio.plugins", "../plugins")).resolve("courrier/release-" + version);
        String base = "be/imio/platform/courrier/" + version + "/courrier-" + version;
        put(base + ".jar", Files.readAllBytes(module.resolve("target/courrier-" + version + ".jar")));
        put(base + ".pom", Files.readAllBytes(module.resolve("pom.xml")));
        put(base + "-features.xml", Files.readAllBytes(module.resolve("target/feature/features.xml")));
    }

    private static void put(String path, byte[] body) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, answer.statusCode(), "PUT " + path + ": " + answer.body());
    }

    /** Runs an operation on courrier and waits for its end. */
    private static JsonNode operate(String action, String body) throws Exception {
        HttpResponse<String> queued = host.postAsAdmin("/api/host/modules/courrier/" + action, body);
        assertEquals(202, queued.statusCode(), action + ": " + queued.body());
        long id = JSON.readTree(queued.body()).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode operation = JSON.readTree(host.getAsAdmin("/api/host/operations/" + id).body());
            if (!Set.of("queued", "running").contains(operation.path("state").asText())) {
                return operation;
            }
            Thread.sleep(200);
        }
        return fail("operation " + id + " did not end");
    }

    private static Set<String> fieldsOf(JsonNode fields) {
        Set<String> names = new java.util.TreeSet<>();
        fields.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static String sha512(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(password.getBytes(StandardCharsets.UTF_8)));
    }
}
