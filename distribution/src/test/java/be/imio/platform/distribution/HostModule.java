package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One module of a running commune host as staff and citizens use it over HTTP: its operations
 * through {@code /api/host/modules} and {@code /api/host/operations}, its entry in the host's
 * list, and its public page; and its releases, put in the repository with a real {@code mvn deploy}.
 */
final class HostModule {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int OPERATION_LIMIT_SECONDS = 180;

    private final RunningInstance host;
    private final String name;
    private final String versionPage;

    HostModule(RunningInstance host, String name) {
        this.host = host;
        this.name = name;
        this.versionPage = "/modules/" + name + "/public/version";
    }

    /**
     * Releases the test module project {@code source} at {@code version} to {@code repository} as
     * {@code publisher}; {@code properties} are more {@code -D} settings of its build.
     */
    static void release(Path source, RunningInstance repository, String publisher, String password, String version,
            String... properties) throws Exception {
        Distribution distribution = Distribution.unpacked();
        List<String> settings = new ArrayList<>(List.of("module.version=" + version,
                "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar")));
        settings.addAll(List.of(properties));
        Distribution.Result deployed = distribution.mvnDeploy(source, publisher, password, repository.httpPort,
                settings.toArray(String[]::new));
        assertEquals(0, deployed.exitCode(), "mvn deploy of " + source.getFileName() + " " + version + ": "
                + deployed.output());
    }

    /** Has the host sync now. */
    void sync() throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), "POST /api/host/sync: " + synced.body());
    }

    /** Asks for {@code action} with {@code body} and waits for the operation's end; answers the operation. */
    JsonNode operate(String action, String body) throws Exception {
        HttpResponse<String> response = host.postAsAdmin("/api/host/modules/" + name + "/" + action, body);
        assertEquals(202, response.statusCode(), action + " " + body + ": " + response.body());
        long id = JSON.readTree(response.body()).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(OPERATION_LIMIT_SECONDS);
        JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> polled = host.getAsAdmin("/api/host/operations/" + id);
            if (polled.statusCode() == 200) {
                operation = JSON.readTree(polled.body());
                if (List.of("succeeded", "failed", "rolled_back", "interrupted", "skipped")
                        .contains(operation.path("state").asText())) {
                    return operation;
                }
            }
            Thread.sleep(100);
        }
        return fail("operation " + id + " not finished within " + OPERATION_LIMIT_SECONDS + " s: " + operation);
    }

    /** How long the operation ran, from its start to its end, as the host recorded it. */
    static Duration ran(JsonNode operation) {
        return Duration.between(Instant.parse(operation.path("startedAt").asText()),
                Instant.parse(operation.path("finishedAt").asText()));
    }

    /** The module's entry in {@code GET /api/host/modules}. */
    JsonNode installed() throws Exception {
        HttpResponse<String> response = host.getAsAdmin("/api/host/modules");
        assertEquals(200, response.statusCode(), response.body());
        JsonNode modules = JSON.readTree(response.body());
        for (JsonNode module : modules.path("modules")) {
            if (name.equals(module.path("name").asText())) {
                return module;
            }
        }
        return fail(name + " is not installed: " + modules);
    }

    /**
     * Waits until the module's public page answers 200 with {@code expected}; meanwhile only 503
     * with {@code Retry-After} (the host holding requests during a swap) is accepted.
     */
    void awaitPage(String expected, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            HttpResponse<String> page = host.get(versionPage, null);
            if (page.statusCode() == 200) {
                assertEquals(expected, page.body(), "the module's public page");
                return;
            }
            assertTrue(page.statusCode() == 503 && page.headers().firstValue("Retry-After").isPresent(),
                    "the module's public page answered " + page.statusCode() + ": " + page.body());
            seen.add(page.statusCode() + " " + page.body());
            if (System.nanoTime() > deadline) {
                fail("the module's public page did not answer '" + expected + "' within " + seconds + " s: " + seen);
            }
            Thread.sleep(100);
        }
    }

    /** Asks for the module's public page without pause, as a visitor would, until closed. */
    Visits visit() {
        return new Visits();
    }

    /** Every answer a visitor got, as "status body" (the body's first 60 characters), with its count. */
    final class Visits implements AutoCloseable {
        private final Map<String, Integer> answers = new ConcurrentHashMap<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Thread visitor = new Thread(this::visit, "visitor");

        private Visits() {
            visitor.start();
        }

        private void visit() {
            while (running.get()) {
                String answer;
                try {
                    HttpResponse<String> page = host.get(versionPage, null);
                    String body = page.body() == null ? "" : page.body();
                    answer = page.statusCode() + " " + body.substring(0, Math.min(60, body.length()));
                } catch (Exception e) {
                    answer = e.toString();
                }
                answers.merge(answer, 1, Integer::sum);
            }
        }

        Map<String, Integer> answers() {
            return Map.copyOf(answers);
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            visitor.join(TimeUnit.SECONDS.toMillis(30));
        }
    }
}
