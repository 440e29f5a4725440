package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What local IT runs the platform with: the metrics their monitoring scrapes ({@code /metrics},
 * read with Prometheus' own parser), the logs they keep (rotation, retention, one line per event)
 * and the systemd unit. On the previous release's instances, upgraded.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalOperationsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final String MONITOR = "monitor";
    private static final String MONITOR_PASSWORD = "Scrape-Only-2026!";

    private static Distribution distribution;
    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void start() throws Exception {
        distribution = Distribution.unpacked();
        repository = PreviousRelease.instance(distribution, "repository", null);
        host = PreviousRelease.instance(distribution, "host", repository);
        host.addAccount(MONITOR, MONITOR_PASSWORD, "metrics");
        repository.start();
        host.start();
        // The host brings its modules back after its start; their health checks come with them.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        String modules = "";
        while (System.nanoTime() < deadline) {
            modules = host.getAsAdmin("/api/host/modules").body();
            if (JSON.readTree(modules).path("modules").size() == 3 && !modules.contains("\"state\":\"DOWN\"")
                    && modules.split("\"state\":\"UP\"", -1).length == 4) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the modules did not come back: " + modules);
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void metricsParseWithPrometheusParserAndCountAnEnable() throws Exception {
        assertEquals(401, scrape(host, null, null).statusCode(), "no account, no metrics");
        assertEquals(403, host.get("/api/status", MONITOR + ":" + MONITOR_PASSWORD).statusCode(),
                "a monitoring account reads the metrics only");

        HttpResponse<String> prometheus = scrape(host, MONITOR + ":" + MONITOR_PASSWORD, null);
        assertEquals(200, prometheus.statusCode(), prometheus.body());
        assertTrue(prometheus.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        JsonNode samples = parse(prometheus.body(), "prometheus");
        assertEquals(1.0, value(samples, "imio_module_info", "module", "courrier", "version", "1.1.0", "enabled", "true"));
        assertEquals(1.0, value(samples, "imio_module_info", "module", "conseil", "version", "1.0.0", "pinned", "1.0.0"));
        assertEquals(1.0, value(samples, "imio_health_state", "check", "courrier", "state", "UP"));
        assertEquals(0.0, value(samples, "imio_health_state", "check", "courrier", "state", "DOWN"));
        assertEquals(1.0, value(samples, "imio_health_state", "check", "backups", "state", "UP"));
        double enabled = value(samples, "imio_operations_total", "action", "enable", "outcome", "succeeded");
        assertEquals(3.0, enabled, "the three modules the previous release enabled");
        assertTrue(value(samples, "jvm_memory_used_bytes", "area", "heap") > 0);
        assertTrue(value(samples, "jvm_threads_current") > 10);
        assertTrue(value(samples, "imio_db_pool_connections", "state", "max") > 0);
        assertTrue(value(samples, "imio_backup_last_success_age_seconds") >= 0, "the backup taken before the upgrade");
        assertTrue(sum(samples, "imio_http_request_duration_seconds_count", "context", "/api") > 0);

        host.runOperation("salles", "disable", "1.1.0");
        host.runOperation("salles", "enable", "1.1.0");
        host.awaitSync();
        HttpResponse<String> openMetrics = scrape(host, "admin:" + host.adminPassword(),
                "application/openmetrics-text; version=1.0.0; charset=utf-8");
        assertTrue(openMetrics.headers().firstValue("Content-Type").orElse("").startsWith("application/openmetrics-text"),
                openMetrics.headers().toString());
        JsonNode after = parse(openMetrics.body(), "openmetrics");
        assertEquals(enabled + 1, value(after, "imio_operations_total", "action", "enable", "outcome", "succeeded"),
                "the enable is counted");
        assertEquals(1.0, value(after, "imio_operations_total", "action", "disable", "outcome", "succeeded"));
        double age = value(after, "imio_sync_last_success_age_seconds");
        assertTrue(age >= 0 && age < 120, "the host synced with the repository just now: " + age);
        assertTrue(sum(after, "imio_http_request_duration_seconds_count", "context", "/api") > 0);

        // The repository has its own figures: health, backups, HTTP, JVM, database pool.
        JsonNode central = parse(scrape(repository, "admin:" + repository.adminPassword(), null).body(), "prometheus");
        assertEquals(1.0, value(central, "imio_health_state", "check", "web", "state", "UP"));
        assertTrue(sum(central, "imio_operations_total", "action", "release") >= 6,
                "the repository's operations are its audited changes: the six releases");
        assertTrue(sum(central, "imio_operations_total", "action", "promote") >= 1, "courrier 1.0.0's promotion");
        assertTrue(value(central, "imio_db_pool_connections", "state", "max") > 0);
    }

    @Test
    @Order(2)
    void onThisMachineOnlyMetricsCanBeReadWithoutAnAccount() throws Exception {
        Path cfg = repository.dir.resolve("etc/be.imio.platform.metrics.cfg");
        Files.writeString(cfg, "access = loopback\n");
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            int status = 0;
            while (System.nanoTime() < deadline && (status = scrape(repository, null, null).statusCode()) != 200) {
                Thread.sleep(500);
            }
            assertEquals(200, status, "access = loopback: a scraper on this machine needs no account");
            for (String header : List.of("X-Forwarded-For", "Forwarded", "X-Real-IP", "Via", "True-Client-IP")) {
                HttpResponse<String> proxied = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + repository.httpPort + "/metrics"))
                        .header(header, header.equals("Forwarded") ? "for=203.0.113.9" : header.equals("Via")
                                ? "1.1 proxy" : "203.0.113.9").build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(401, proxied.statusCode(), header + ": a request through a proxy on this machine is not local");
            }
        } finally {
            Files.writeString(cfg, "access = authenticated\n");
        }
    }

    @Test
    @Order(3)
    void logsRotateKeepWhatTheyShouldAndSayEachEventInOneLine() throws Exception {
        Path logs = host.dir.resolve("data/log");
        LocalDate today = LocalDate.now(ZoneId.systemDefault());
        Path old = logs.resolve("karaf-2020-01-01-1.log.gz");
        Path recent = logs.resolve("karaf-" + today.minusDays(2) + "-1.log.gz");
        for (Path planted : List.of(old, recent)) {
            Files.write(planted, new byte[] {0x1f, (byte) 0x8b});
        }
        Files.setLastModifiedTime(old, FileTime.from(Instant.now().minus(Duration.ofDays(40))));
        Files.setLastModifiedTime(recent, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
        // A small server's logs, made small enough to roll over in a test (Pax Logging reloads the file).
        PreviousRelease.setKey(host.dir.resolve("etc/org.ops4j.pax.logging.cfg"),
                "log4j2.appender.rolling.policies.size.size", "64KB");
        Thread.sleep(3000);

        host.shell("admin", host.adminPassword(), "imio:backup");
        // Guesses at a password: refused, then blocked; the block is one event, said once.
        for (int i = 0; i < 40 || i < 600 && !rolledOver(logs, today); i++) {
            host.get("/api/status", "admin:wrong-" + i);
        }
        assertTrue(rolledOver(logs, today), "karaf.log rolled over into karaf-" + today + "-N.log.gz: " + list(logs));
        assertFalse(Files.exists(old), "a log older than 30 days is deleted at the roll-over");
        assertTrue(Files.exists(recent), "a log of two days ago is kept");

        String events = Files.readString(logs.resolve("events.log"));
        for (String event : List.of("platform upgraded from " + PreviousRelease.VERSION + " to ",
                "succeeded: disable salles 1.1.0, asked by admin from 127.0.0.1",
                "succeeded: enable salles ",
                "backup written: " + host.dir.resolve("data/backups"))) {
            assertTrue(events.contains(event), event + " in events.log:\n" + events);
        }
        assertEquals(1, events.lines().filter(l -> l.contains("| log-in blocked: ") && l.contains(" of 'admin' from 127.0.0.1")
                && l.contains("too many failed log-ins")).count(), "one event for the block, in events.log:\n" + events);
        for (String line : events.lines().toList()) {
            assertTrue(line.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d,\\d{3} \\| (INFO |WARN |ERROR) \\| [a-z].*"),
                    "one line per event, with its date and level: " + line);
        }
        // Each event is in karaf.log too (rolled over since: today's archives included).
        StringBuilder karaf = new StringBuilder(host.karafLog());
        try (Stream<Path> rolled = Files.list(logs)) {
            for (Path archive : rolled.filter(p -> p.getFileName().toString().startsWith("karaf-" + today)).toList()) {
                try (java.io.InputStream in = new java.util.zip.GZIPInputStream(Files.newInputStream(archive))) {
                    karaf.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        assertTrue(karaf.indexOf("| log-in blocked: ") > 0 && karaf.indexOf(" succeeded: enable salles") > 0
                && karaf.indexOf("| backup written: ") > 0, "events are in karaf.log too");
    }

    @Test
    @Order(4)
    void theServiceUnitOfThisDistributionPassesSystemdAnalyzeVerify() throws Exception {
        Path units = Files.createDirectories(distribution.root.resolve("units-" + System.nanoTime()));
        String user = System.getProperty("user.name");
        Distribution.Result installed = distribution.imio("service", "install", host.dir.toString(), "--user", user,
                "--unit-dir", units.toString());
        assertEquals(0, installed.exitCode(), installed.output());
        Path unit;
        try (Stream<Path> files = Files.list(units)) {
            unit = files.filter(p -> p.toString().endsWith(".service")).findFirst().orElseThrow();
        }
        String text = Files.readString(unit);
        assertTrue(text.contains("\nUser=" + user + "\n") && text.contains("\nRestart=on-failure\n")
                && text.contains("\nExecStop=" + distribution.home.resolve("bin/imio") + " stop " + host.dir + "\n")
                && text.contains("\nLimitNOFILE=65536\n"), text);
        assertTrue(installed.output().contains("systemctl daemon-reload && systemctl enable --now " + unit.getFileName()),
                installed.output());
        Process verify = new ProcessBuilder("/usr/bin/systemd-analyze", "verify", unit.toString())
                .redirectErrorStream(true).start();
        assertTrue(verify.waitFor(60, TimeUnit.SECONDS));
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, verify.exitValue(), output);
        assertFalse(output.contains(unit.getFileName().toString()), "no warning about the unit: " + output);
        if (user.equals("root")) {
            Distribution.Result refused = distribution.imio("service", "install", host.dir.toString(),
                    "--unit-dir", units.toString());
            assertEquals(2, refused.exitCode(), refused.output());
            assertTrue(refused.output().contains("belongs to root, and the platform should not run as root"),
                    refused.output());
        }
    }

    private static HttpResponse<String> scrape(RunningInstance instance, String credentials, String accept)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + instance.httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(20));
        if (credentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        if (accept != null) {
            request.header("Accept", accept);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The samples of {@code text} as Prometheus' Python client parses them ({@code prometheus_client.parser},
     * or {@code .openmetrics.parser}): {@code [{"name", "labels", "value"}]}. A text it cannot parse fails the test.
     */
    private static JsonNode parse(String text, String format) throws Exception {
        String parser = format.equals("openmetrics") ? "from prometheus_client.openmetrics.parser import"
                + " text_string_to_metric_families" : "from prometheus_client.parser import text_string_to_metric_families";
        String script = "import sys, json\n" + parser + "\n"
                + "out = []\n"
                + "for family in text_string_to_metric_families(sys.stdin.read()):\n"
                + "    for s in family.samples:\n"
                + "        out.append({'name': s.name, 'labels': s.labels, 'value': s.value})\n"
                + "print(json.dumps(out))\n";
        Process python = new ProcessBuilder("/usr/bin/python3", "-c", script).redirectError(ProcessBuilder.Redirect.PIPE)
                .start();
        python.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        python.getOutputStream().close();
        String out = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(python.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(python.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, python.exitValue(), "Prometheus' parser refused the " + format + " text: " + err + "\n" + text);
        return JSON.readTree(out);
    }

    /** The value of the one sample named {@code name} whose labels include {@code labels} (name, value, ...). */
    private static double value(JsonNode samples, String name, String... labels) {
        List<JsonNode> found = matching(samples, name, labels);
        assertEquals(1, found.size(), name + " " + String.join(",", labels) + ": " + found);
        return found.get(0).path("value").asDouble();
    }

    private static double sum(JsonNode samples, String name, String... labels) {
        return matching(samples, name, labels).stream().mapToDouble(s -> s.path("value").asDouble()).sum();
    }

    private static List<JsonNode> matching(JsonNode samples, String name, String... labels) {
        return java.util.stream.StreamSupport.stream(samples.spliterator(), false).filter(s -> {
            if (!s.path("name").asText().equals(name)) {
                return false;
            }
            for (int i = 0; i < labels.length; i += 2) {
                if (!labels[i + 1].equals(s.path("labels").path(labels[i]).asText(null))) {
                    return false;
                }
            }
            return true;
        }).toList();
    }

    private static boolean rolledOver(Path logs, LocalDate today) throws IOException {
        try (Stream<Path> files = Files.list(logs)) {
            return files.anyMatch(p -> p.getFileName().toString().matches("karaf-" + today + "-\\d+\\.log\\.gz"));
        }
    }

    private static String list(Path folder) throws IOException {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList().toString();
        }
    }

}
