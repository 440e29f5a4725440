package be.imio.platform.repository.internal.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import be.imio.platform.repository.internal.release.Release;

class FleetTest {

    static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

    static Release release(String module, String version, String channel, Instant revokedAt) {
        return new Release("be/imio/solutions/" + module + "/" + version + "/" + module + "-" + version + ".jar",
                "be.imio.solutions", module, version, null, null, null, 10, "0".repeat(64), channel, "imio",
                "127.0.0.1", Instant.parse("2026-11-01T10:00:00Z"), revokedAt == null ? null : "bad", revokedAt);
    }

    static HostRegistry.Host host(String id, HostKind kind, String group, String report, Instant receivedAt) {
        return new HostRegistry.Host(id, kind, group, null, "admin", Instant.parse("2026-11-01T10:00:00Z"), null, null,
                report, receivedAt, "192.0.2.1", receivedAt, report == null ? 0 : 1);
    }

    static String report(String health, String modules, String failures) {
        return "{\"health\":\"" + health + "\",\"platformVersion\":\"0.1.0\",\"modules\":[" + modules
                + "],\"failedReleases\":[" + failures + "]}";
    }

    static String module(String name, String version, String health) {
        return "{\"name\":\"" + name + "\",\"groupId\":\"be.imio.solutions\",\"version\":\"" + version + "\",\"health\":\"" + health + "\",\"reason\":"
                + ("UP".equals(health) ? "null" : "\"base de données lente\"") + "}";
    }

    static final List<Release> RELEASES = List.of(release("courrier", "1.0.0", "stable", null),
            release("courrier", "1.1.0", "stable", null), release("courrier", "1.2.0", "testing", null),
            release("courrier", "1.0.1", "stable", NOW), release("conseil", "2.0.0", "stable", null));

    static Fleet fleet() {
        List<HostRegistry.Host> hosts = new ArrayList<>();
        hosts.add(host("namur", HostKind.COMMUNE, "pilote", report("UP", module("courrier", "1.1.0", "UP") + ","
                + module("conseil", "2.0.0", "UP"), ""), NOW.minusSeconds(60)));
        hosts.add(host("liege", HostKind.COMMUNE, null, report("UP", module("courrier", "1.0.0", "UP"), ""),
                NOW.minusSeconds(3 * 3600)));
        hosts.add(host("cpas-mons", HostKind.CPAS, "pilote", report("DOWN", module("courrier", "1.0.1", "DOWN"), ""),
                NOW.minusSeconds(30 * 3600)));
        // Tried 1.2.0, which failed and was rolled back; runs 1.1.0 again.
        hosts.add(host("zp-arlon", HostKind.POLICE, null, report("UP", module("courrier", "1.1.0", "UP"),
                "{\"name\":\"courrier\",\"version\":\"1.2.0\",\"at\":\"2026-12-01T09:00:00Z\",\"reason\":\"x\"}"),
                NOW.minusSeconds(120)));
        hosts.add(host("ath", HostKind.COMMUNE, null, report("UP", module("courrier", "1.2.0", "UP"), ""),
                NOW.minusSeconds(120)));
        hosts.add(host("eupen", HostKind.OTHER, null, null, null));
        return Fleet.of(hosts, RELEASES, NOW);
    }

    static Map<String, Fleet.HostRow> byId(List<Fleet.HostRow> rows) {
        Map<String, Fleet.HostRow> map = new HashMap<>();
        rows.forEach(row -> map.put(row.host().id(), row));
        return map;
    }

    @Test
    void eachHostIsFlaggedForWhatIsWrongWithIt() {
        Map<String, Fleet.HostRow> rows = byId(fleet().hosts());
        assertEquals(Set.of(), rows.get("namur").flags(), "on the newest stable, healthy");
        assertEquals(Set.of(Fleet.Flag.BEHIND), rows.get("liege").flags(), "1.0.0 while 1.1.0 is stable");
        assertEquals(Set.of(Fleet.Flag.REVOKED, Fleet.Flag.BEHIND, Fleet.Flag.UNHEALTHY), rows.get("cpas-mons").flags(),
                "runs the revoked 1.0.1, down");
        assertEquals(Set.of(), rows.get("zp-arlon").flags(), "its own failure is not a failure elsewhere");
        assertEquals(Set.of(Fleet.Flag.FAILED_ELSEWHERE), rows.get("ath").flags(), "runs 1.2.0, which failed on zp-arlon");
        assertEquals(Set.of(Fleet.Flag.NEVER_REPORTED), rows.get("eupen").flags());
        assertEquals("unknown", rows.get("eupen").health());
    }

    @Test
    void eachModuleCountsItsHostsPerVersionNewestFirst() {
        Fleet.ModuleSummary courrier = fleet().modules().stream().filter(m -> m.name().equals("courrier")).findFirst()
                .orElseThrow();
        assertEquals("1.1.0", courrier.newestStable(), "1.2.0 is in testing, 1.0.1 revoked");
        assertEquals(List.of("1.2.0", "1.1.0", "1.0.1", "1.0.0"), new ArrayList<>(courrier.versions().keySet()));
        assertEquals(2, courrier.versions().get("1.1.0"));
        assertEquals(5, courrier.hosts());
        assertEquals(2, courrier.behind());
        assertEquals(1, courrier.revoked());
        assertEquals(1, courrier.failedElsewhere());
        assertEquals(1, courrier.unhealthy());
    }

    private static List<String> ids(String query) {
        Map<String, String[]> parameters = new HashMap<>();
        for (String pair : query.split("&")) {
            if (!pair.isEmpty()) {
                String[] kv = pair.split("=", 2);
                parameters.put(kv[0], new String[] {kv[1]});
            }
        }
        return FleetQuery.of(parameters).apply(fleet()).stream().map(row -> row.host().id()).toList();
    }

    @Test
    void filtersKeepTheHostsTheyName() {
        assertEquals(List.of("ath", "cpas-mons", "eupen", "liege", "namur", "zp-arlon"), ids(""));
        assertEquals(List.of("cpas-mons"), ids("kind=cpas"));
        assertEquals(List.of("cpas-mons", "namur"), ids("group=pilote"));
        assertEquals(List.of("namur", "zp-arlon"), ids("module=courrier&version=1.1.0"));
        assertEquals(List.of("namur"), ids("module=conseil"));
        assertEquals(List.of("cpas-mons", "liege"), ids("module=courrier&flag=behind"));
        assertEquals(List.of("eupen"), ids("flag=never-reported"));
        assertEquals(List.of("cpas-mons"), ids("health=DOWN"));
        assertEquals(List.of("eupen"), ids("health=unknown"));
        assertEquals(List.of("cpas-mons", "eupen", "liege"), ids("silentHours=2"), "silent 2 h or more, or never heard of");
        assertEquals(List.of("cpas-mons", "eupen"), ids("silentHours=24"));
        assertEquals(List.of("ath", "cpas-mons", "eupen", "liege", "namur", "zp-arlon"), ids("kind=mayor&silentHours=x"),
                "what names nothing known filters nothing");
    }

    @Test
    void sortingPutsWhatNeedsAttentionFirst() {
        assertEquals(List.of("eupen", "cpas-mons", "liege", "ath", "zp-arlon", "namur"), ids("sort=lastReport"));
        assertEquals("cpas-mons", ids("sort=health").get(0), "the worst health first");
        assertEquals(List.of("zp-arlon", "namur", "liege", "eupen", "cpas-mons", "ath"), ids("order=desc"));
        assertEquals(List.of("cpas-mons", "namur", "ath", "eupen", "liege", "zp-arlon"), ids("sort=group"));
    }

    @Test
    void anotherGroupsModuleOfTheSameNameIsAnotherModule() {
        List<Release> releases = new ArrayList<>(RELEASES);
        releases.add(new Release("be/partenaire/courrier/9.0.0/courrier-9.0.0.jar", "be.partenaire", "courrier", "9.0.0",
                null, null, null, 10, "0".repeat(64), "stable", "partenaire", "127.0.0.1", NOW, null, null));
        HostRegistry.Host other = host("spa", HostKind.COMMUNE, null, report("UP", "{\"name\":\"courrier\",\"groupId\":"
                + "\"be.partenaire\",\"version\":\"9.0.0\",\"health\":\"UP\"}", ""), NOW);
        List<HostRegistry.Host> hosts = new ArrayList<>(List.of(other, host("namur", HostKind.COMMUNE, null,
                report("UP", module("courrier", "1.1.0", "UP"), ""), NOW)));
        Fleet fleet = Fleet.of(hosts, releases, NOW);
        assertEquals(Set.of(), byId(fleet.hosts()).get("namur").flags(), "the partner's 9.0.0 is no newer courrier of iMio's");
        assertEquals(List.of("be.imio.solutions", "be.partenaire"), fleet.modules().stream()
                .filter(m -> m.name().equals("courrier")).map(Fleet.ModuleSummary::groupId).toList(), "two modules");
    }

    @Test
    void theCsvQuotesAsRfc4180AndNeverLetsASpreadsheetComputeAHostsText() throws Exception {
        HostRegistry.Host evil = new HostRegistry.Host("evil", HostKind.COMMUNE, null, "=HYPERLINK(\"http://x\";\"a\")",
                "admin", NOW, null, null, report("DEGRADED", "{\"name\":\"courrier\",\"version\":\"1.1.0\",\"health\":"
                        + "\"DEGRADED\",\"reason\":\"-2+3; \\\"quoted\\\"\"}", ""), NOW, "192.0.2.1", NOW, 1);
        Fleet fleet = Fleet.of(List.of(evil), RELEASES, NOW);
        String csv = FleetExport.csv(fleet.hosts(), column -> column, HostKind::id, ';');
        String[] lines = csv.split("\r\n");
        assertEquals(String.join(";", FleetExport.COLUMNS), lines[0]);
        assertTrue(lines[1].startsWith("evil;\"'=HYPERLINK(\"\"http://x\"\";\"\"a\"\")\";commune;"), lines[1]);
        assertTrue(lines[1].contains("\"courrier: -2+3; \"\"quoted\"\"\""), "a reason is a text, quoted: " + lines[1]);
        assertTrue(lines[1].contains(";\"2026-12-01 13:00\";"), "Brussels time: " + lines[1]);
        assertFalse(csv.contains(";=") || csv.contains(";\"="), csv);
    }

    @Test
    void aRequiredReleaseFlagsWhoDeferredItWithTheirReasonAndWhoIsPastItsDate() throws Exception {
        Instant by = NOW.minusSeconds(3600);
        java.util.Map<String, be.imio.platform.trust.RequiredUpdate> required = Map.of("be.imio.solutions:courrier:1.1.0",
                new be.imio.platform.trust.RequiredUpdate(by, "Faille XSS", by.plusSeconds(30L * 86_400)));
        String deferral = ",\"deferrals\":[{\"name\":\"courrier\",\"groupId\":\"be.imio.solutions\",\"version\":\"1.1.0\","
                + "\"until\":\"2026-12-08T12:00:00Z\",\"reason\":\"=Conseil communal le 15\",\"by\":\"admin\","
                + "\"at\":\"2026-11-30T10:00:00Z\"}]}";
        String deferring = report("UP", module("courrier", "1.0.0", "UP"), "");
        List<HostRegistry.Host> hosts = List.of(
                host("namur", HostKind.COMMUNE, null, deferring.substring(0, deferring.length() - 1) + deferral, NOW),
                host("liege", HostKind.COMMUNE, null, report("UP", module("courrier", "1.0.0", "UP"), ""), NOW),
                host("ath", HostKind.COMMUNE, null, report("UP", module("courrier", "1.1.0", "UP"), ""), NOW));
        Fleet fleet = Fleet.of(hosts, RELEASES, required, NOW);
        Map<String, Fleet.HostRow> rows = byId(fleet.hosts());
        Fleet.HostModule namur = rows.get("namur").modules().get(0);
        assertEquals(Set.of(Fleet.Flag.BEHIND, Fleet.Flag.DEFERRED), namur.flags(), "deferred, not yet due");
        assertEquals("=Conseil communal le 15", namur.deferral().reason());
        assertEquals(Instant.parse("2026-12-08T12:00:00Z"), namur.due());
        assertEquals(Set.of(Fleet.Flag.BEHIND, Fleet.Flag.OVERDUE), rows.get("liege").modules().get(0).flags(),
                "past the deadline without a deferral");
        assertEquals(Set.of(), rows.get("ath").modules().get(0).flags(), "runs it");
        assertEquals(fleet.hosts().size(), Fleet.of(hosts, RELEASES, NOW).hosts().size());
        assertFalse(Fleet.of(hosts, RELEASES, NOW).hosts().stream().anyMatch(row -> row.flags().contains(Fleet.Flag.DEFERRED)),
                "a deferral of nothing iMio requires (any more) is no flag");

        String json = FleetExport.json(fleet, fleet.hosts()).toString();
        assertTrue(json.contains("\"deferral\":{\"version\":\"1.1.0\",\"until\":\"2026-12-08T12:00:00Z\","
                + "\"asked\":\"2026-12-08T12:00:00Z\",\"reason\":\"=Conseil communal le 15\""), json);
        String csv = FleetExport.csv(fleet.hosts(), column -> column, kind -> kind.id(), ',');
        assertTrue(csv.contains(",\"courrier 1.1.0 → 2026-12-08 13:00: =Conseil communal le 15\""),
                "in Brussels time, the commune's reason after its module (so never a formula): " + csv);

        be.imio.platform.repository.internal.rollout.RequiredLedger.Row row =
                new be.imio.platform.repository.internal.rollout.RequiredLedger.Row("be.imio.solutions", "courrier",
                        "1.1.0", required.values().iterator().next(), "admin", NOW.minusSeconds(7200));
        var status = be.imio.platform.repository.internal.rollout.RequiredStatus.of(row, fleet);
        assertEquals(1, status.updated());
        assertEquals(List.of("liege", "namur"), status.pending().stream().sorted().toList());
        assertEquals(List.of("liege"), status.overdue());
        assertEquals("namur", status.deferred().get(0).host());
    }

    @Test
    void aReportsDeferralsAreCheckedLikeTheRestOfIt() {
        String base = "{\"modules\":[],\"deferrals\":[%s]}";
        String good = "{\"name\":\"courrier\",\"version\":\"1.1.0\",\"until\":\"2026-12-08T12:00:00Z\","
                + "\"reason\":\"conseil\"}";
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        for (String bad : List.of(good.replace("2026-12-08T12:00:00Z", "demain"), good.replace("\"conseil\"", "\"\""),
                good.replace(",\"until\":\"2026-12-08T12:00:00Z\"", ""), good.replace("conseil", "x".repeat(501)),
                good.replace("courrier", "../etc"), good.replace("conseil", "a\\u0000b"))) {
            HostReport.Invalid refused = org.junit.jupiter.api.Assertions.assertThrows(HostReport.Invalid.class,
                    () -> HostReport.read(json.readTree(String.format(base, bad)), "namur"), bad);
            assertTrue(refused.getMessage().startsWith("deferrals"), refused.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertThrows(HostReport.Invalid.class, () -> HostReport.read(json.readTree(
                "{\"deferrals\":{}}"), "namur"));
    }

    @Test
    void aDeferralCountsForTheRequirementItAnswersWithinIMiosCurrentLimitAndARevokedReleaseIsRequiredOfNoOne() {
        Instant by = NOW.minusSeconds(3600);
        String report = report("UP", module("courrier", "1.0.0", "UP"), "");
        String deferring = report.substring(0, report.length() - 1) + ",\"deferrals\":[{\"name\":\"courrier\","
                + "\"groupId\":\"be.imio.solutions\",\"version\":\"1.1.0\",\"requiredBy\":\"%s\","
                + "\"until\":\"2026-12-20T12:00:00Z\",\"reason\":\"conseil\"}]}";
        List<HostRegistry.Host> hosts = List.of(host("namur", HostKind.COMMUNE, null, String.format(deferring, by), NOW),
                host("liege", HostKind.COMMUNE, null, String.format(deferring, by.minusSeconds(86_400 * 200L)), NOW));
        be.imio.platform.trust.RequiredUpdate twoDays = new be.imio.platform.trust.RequiredUpdate(by, "faille",
                by.plusSeconds(2 * 86_400));
        Map<String, Fleet.HostRow> rows = byId(Fleet.of(hosts, RELEASES, Map.of("be.imio.solutions:courrier:1.1.0",
                twoDays), NOW).hosts());
        assertEquals(by.plusSeconds(2 * 86_400), rows.get("namur").modules().get(0).due(),
                "a deferral to the 20th, cut to the two days iMio allows now");
        assertTrue(rows.get("namur").modules().get(0).flags().contains(Fleet.Flag.DEFERRED));
        assertEquals(null, rows.get("liege").modules().get(0).deferral(), "a deferral of an earlier requirement");
        assertTrue(rows.get("liege").modules().get(0).flags().contains(Fleet.Flag.OVERDUE));

        // courrier 1.0.1 is revoked: required of no one, whatever the table says.
        Map<String, Fleet.HostRow> revoked = byId(Fleet.of(hosts, RELEASES, Map.of("be.imio.solutions:courrier:1.0.1",
                twoDays, "be.imio.solutions:courrier:1.1.0", twoDays), NOW).hosts());
        assertEquals("1.1.0", revoked.get("namur").modules().get(0).required().version());

        // Where the fleet stands on 1.0.1 (revoked, not withdrawn yet): required of no one.
        Map<String, be.imio.platform.trust.RequiredUpdate> both = Map.of("be.imio.solutions:courrier:1.0.1", twoDays,
                "be.imio.solutions:courrier:1.1.0", twoDays);
        Fleet fleet = Fleet.of(hosts, RELEASES, both, NOW);
        var revokedRow = new be.imio.platform.repository.internal.rollout.RequiredLedger.Row("be.imio.solutions",
                "courrier", "1.0.1", twoDays, "admin", NOW);
        var status = be.imio.platform.repository.internal.rollout.RequiredStatus.of(revokedRow, fleet);
        assertTrue(status.revoked());
        assertEquals(List.of(), status.pending());
        assertEquals(List.of(), status.overdue());
        // On 1.2.0, also required: both hosts pending, whichever requirement the fleet view shows first.
        Fleet withNewer = Fleet.of(hosts, RELEASES, Map.of("be.imio.solutions:courrier:1.1.0", twoDays,
                "be.imio.solutions:courrier:1.2.0", twoDays), NOW);
        status = be.imio.platform.repository.internal.rollout.RequiredStatus.of(
                new be.imio.platform.repository.internal.rollout.RequiredLedger.Row("be.imio.solutions", "courrier",
                        "1.2.0", twoDays, "admin", NOW), withNewer);
        assertEquals(List.of("liege", "namur"), status.pending().stream().sorted().toList());
        assertEquals(List.of(), status.deferred(), "their deferrals answer 1.1.0, not 1.2.0");
    }

    @Test
    void theFleetViewDecidesAsTheHostDoesWhenANewerRequiredReleaseIsHeldThere() {
        Instant by = NOW.minusSeconds(3600);
        be.imio.platform.trust.RequiredUpdate fix = new be.imio.platform.trust.RequiredUpdate(by, "faille",
                by.plusSeconds(30L * 86_400));
        String failed = "{\"name\":\"courrier\",\"groupId\":\"be.imio.solutions\",\"version\":\"1.2.0\","
                + "\"at\":\"2026-12-01T09:00:00Z\",\"reason\":\"x\"}";
        String report = report("UP", module("courrier", "1.0.0", "UP"), failed);
        String deferring = report.substring(0, report.length() - 1) + ",\"deferrals\":[{\"name\":\"courrier\","
                + "\"groupId\":\"be.imio.solutions\",\"version\":\"1.1.0\",\"requiredBy\":\"" + by + "\","
                + "\"until\":\"2026-12-20T12:00:00Z\",\"reason\":\"conseil\"}]}";
        Map<String, be.imio.platform.trust.RequiredUpdate> required = Map.of("be.imio.solutions:courrier:1.1.0", fix,
                "be.imio.solutions:courrier:1.2.0", fix);
        Fleet.HostModule namur = Fleet.of(List.of(host("namur", HostKind.COMMUNE, null, deferring, NOW)), RELEASES,
                required, NOW).hosts().get(0).modules().get(0);
        assertEquals("1.1.0", namur.required().version(), "1.2.0 failed there: the host takes 1.1.0, deferred");
        assertEquals(Set.of(Fleet.Flag.BEHIND, Fleet.Flag.DEFERRED), namur.flags());

        // A rollout that has not reached the host holds 1.2.0 back, as the host sees it: not overdue for it.
        be.imio.platform.trust.Rollout pilot = new be.imio.platform.trust.Rollout(5,
                be.imio.platform.trust.Rollout.State.RUNNING, 0, List.of(new be.imio.platform.trust.Rollout.Ring(
                        List.of("pilote-1"), 0), new be.imio.platform.trust.Rollout.Ring(List.of(), 100)));
        Fleet.HostModule liege = Fleet.of(List.of(host("liege", HostKind.COMMUNE, null, report("UP", module("courrier",
                "1.0.0", "UP"), ""), NOW)), RELEASES, Map.of("be.imio.solutions:courrier:1.2.0", fix),
                Map.of("be.imio.solutions:courrier:1.2.0", pilot), NOW).hosts().get(0).modules().get(0);
        assertFalse(liege.flags().contains(Fleet.Flag.OVERDUE), liege.flags().toString());
    }
}
