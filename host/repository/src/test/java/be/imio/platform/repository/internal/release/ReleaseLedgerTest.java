package be.imio.platform.repository.internal.release;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.Statement;
import java.util.List;

import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.node.ObjectNode;
import be.imio.platform.repository.internal.maven.MavenPath;
import be.imio.platform.repository.internal.inspection.BundleInspection;
import be.imio.platform.repository.internal.fleet.HostFiling;
import be.imio.platform.repository.internal.fleet.HostRegistry;

class ReleaseLedgerTest {

    private EmbeddedDataSource dataSource;

    /** A database brought to the newest schema by the repository's own scripts, as the platform runs them. */
    @BeforeEach
    void migratedDatabase() throws Exception {
        dataSource = be.imio.platform.repository.internal.TestDatabase.migrated();
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
        assertEquals("be.imio.platform", ledger.names().ownerOf("courrier"));

        Release evil = new Release("aa/evil/courrier/10.0.0/courrier-10.0.0-features.xml", "aa.evil", "courrier",
                "10.0.0", null, null, null, 10, "0".repeat(64), "testing", "evil", "127.0.0.1", features.releasedAt(),
                null, null);
        ReleaseLedger.NameTaken taken = org.junit.jupiter.api.Assertions.assertThrows(ReleaseLedger.NameTaken.class,
                () -> ledger.recordAll(List.of(evil), List.of(new ReleaseLedger.NameClaim("courrier", "aa.evil",
                        evil.path())), () -> { }));
        assertEquals("be.imio.platform", taken.owner());
        assertEquals(1, ledger.all().size(), "nothing of the refused release is recorded");

        assertEquals(List.of("courrier"), ledger.names().claimFree(List.of(new ReleaseLedger.NameClaim("courrier", "aa.evil",
                "x"), new ReleaseLedger.NameClaim("trojan", "aa.evil", "x")), features.releasedAt()).stream()
                .map(ReleaseLedger.NameClaim::name).toList());
        assertEquals("aa.evil", ledger.names().ownerOf("trojan"));
    }

    @Test
    void aModuleNameIsOwnedWhateverItsCase() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        Release features = ReleaseAboutTest.release("courrier-1.0.0-features.xml", null);
        ledger.recordAll(List.of(features), List.of(new ReleaseLedger.NameClaim("Courrier", "be.imio.platform",
                features.path())), () -> { });
        for (String name : new String[] {"courrier", "Courrier", "COURRIER", "cOuRrIeR"}) {
            assertEquals("be.imio.platform", ledger.names().ownerOf(name), name);
        }
        Release evil = new Release("aa/evil/COURRIER/10.0.0/COURRIER-10.0.0-features.xml", "aa.evil", "COURRIER",
                "10.0.0", null, null, null, 10, "0".repeat(64), "testing", "evil", "127.0.0.1", features.releasedAt(),
                null, null);
        ReleaseLedger.NameTaken taken = org.junit.jupiter.api.Assertions.assertThrows(ReleaseLedger.NameTaken.class,
                () -> ledger.recordAll(List.of(evil), List.of(new ReleaseLedger.NameClaim("COURRIER", "aa.evil",
                        evil.path())), () -> { }));
        assertEquals("be.imio.platform", taken.owner());
        assertEquals(List.of(features.groupId()), ledger.names().otherGroupsReleasing("COURRIER", "aa.evil"));
        assertEquals(List.of(), ledger.names().otherGroupsReleasing("Courrier", features.groupId()));
    }

    private static Release of(String group, String artifact, String fileName, String symbolicName, String account) {
        return new Release(group.replace('.', '/') + "/" + artifact + "/1.0.0/" + artifact + "-1.0.0" + fileName, group,
                artifact, "1.0.0", symbolicName, null, null, 10, "0".repeat(64), "testing", account, "127.0.0.1",
                java.time.Instant.parse("2026-11-29T10:00:00Z"), null, null);
    }

    /** The names {@code group} would claim with a features XML of {@code artifact} that defines {@code features}. */
    private static void claimWithFeatures(ReleaseLedger ledger, String group, String artifact, String account,
            String... features) throws Exception {
        Release xml = of(group, artifact, "-features.xml", null, account);
        List<ReleaseLedger.NameClaim> claims = new java.util.ArrayList<>();
        claims.add(new ReleaseLedger.NameClaim(artifact, group, xml.path()));
        for (String feature : features) {
            claims.add(new ReleaseLedger.NameClaim(feature, group, xml.path()));
        }
        ledger.recordAll(List.of(xml), claims, () -> { });
    }

    private static ReleaseRefused refusedName(ModuleNames names, String group, String artifact) {
        return org.junit.jupiter.api.Assertions.assertThrows(ReleaseRefused.class, () -> names.check(
                MavenPath.ofVersionFile(group.replace('.', '/') + "/" + artifact + "/1.0.0/" + artifact + "-1.0.0.jar"),
                java.util.Set.of()), artifact);
    }

    private static void free(ModuleNames names, String group, String artifact) throws ReleaseRefused {
        names.check(MavenPath.ofVersionFile(group.replace('.', '/') + "/" + artifact + "/1.0.0/" + artifact
                + "-1.0.0.jar"), java.util.Set.of());
    }

    @Test
    void aNameWhoseTablesMeetAnotherGroupsNameIsRefused() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ModuleNames names = new ModuleNames(ledger, null);
        claimWithFeatures(ledger, "be.imio.platform", "courrier", "imio", "courrier-admin");
        // The review's module, its underscore and dot spellings, deeper names, and a shorter name.
        for (String name : new String[] {"courrier-mail", "courrier_mail", "Courrier.Mail", "courrier-mail-archive",
            "COURRIER_ADMIN_X"}) {
            ReleaseRefused refused = refusedName(names, "aa.evil", name);
            assertEquals(409, refused.status());
            assertEquals("name_prefix_taken", refused.code(), name);
            assertTrue(refused.getMessage().contains("a name of group be.imio.platform"), refused.getMessage());
        }
        // A bundle alone holds its name's tables too: it is what a host migrates.
        ledger.record(of("aa.other", "agenda-x", ".jar", "aa.other.agenda", "other"), () -> { });
        assertEquals("name_prefix_taken", refusedName(names, "be.imio.platform", "agenda").code());
        assertEquals("name_prefix_taken", refusedName(names, "be.imio.platform", "agenda-x-y").code());
        // Names sharing only letters, and the group's own family, are free.
        free(names, "aa.evil", "courriers");
        free(names, "aa.evil", "mail-courrier");
        free(names, "be.imio.platform", "courrier-mail");
        free(names, "aa.other", "agenda-x-z");
    }

    @Test
    void aPomAloneHoldsNoName() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ModuleNames names = new ModuleNames(ledger, null);
        // The review's squat: one pom of artifactId taxes from another group.
        ledger.record(of("aa.evil", "taxes", ".pom", null, "evil"), () -> { });
        assertEquals(List.of(), ledger.names().otherGroupsReleasing("taxes", "be.imio.platform"));
        free(names, "be.imio.platform", "taxes");
        free(names, "be.imio.platform", "taxes-x");
        assertEquals(java.util.Set.of(), ledger.namesHeldBy("evil"));
        // A bundle holds its name (a module's bundle goes before its features XML).
        ledger.record(of("aa.evil", "impots", ".jar", "aa.evil.impots", "evil"), () -> { });
        assertEquals("name_taken", refusedName(names, "be.imio.platform", "impots").code());
        claimWithFeatures(ledger, "aa.evil", "squat", "evil", "urbanisme", "Population");
        assertEquals(java.util.Set.of("impots", "squat", "urbanisme", "population"), ledger.namesHeldBy("evil"));
    }

    @Test
    void anAdministratorFreesAClaimedNameAndARevokedBundleHoldsNone() throws Exception {
        ReleaseLedger ledger = new ReleaseLedger(dataSource);
        ModuleNames names = new ModuleNames(ledger, null);
        claimWithFeatures(ledger, "aa.evil", "squat", "evil", "urbanisme");
        assertEquals("name_taken", refusedName(names, "be.imio.platform", "urbanisme").code());

        assertEquals("aa.evil", ledger.names().freeName("Urbanisme", java.time.Instant.now(), "admin", "shell", "squatted"));
        free(names, "be.imio.platform", "urbanisme");
        assertNull(ledger.names().freeName("urbanisme", java.time.Instant.now(), "admin", "shell", "again"), "nothing to free");
        assertEquals("aa.evil", ledger.names().ownerOf("squat"), "the other names stay");
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
                java.sql.ResultSet rows = statement.executeQuery("SELECT ACTOR, SUBJECT, DETAIL FROM REPOSITORY_AUDIT"
                        + " WHERE ACTION = 'name-free'")) {
            assertTrue(rows.next());
            assertEquals("admin urbanisme held by aa.evil: squatted", rows.getString(1) + " " + rows.getString(2) + " "
                    + rows.getString(3));
            assertTrue(!rows.next(), "one entry: the second call changed nothing");
        }

        ledger.record(of("aa.evil", "impots", ".jar", "aa.evil.impots", "evil"), () -> { });
        assertEquals("name_taken", refusedName(names, "be.imio.platform", "impots").code());
        ledger.change("aa.evil", "impots", "1.0.0", "REVOKED_REASON = ?, REVOKED_AT = ?", List.of("squat",
                java.time.Instant.now()), "REVOKED_AT IS NOT NULL", java.time.Instant.now(), "admin", "shell", "revoke",
                "squat", all -> { });
        free(names, "be.imio.platform", "impots");
    }

    @Test
    void aHostsCredentialIsHandedOutWithItsAuditRowOnlyAndOnce() throws Exception {
        HostRegistry hosts = new HostRegistry(dataSource);
        java.time.Instant at = java.time.Instant.parse("2026-11-30T20:00:00Z");

        HostFiling namur = HostFiling.of("commune-namur", "commune", "", "");
        String token = hosts.register(namur, "admin", "192.0.2.7", at);
        assertTrue(token != null && token.length() >= 40, "a credential: " + token);
        assertEquals(HostRegistry.Credential.ACCEPTED, hosts.authenticates("commune-namur", token));
        assertNull(hosts.register(namur, "admin", null, at), "an id taken is refused");

        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             java.sql.ResultSet rows = statement.executeQuery("SELECT ACTOR, SOURCE_ADDRESS, ACTION, SUBJECT, OUTCOME"
                     + " FROM REPOSITORY_AUDIT")) {
            List<String> audit = new java.util.ArrayList<>();
            while (rows.next()) {
                audit.add(rows.getString(1) + " " + rows.getString(2) + " " + rows.getString(3) + " " + rows.getString(4)
                        + " " + rows.getString(5));
            }
            assertEquals(List.of("admin 192.0.2.7 host-register commune-namur done"), audit);
        }
    }
}
