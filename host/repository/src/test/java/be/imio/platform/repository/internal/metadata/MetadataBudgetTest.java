package be.imio.platform.repository.internal.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.trust.Target;
import be.imio.platform.repository.internal.release.ReleaseLedger;
import be.imio.platform.repository.internal.release.Release;
import be.imio.platform.repository.internal.release.ReleaseRefused;

class MetadataBudgetTest {

    /** Limits as {@code etc/be.imio.platform.repository.metadata.cfg} would set them. */
    private static MetadataConfig limits(int entries, int publisherKb, int totalKb) {
        return limits(entries, publisherKb, totalKb, 2048);
    }

    private static MetadataConfig limits(int entries, int publisherKb, int totalKb, int publisherMb) {
        return limits(entries, publisherKb, totalKb, publisherMb, 200);
    }

    private static MetadataConfig limits(int entries, int publisherKb, int totalKb, int publisherMb, int names) {
        return new MetadataConfig() {
            public Class<? extends Annotation> annotationType() {
                return MetadataConfig.class;
            }
            public int timestampHours() {
                return 24;
            }
            public int snapshotDays() {
                return 30;
            }
            public int targetsDays() {
                return 90;
            }
            public int offlineTargetsDays() {
                return 365;
            }
            public String targetsKey() {
                return "online";
            }
            public int rootDays() {
                return 365;
            }
            public int rootKeys() {
                return 3;
            }
            public int rootThreshold() {
                return 2;
            }
            public int checkMinutes() {
                return 10;
            }
            public int publisherMaxTargets() {
                return entries;
            }
            public int publisherMaxKilobytes() {
                return publisherKb;
            }
            public int targetsMaxKilobytes() {
                return totalKb;
            }
            public int keepVersions() {
                return 10;
            }
            public int minFreeMegabytes() {
                return 0;
            }
            public int publisherMaxMegabytes() {
                return publisherMb;
            }
            public int publisherMaxNames() {
                return names;
            }
        };
    }

    private static List<Target> targets(String account, int count) {
        List<Target> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(new Target("aa/" + account + "/m" + i + "/1.0.0/m" + i + "-1.0.0.jar", 100, "0".repeat(64),
                    JsonNodeFactory.instance.objectNode().put("releasedBy", account).put("channel", "testing")));
        }
        return targets;
    }

    @Test
    void eachPublisherHasItsOwnCountOfEntries() throws Exception {
        List<Target> all = new ArrayList<>(targets("big", 10));
        all.addAll(targets("small", 3));

        MetadataBudget.check("small", all, limits(10, 1024, 6144));
        MetadataBudget.check("big", all, limits(10, 1024, 6144));
        all.addAll(targets("big", 1).stream().map(t -> new Target(t.path().replace("m0", "m99"), t.length(), t.sha256(),
                t.custom())).toList());
        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> MetadataBudget.check("big", all,
                limits(10, 1024, 6144)));

        assertEquals(413, refused.status());
        assertEquals("metadata_budget_exceeded", refused.code());
        assertTrue(refused.getMessage().contains("publisher big would have 11 entries"), refused.getMessage());
    }

    @Test
    void bytesAndTheWholeDocumentAreBoundedToo() {
        List<Target> all = targets("wordy", 40);
        long bytes = all.stream().mapToLong(MetadataBudget::entryBytes).sum();
        assertTrue(bytes > 1024 * 4 && bytes < 1024 * 8, "40 entries take " + bytes + " bytes");

        ReleaseRefused perPublisher = assertThrows(ReleaseRefused.class,
                () -> MetadataBudget.check("wordy", all, limits(1000, 4, 6144)));
        assertTrue(perPublisher.getMessage().contains("at most 1000 (4096 bytes)"), perPublisher.getMessage());

        ReleaseRefused whole = assertThrows(ReleaseRefused.class,
                () -> MetadataBudget.check("someone-else", all, limits(1000, 1024, 4)));
        assertEquals("metadata_budget_exceeded", whole.code());
        assertTrue(whole.getMessage().contains("signed targets metadata would take"), whole.getMessage());
    }

    private static Release stored(String account, String name, long length) {
        return new Release("aa/x/" + name + "/1.0.0/" + name + "-1.0.0.jar", "aa.x", name, "1.0.0", null, null, null,
                length, "0".repeat(64), "testing", account, "127.0.0.1", java.time.Instant.EPOCH, null, null);
    }

    @Test
    void eachPublishersStoredBytesAreBounded() throws Exception {
        long mb = 1024L * 1024;
        List<Release> all = new ArrayList<>(List.of(stored("hoarder", "a", 60 * mb), stored("hoarder", "b", 40 * mb),
                stored("other", "c", 200 * mb)));
        MetadataBudget.checkStorage("hoarder", all, limits(10, 1024, 6144, 100));
        all.add(stored("hoarder", "d", 1));

        ReleaseRefused refused = assertThrows(ReleaseRefused.class,
                () -> MetadataBudget.checkStorage("hoarder", all, limits(10, 1024, 6144, 100)));
        assertEquals(413, refused.status());
        assertEquals("storage_budget_exceeded", refused.code());
        assertTrue(refused.getMessage().contains("would take " + (100 * mb + 1) + " bytes, at most " + 100 * mb),
                refused.getMessage());
        MetadataBudget.checkStorage("other", all, limits(10, 1024, 6144, 200));
        MetadataBudget.checkStorage("hoarder", all, limits(10, 1024, 6144, 2048));
    }

    private static Release bundle(String account, String name) {
        return new Release("aa/x/" + name + "/1.0.0/" + name + "-1.0.0.jar", "aa.x", name, "1.0.0", "aa.x." + name, null,
                null, 10, "0".repeat(64), "testing", account, "127.0.0.1", java.time.Instant.EPOCH, null, null);
    }

    private static List<ReleaseLedger.NameClaim> claims(String... names) {
        return java.util.Arrays.stream(names).map(n -> new ReleaseLedger.NameClaim(n, "aa.x", "aa/x/f.xml")).toList();
    }

    @Test
    void eachPublishersModuleNamesAreBounded() throws Exception {
        MetadataConfig three = limits(10, 1024, 6144, 2048, 3);
        java.util.Set<String> held = java.util.Set.of("a", "b");
        MetadataBudget.checkNames("squatter", held, List.of(bundle("squatter", "c")), claims("A", "b", "C"), three);

        ReleaseRefused refused = assertThrows(ReleaseRefused.class, () -> MetadataBudget.checkNames("squatter", held,
                List.of(), claims("c", "d"), three));
        assertEquals(413, refused.status());
        assertEquals("name_budget_exceeded", refused.code());
        assertTrue(refused.getMessage().contains("publisher squatter would hold 4 module names, at most 3"),
                refused.getMessage());
        assertThrows(ReleaseRefused.class, () -> MetadataBudget.checkNames("squatter", held,
                List.of(bundle("squatter", "c"), bundle("squatter", "d")), List.of(), three), "bundles hold names too");
        // A pom, a texts file or a features XML holds no name by itself: only the claims it makes.
        MetadataBudget.checkNames("squatter", java.util.Set.of("a", "b", "c"), List.of(stored("squatter", "z", 1)),
                List.of(), three);
        // A publisher already past a lowered budget still releases under the names it holds.
        MetadataBudget.checkNames("squatter", java.util.Set.of("a", "b", "c", "d"), List.of(bundle("squatter", "a")),
                claims("b"), three);
    }
}
