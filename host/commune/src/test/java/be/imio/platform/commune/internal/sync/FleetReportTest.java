package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.SyncStatus;

class FleetReportTest {

    private static final Instant AT = Instant.parse("2026-11-28T12:00:00Z");

    private static InstalledModule module(String name, boolean enabled) {
        return new InstalledModule(name, "be.imio.solutions", "1.0.0", null, enabled, null, null, AT);
    }

    private static SyncStatus status(Instant lastSync, Instant offlineSince) {
        return new SyncStatus("http://repo", 1, "ab", lastSync, AT, offlineSince, null, 7, 5);
    }

    @Test
    void reportsEachModuleAndTheWorstHealthOfTheEnabledOnes() {
        Map<InstalledModule, HealthStatus> modules = new LinkedHashMap<>();
        modules.put(module("courrier", true), HealthStatus.degraded("slow"));
        modules.put(module("urbanisme", false), HealthStatus.down("stopped"));
        modules.put(module("etatcivil", true), HealthStatus.up(""));

        ObjectNode body = FleetReport.body("namur", "0.1.0", "https://depot.imio.be", status(AT, null), modules, Map.of());

        assertEquals("DEGRADED", body.get("health").asText(), "a disabled module that is down does not count");
        assertEquals(3, body.get("modules").size());
        assertEquals("urbanisme", body.get("modules").get(1).get("name").asText());
        assertEquals("be.imio.solutions", body.get("modules").get(1).get("groupId").asText(),
                "iMio sees which group's module of that name the host runs");
        assertEquals("DOWN", body.get("modules").get(1).get("health").asText());
        assertEquals(false, body.get("modules").get(1).get("enabled").asBoolean());
        assertEquals("2026-11-28T12:00:00Z", body.get("lastSync").asText());
        assertTrue(body.get("offlineSince").isNull());
        assertEquals(5, body.get("targetsVersion").asLong());
    }

    @Test
    void itSaysWhyAModuleIsNotUpAndWhichReleasesFailedHereInWordsTheRepositoryTakes() {
        Map<InstalledModule, HealthStatus> modules = new LinkedHashMap<>();
        InstalledModule courrier = module("courrier", true);
        modules.put(courrier, HealthStatus.down("base\tlente\r\nligne 2\u0000" + "x".repeat(600)));
        FailedRelease failed = new FailedRelease("1.1.0", AT, 12, "échec / failure", null, null);

        ObjectNode body = FleetReport.body("namur", "0.1.0", null, status(AT, null), modules,
                Map.of(courrier, List.of(failed)));

        String reason = body.get("modules").get(0).get("reason").asText();
        assertTrue(reason.startsWith("base lente\nligne 2 x"), reason);
        assertEquals(FleetReport.MAX_REASON, reason.length(), "bounded as the repository bounds it");
        assertEquals("namur", body.get("host").asText(), "a host reports for itself");
        assertEquals("0.1.0", body.get("platformVersion").asText());
        assertEquals("1.1.0", body.get("failedReleases").get(0).get("version").asText());
        assertEquals("courrier", body.get("failedReleases").get(0).get("name").asText());
        assertEquals("be.imio.solutions", body.get("failedReleases").get(0).get("groupId").asText(), "of its group");
        assertEquals("rolled_back", body.get("failedReleases").get(0).get("kind").asText());
        assertEquals("2026-11-28T12:00:00Z", body.get("failedReleases").get(0).get("at").asText());
    }

    @Test
    void aReportStaysWithinWhatTheRepositoryTakesNewestFailuresKept() throws Exception {
        Map<InstalledModule, HealthStatus> modules = new LinkedHashMap<>();
        Map<InstalledModule, List<FailedRelease>> failures = new LinkedHashMap<>();
        for (int m = 0; m < 40; m++) {
            InstalledModule module = module("module-" + m, true);
            modules.put(module, HealthStatus.down("é".repeat(499)));
            List<FailedRelease> failed = new java.util.ArrayList<>();
            for (int v = 0; v < 5; v++) {
                failed.add(new FailedRelease("1." + v + ".0", AT.plusSeconds(m * 10L + v), v, "à".repeat(499), null, null,
                        v % 2 == 0));
            }
            failures.put(module, failed);
        }
        ObjectNode body = FleetReport.body("namur", "0.1.0", null, status(AT, null), modules, failures);
        assertTrue(new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsBytes(body).length <= FleetReport.MAX_BYTES,
                "within the repository's bytes");
        assertTrue(body.get("failedReleases").size() >= 10, "the newest failures stay: " + body.get("failedReleases").size());
        assertEquals("module-39", body.get("failedReleases").get(0).get("name").asText(), "newest first");
        assertEquals("not_installed", body.get("failedReleases").get(1).get("kind").asText());
    }

    @Test
    void theSyncSourceIsReportedWithoutWhatItCarriesBesides() {
        assertEquals("https://miroir.example:8443/depot", FleetReport.syncSource("https://user:secret@miroir.example:8443/depot?k=v"));
        assertEquals("http://127.0.0.1:8180", FleetReport.syncSource("http://127.0.0.1:8180"));
        assertEquals(null, FleetReport.syncSource("not a url"));
    }

    /** The repository answers 503, then 204: the report is made again until it is taken, then only on change or age. */
    @Test
    void aReportTheRepositoryDidNotTakeIsSentAgainAndAnUnchangedOneOnlyWhenItAges() throws Exception {
        java.util.concurrent.atomic.AtomicInteger answer = new java.util.concurrent.atomic.AtomicInteger(503);
        List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/repository/reports", exchange -> {
            received.add(new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(answer.get(), -1);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            be.imio.platform.commune.internal.settings.HostSettings settings =
                    new be.imio.platform.commune.internal.settings.HostSettings();
            settings.configure((be.imio.platform.commune.internal.settings.HostConfig) java.lang.reflect.Proxy
                    .newProxyInstance(getClass().getClassLoader(), new Class<?>[] {
                        be.imio.platform.commune.internal.settings.HostConfig.class}, (proxy, method, args) ->
                            switch (method.getName()) {
                                case "reportUrl", "repositoryUrl" -> url;
                                case "hostId" -> "namur";
                                case "hostToken" -> "secret";
                                case "reportIntervalSeconds" -> 300;
                                case "downloadTimeoutSeconds" -> 10;
                                default -> method.getDefaultValue();
                            }));
            java.util.concurrent.atomic.AtomicReference<Instant> now = new java.util.concurrent.atomic.AtomicReference<>(AT);
            java.time.Clock clock = new java.time.Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return java.time.ZoneOffset.UTC;
                }

                @Override
                public java.time.Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return now.get();
                }
            };
            FleetReport report = new FleetReport(settings, clock, "0.1.0");
            Map<InstalledModule, HealthStatus> modules = new LinkedHashMap<>();
            modules.put(module("courrier", true), HealthStatus.up(""));

            report.send(status(AT, null), modules, Map.of());
            assertEquals(1, received.size(), "the first report goes");
            now.set(AT.plusSeconds(30));
            report.send(status(AT, null), modules, Map.of());
            assertEquals(2, received.size(), "the repository did not take it: sent again at the next call");
            answer.set(204);
            now.set(AT.plusSeconds(60));
            report.send(status(AT, null), modules, Map.of());
            assertEquals(3, received.size());
            assertTrue(received.get(2).contains("\"generatedAt\":\"2026-11-28T12:01:00Z\""), received.get(2));
            now.set(AT.plusSeconds(90));
            report.send(status(AT.plusSeconds(85), null), modules, Map.of());
            assertEquals(3, received.size(), "taken and unchanged (a new sync time aside): nothing to send");
            modules.put(module("courrier", true), HealthStatus.degraded("lent"));
            report.send(status(AT, null), modules, Map.of());
            assertEquals(4, received.size(), "changed: sent at once");
            now.set(AT.plusSeconds(60 + 30 + 300));
            report.send(status(AT, null), modules, Map.of());
            assertEquals(5, received.size(), "unchanged for the report interval: sent again");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aHostWithoutModulesIsUp() {
        ObjectNode body = FleetReport.body("namur", "0.1.0", null, status(null, AT), Map.of(), Map.of());

        assertEquals("UP", body.get("health").asText());
        assertTrue(body.get("lastSync").isNull());
        assertEquals("2026-11-28T12:00:00Z", body.get("offlineSince").asText());
    }

    @Test
    void theCredentialGoesOverHttpsOrToThisMachineOnly() {
        for (String url : List.of("https://depot.imio.be", "HTTPS://depot.imio.be:8443/base", "http://127.0.0.1:8180",
                "http://localhost:8180", "http://127.1.2.3", "http://[::1]:8180")) {
            assertTrue(FleetReport.safeToSend(url), url);
        }
        for (String url : List.of("http://depot.imio.be", "http://10.0.0.5:8180", "http://127.0.0.1.evil.example",
                "http://localhost.evil.example", "ftp://depot.imio.be", "depot.imio.be", "http://[::2]", "", "http:// x")) {
            assertFalse(FleetReport.safeToSend(url), url);
        }
    }
}
