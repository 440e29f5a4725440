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

        ObjectNode body = FleetReport.body(status(AT, null), modules);

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
    void aHostWithoutModulesIsUp() {
        ObjectNode body = FleetReport.body(status(null, AT), Map.of());

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
