package be.imio.platform.repository.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;

class ReleaseLedgerTest {

    private static final List<String> SCRIPTS = List.of("V1__releases_and_audit.sql",
            "V2__channels_and_revocations.sql", "V3__hosts.sql", "V4__release_about.sql", "V5__module_names.sql");

    private EmbeddedDataSource dataSource;

    /** A database brought to the newest schema by the repository's own scripts, as the platform runs them. */
    @BeforeEach
    void migratedDatabase() throws Exception {
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName("memory:" + UUID.randomUUID());
        dataSource.setCreateDatabase("create");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
            for (String script : SCRIPTS) {
                try (InputStream in = getClass().getResourceAsStream("/db/repository/" + script)) {
                    String sql = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^\\s*--.*$", "");
                    for (String one : sql.split(";\\s*(\\R|$)")) {
                        if (!one.isBlank()) {
                            statement.execute(one.strip());
                        }
                    }
                }
            }
        }
    }

    @Test
    void theTextsOfAReleaseSurviveARestart() throws Exception {
        String about = ReleaseAbout.ofFeatures(ReleaseAboutTest.COURRIER, List.of("scr"));
        Release features = ReleaseAboutTest.release("courrier-1.0.0-features.xml", about);
        new ReleaseLedger(dataSource).record(features, () -> { });

        ReleaseLedger restarted = new ReleaseLedger(dataSource);
        Release read = restarted.all().get(0);
        // The texts are published in their own file, made from what the ledger kept.
        ObjectNode texts = (ObjectNode) new com.fasterxml.jackson.databind.ObjectMapper().readTree(
                ReleaseAbout.fileBytes(read.path(), read.about())).path("about");

        assertEquals(about, read.about());
        assertEquals(about, restarted.about(features.path()));
        assertEquals("Secrétariat", texts.path("category").path("fr").asText());
        assertEquals("scr", texts.path("dependencies").path(0).asText());
    }

    @Test
    void anAuditEntryIsWrittenWhateverARefusedRequestCarried() throws Exception {
        new ReleaseLedger(dataSource).audit(java.time.Instant.now(), "x".repeat(150) + "\0", "127.0.0.1", "release",
                "be/imio/evil\0.jar", "refused", "bad\0name");

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet row = statement.executeQuery("SELECT ACTOR, SUBJECT, DETAIL FROM REPOSITORY_AUDIT")) {
            row.next();
            assertEquals("x".repeat(100), row.getString(1), "cut to the column's length");
            assertEquals("be/imio/evil\uFFFD.jar", row.getString(2), "no NUL, which PostgreSQL refuses in text");
            assertEquals("bad\uFFFDname", row.getString(3));
        }
    }

    @Test
    void aReleaseWithoutTextsKeepsNone() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ledger.record(ReleaseAboutTest.release("courrier-1.0.0.pom", null), () -> { });

        assertNull(ledger.all().get(0).about());
        assertNull(ledger.about("be/imio/platform/courrier/1.0.0/courrier-1.0.0.pom"));
        assertNull(ledger.about("be/imio/platform/courrier/9.9.9/courrier-9.9.9.jar"), "no such release");
    }

    @Test
    void keepsTheLongestTextsAllowed() throws Exception {
        ObjectNode longest = ReleaseAbout.parse(null);
        for (String field : List.of("title", "description", "category", "notes")) {
            longest.putObject(field).put("fr", "é".repeat(BundleInspection.MAX_TEXT))
                    .put("en", "e".repeat(BundleInspection.MAX_TEXT));
        }
        String about = ReleaseAbout.text(longest);
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ledger.record(ReleaseAboutTest.release("courrier-1.0.0.jar", about), () -> { });

        assertEquals(about, ledger.about("be/imio/platform/courrier/1.0.0/courrier-1.0.0.jar"));
    }

    @Test
    void aModuleNameBelongsToTheGroupThatClaimedItFirst() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        Release features = ReleaseAboutTest.release("courrier-1.0.0-features.xml", null);
        ledger.recordAll(List.of(features), List.of(new ReleaseLedger.NameClaim("courrier", "be.imio.platform",
                features.path())), () -> { });
        assertEquals("be.imio.platform", ledger.ownerOf("courrier"));

        Release evil = new Release("aa/evil/courrier/10.0.0/courrier-10.0.0-features.xml", "aa.evil", "courrier",
                "10.0.0", null, null, null, 10, "0".repeat(64), "testing", "evil", "127.0.0.1", features.releasedAt(),
                null, null);
        ReleaseLedger.NameTaken taken = org.junit.jupiter.api.Assertions.assertThrows(ReleaseLedger.NameTaken.class,
                () -> ledger.recordAll(List.of(evil), List.of(new ReleaseLedger.NameClaim("courrier", "aa.evil",
                        evil.path())), () -> { }));
        assertEquals("be.imio.platform", taken.owner());
        assertEquals(1, ledger.all().size(), "nothing of the refused release is recorded");

        assertEquals(List.of("courrier"), ledger.claimFree(List.of(new ReleaseLedger.NameClaim("courrier", "aa.evil",
                "x"), new ReleaseLedger.NameClaim("trojan", "aa.evil", "x")), features.releasedAt()).stream()
                .map(ReleaseLedger.NameClaim::name).toList());
        assertEquals("aa.evil", ledger.ownerOf("trojan"));
    }

    @Test
    void aModuleNameIsOwnedWhateverItsCase() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        Release features = ReleaseAboutTest.release("courrier-1.0.0-features.xml", null);
        ledger.recordAll(List.of(features), List.of(new ReleaseLedger.NameClaim("Courrier", "be.imio.platform",
                features.path())), () -> { });
        for (String name : new String[] {"courrier", "Courrier", "COURRIER", "cOuRrIeR"}) {
            assertEquals("be.imio.platform", ledger.ownerOf(name), name);
        }
        Release evil = new Release("aa/evil/COURRIER/10.0.0/COURRIER-10.0.0-features.xml", "aa.evil", "COURRIER",
                "10.0.0", null, null, null, 10, "0".repeat(64), "testing", "evil", "127.0.0.1", features.releasedAt(),
                null, null);
        ReleaseLedger.NameTaken taken = org.junit.jupiter.api.Assertions.assertThrows(ReleaseLedger.NameTaken.class,
                () -> ledger.recordAll(List.of(evil), List.of(new ReleaseLedger.NameClaim("COURRIER", "aa.evil",
                        evil.path())), () -> { }));
        assertEquals("be.imio.platform", taken.owner());
        assertEquals(List.of(features.groupId()), ledger.otherGroupsReleasing("COURRIER", "aa.evil"));
        assertEquals(List.of(), ledger.otherGroupsReleasing("Courrier", features.groupId()));
    }
}
