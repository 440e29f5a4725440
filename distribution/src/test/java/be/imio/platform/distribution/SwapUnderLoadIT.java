package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * A clerk never sees an error page because a module is being updated: 20 swaps of the test module
 * {@code swap} (update to 2.0.0, roll back to 1.0.0, and again) under two clients that keep asking
 * for its page, one over a kept-alive connection as a browser does, one opening a new connection
 * for each request. Every answer must be the page of the old or the new version. The latencies
 * seen during the swaps are printed, not asserted (a benchmark's job).
 */
class SwapUnderLoadIT {

    private static final String PUBLISHER = "publisher-swaps";
    private static final String PASSWORD = "Swaps-" + System.nanoTime();
    private static final String PAGE = "/modules/swap/public/version";
    private static final Set<String> VERSIONS = Set.of("swap 1.0.0", "swap 2.0.0");
    private static final int SWAPS = 20;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PASSWORD, "be.imio.solutions");
        repository.start();
        deploySwap("1.0.0");
        deploySwap("2.0.0");
        host = RunningInstance.hostOf(distribution, repository);
        host.start();
        assertEquals(200, host.postAsAdmin("/api/host/sync", "{}").statusCode());
        assertEquals("succeeded", operate("enable", "{\"version\":\"1.0.0\"}").path("state").asText());
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    void twentySwapsUnderTwoClientsAnswerOnlyTheOldOrTheNewPage() throws Exception {
        AtomicBoolean running = new AtomicBoolean(true);
        Client keptAlive = new Client("kept-alive", running, SwapUnderLoadIT::keptAliveRequest);
        Client fresh = new Client("new connection per request", running, SwapUnderLoadIT::freshConnectionRequest);
        List<Long> swapMillis = new ArrayList<>();
        keptAlive.start();
        fresh.start();
        try {
            for (int swap = 1; swap <= SWAPS; swap++) {
                boolean up = swap % 2 == 1;
                long asked = System.nanoTime();
                JsonNode done = up ? operate("update", "{\"version\":\"2.0.0\"}") : operate("rollback", "{}");
                assertEquals("succeeded", done.path("state").asText(), "swap " + swap + ": " + done);
                awaitPage(up ? "swap 2.0.0" : "swap 1.0.0");
                swapMillis.add((System.nanoTime() - asked) / 1_000_000);
            }
        } finally {
            running.set(false);
            keptAlive.join(TimeUnit.SECONDS.toMillis(30));
            fresh.join(TimeUnit.SECONDS.toMillis(30));
        }
        for (Client client : List.of(keptAlive, fresh)) {
            System.out.printf("swaps, client %s: %d requests, statuses %s, latency ms p50 %d p99 %d max %d%n",
                    client.getName(), client.latencies.size(), new TreeMap<>(client.statuses),
                    percentile(client.latencies, 50), percentile(client.latencies, 99),
                    percentile(client.latencies, 100));
        }
        System.out.printf("swaps: %d, request to new version answering, ms: p50 %d max %d, all %s%n", SWAPS,
                percentile(swapMillis, 50), percentile(swapMillis, 100), swapMillis);
        for (Client client : List.of(keptAlive, fresh)) {
            assertTrue(client.unexpected.isEmpty(), client.getName() + ": answers other than the module's page: "
                    + client.unexpected);
            assertEquals(Set.of(200), client.statuses.keySet(), client.getName() + ": " + client.statuses);
            assertTrue(client.latencies.size() > SWAPS, client.getName() + " asked during the swaps");
        }
    }

    @Test
    void aRequestAlreadyInsideTheOldReleaseFinishesInIt() throws Exception {
        String current = host.get(PAGE, null).body();
        for (int swap = 1; swap <= 4; swap++) {
            java.util.concurrent.CompletableFuture<HttpResponse<String>> slow = java.util.concurrent.CompletableFuture
                    .supplyAsync(() -> {
                        try {
                            return host.get("/modules/swap/public/slow", null);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    });
            Thread.sleep(300);
            boolean up = current.equals("swap 1.0.0");
            JsonNode done = up ? operate("update", "{\"version\":\"2.0.0\"}") : operate("rollback", "{}");
            assertEquals("succeeded", done.path("state").asText(), "swap " + swap + ": " + done);
            HttpResponse<String> answer = slow.get(30, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode(), "swap " + swap + ", the request inside: " + answer.body());
            assertEquals(current + " slow", answer.body(), "it finished in the release it entered");
            current = up ? "swap 2.0.0" : "swap 1.0.0";
            awaitPage(current);
        }
    }

    /** One request: status and body. */
    private record Answer(int status, String body) {
    }

    private interface Request {
        Answer send() throws Exception;
    }

    /** Asks for the page again and again while the swaps run, recording every answer. */
    private static final class Client extends Thread {
        final Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        final List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        final Queue<String> unexpected = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running;
        private final Request request;

        Client(String name, AtomicBoolean running, Request request) {
            super(name);
            this.running = running;
            this.request = request;
        }

        @Override
        public void run() {
            while (running.get()) {
                long started = System.nanoTime();
                try {
                    Answer answer = request.send();
                    latencies.add((System.nanoTime() - started) / 1_000_000);
                    statuses.merge(answer.status(), 1, Integer::sum);
                    if (answer.status() != 200 || !VERSIONS.contains(answer.body())) {
                        unexpected.add(answer.status() + " " + answer.body());
                    }
                } catch (Exception e) {
                    unexpected.add(e.toString());
                }
            }
        }
    }

    private static final HttpClient KEPT_ALIVE = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static Answer keptAliveRequest() throws Exception {
        HttpResponse<String> response = KEPT_ALIVE.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + host.httpPort + PAGE)).timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(response.statusCode(), response.body());
    }

    /** HTTP/1.1 on a socket of its own, closed after the answer. */
    private static Answer freshConnectionRequest() throws IOException {
        try (Socket socket = new Socket("127.0.0.1", host.httpPort)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + PAGE + " HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String statusLine = in.readLine();
            int status = statusLine == null ? 0 : Integer.parseInt(statusLine.split(" ")[1]);
            String line;
            while ((line = in.readLine()) != null && !line.isEmpty()) {
                // headers
            }
            StringBuilder body = new StringBuilder();
            char[] buffer = new char[1024];
            int read;
            while ((read = in.read(buffer)) > 0) {
                body.append(buffer, 0, read);
            }
            return new Answer(status, body.toString());
        }
    }

    private static JsonNode operate(String action, String body) throws Exception {
        HttpResponse<String> queued = host.postAsAdmin("/api/host/modules/swap/" + action, body);
        assertEquals(202, queued.statusCode(), action + ": " + queued.body());
        return host.awaitOperation(JSON.readTree(queued.body()).path("operation").path("id").asLong(), 120);
    }

    private static void awaitPage(String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String seen = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> page = host.get(PAGE, null);
            seen = page.statusCode() + " " + page.body();
            if (page.statusCode() == 200 && expected.equals(page.body())) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the page did not become '" + expected + "': " + seen);
    }

    private static void deploySwap(String version) throws Exception {
        Distribution.Result deployed = Distribution.unpacked().mvnDeploy(
                Path.of(System.getProperty("imio.swapModule", "src/test/resources/swap-module")), PUBLISHER, PASSWORD,
                repository.httpPort, "module.version=" + version, "module.fail=false",
                "api.jar=" + Distribution.unpacked().home.resolve("lib/imio/imio-platform-api.jar"));
        assertEquals(0, deployed.exitCode(), "mvn deploy of swap " + version + ": " + deployed.output());
    }

    private static long percentile(List<Long> values, int percent) {
        List<Long> sorted;
        synchronized (values) {
            sorted = new ArrayList<>(values);
        }
        if (sorted.isEmpty()) {
            return -1;
        }
        Collections.sort(sorted);
        int index = (int) Math.ceil(percent / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
