package be.imio.platform.repository.internal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.json.Json;

class HostReportTest {

    private static JsonNode json(String text) throws Exception {
        return Json.reader().readTree(text);
    }

    @Test
    void aReportKeepsTheKnownFieldsOnlyAndWorksOutTheHostsHealth() throws Exception {
        HostReport report = HostReport.read(json("{\"host\":\"namur\",\"generatedAt\":\"2026-12-01T10:00:00Z\","
                + "\"platformVersion\":\"0.1.0\",\"secret\":\"dropped\",\"modules\":[{\"name\":\"courrier\","
                + "\"version\":\"1.0.0\",\"health\":\"DEGRADED\",\"reason\":\"lent\"},{\"name\":\"salles\","
                + "\"version\":\"1.0.0\",\"enabled\":false,\"health\":\"DOWN\"}]}"), "namur");

        assertEquals("DEGRADED", report.health(), "the worst enabled module's, a disabled one aside");
        assertEquals(1, report.unhealthy().size());
        assertFalse(report.toJson().toString().contains("secret"), report.toJson().toString());
        assertEquals("0.1.0", report.platformVersion());
    }

    @Test
    void aReportOfTheHostsBeforeThisOneIsStillRead() throws Exception {
        HostReport report = HostReport.read(json("{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0\","
                + "\"health\":\"UP\"}],\"lastSync\":\"2026-11-28T10:00:00Z\"}"), "namur");
        assertEquals("UP", report.health());
        assertEquals(1, report.running().size());
    }

    @Test
    void theRepositoryKeepsWhenItFirstSawEachFailureWhateverTheHostSays() throws Exception {
        String failure = "{\"failedReleases\":[{\"name\":\"courrier\",\"version\":\"1.2.0\",\"at\":\"2020-01-01T00:00:00Z\","
                + "\"seenAt\":\"2030-01-01T00:00:00Z\"}]}";
        java.time.Instant first = java.time.Instant.parse("2026-12-01T10:00:00Z");
        HostReport kept = HostReport.read(json(failure), "namur").seen(null, first);
        assertEquals(first, kept.failedReleases().get(0).seenAt(), "a host's own seenAt is ignored");
        HostReport again = HostReport.read(json(failure), "namur").seen(kept, first.plusSeconds(300));
        assertEquals(first, again.failedReleases().get(0).seenAt(), "the same failure keeps the time it was first seen");
        assertEquals(first, HostReport.readKept(kept.toJson(), "namur").failedReleases().get(0).seenAt(), "kept as such");
        assertEquals(true, kept.failedReleases().get(0).rolledBack(), "a failure of an older host counts as a rollback");
    }

    @Test
    void aHostReportsForItselfOnly() {
        assertThrows(HostReport.OtherHost.class, () -> HostReport.read(json("{\"host\":\"liege\"}"), "namur"));
    }

    /** Each a report a host (or whoever holds its credential) could send that must not be kept. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "[1,2]|report",
        "{\"modules\":{}}|modules",
        "{\"modules\":[{\"version\":\"1.0.0\"}]}|modules[].name",
        "{\"modules\":[{\"name\":\"<script>\",\"version\":\"1.0.0\"}]}|modules[].name",
        "{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0 ; DROP\"}]}|modules[].version",
        "{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0\",\"health\":\"GREAT\"}]}|modules[].health",
        "{\"modules\":[{\"name\":\"courrier\",\"version\":\"1.0.0\",\"reason\":\"a\\u0007b\"}]}|modules[].reason",
        "{\"health\":\"up\"}|health",
        "{\"lastSync\":\"yesterday\"}|lastSync",
        "{\"generatedAt\":12}|generatedAt",
        "{\"targetsVersion\":-1}|targetsVersion",
        "{\"targetsVersion\":\"douze\"}|targetsVersion",
        "{\"failedReleases\":[{\"name\":\"courrier\"}]}|failedReleases[].version",
        "{\"failedReleases\":[{\"name\":\"courrier\",\"version\":\"1.0.0\",\"kind\":\"oops\"}]}|failedReleases[].kind",
        "{\"platformVersion\":\"\"}|platformVersion",
    })
    void aReportOfAnotherShapeIsRefusedNamingTheField(String report, String field) {
        HostReport.Invalid refused = assertThrows(HostReport.Invalid.class, () -> HostReport.read(json(report), "namur"));
        assertEquals(field, refused.field());
    }

    @Test
    void listsAreBounded() {
        String modules = "{\"modules\":[" + "{\"name\":\"m\",\"version\":\"1\"},".repeat(HostReport.MAX_MODULES)
                + "{\"name\":\"m\",\"version\":\"1\"}]}";
        assertEquals("modules", assertThrows(HostReport.Invalid.class, () -> HostReport.read(json(modules), "namur")).field());
        String reason = "{\"modules\":[{\"name\":\"m\",\"version\":\"1\",\"reason\":\"" + "x".repeat(HostReport.MAX_REASON + 1)
                + "\"}]}";
        assertEquals("modules[].reason", assertThrows(HostReport.Invalid.class,
                () -> HostReport.read(json(reason), "namur")).field());
    }
}
