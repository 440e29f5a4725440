package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;
import be.imio.platform.trust.TrustRoot;

/**
 * Both roles on PostgreSQL instead of Derby, switched by configuration only, as the comments of
 * {@code etc/org.ops4j.datasource-platform.cfg} say: a repository releases, promotes and audits,
 * keeps it all across a restart, in PostgreSQL; a host on another database of the same cluster
 * boots, migrates its schema and enables the released module, whose own tables land there too.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PostgresqlIT {

    private static final String PUBLISHER = "publisher-ci";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final String MODULE = "swap";
    private static final String JAR = "be/imio/solutions/swap/1.0.0/swap-1.0.0.jar";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static PostgresqlServer postgresql;
    private static RunningInstance repository;
    private static RunningInstance host;

    @BeforeAll
    static void startPostgresql() throws Exception {
        long started = System.nanoTime();
        postgresql = PostgresqlServer.start();
        System.out.printf("PostgreSQL cluster on port %d ready in %.1f s%n", postgresql.port,
                (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, repository, postgresql);
    }

    @Test
    @Order(1)
    void aRepositoryKeepsItsReleasesAndAuditInPostgresqlAcrossARestart() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), PUBLISHER, PASSWORD,
                "be.imio.solutions");
        usePostgresql(repository, "imio_repository");
        System.out.printf("repository on PostgreSQL: first boot in %.1f s%n", repository.start());

        long deploying = System.nanoTime();
        Distribution.Result deployed = deploySwap();
        assertEquals(0, deployed.exitCode(), "mvn deploy of swap 1.0.0: " + deployed.output());
        System.out.printf("mvn deploy of swap 1.0.0: %.1f s%n", (System.nanoTime() - deploying) / 1e9);
        Distribution.Result again = deploySwap();
        assertTrue(again.exitCode() != 0 && again.output().contains("409"),
                "a release cannot be replaced (the primary key refuses it on PostgreSQL too): " + again.output());

        HttpResponse<String> promoted = repository.postAsAdmin("/api/repository/releases/be.imio.solutions:swap:1.0.0/promote", "{}");
        assertEquals(200, promoted.statusCode(), "promoting swap 1.0.0: " + promoted.body());
        HttpResponse<String> registered = repository.postAsAdmin("/api/repository/hosts/", "{\"id\":\"essai-pg\"}");
        assertEquals(201, registered.statusCode(), "registering a host: " + registered.body());
        String before = repository.getAsAdmin("/api/repository/releases/").body();
        String status = repository.getAsAdmin("/api/status").body();

        repository.stop();
        repository.start();

        assertEquals(before, repository.getAsAdmin("/api/repository/releases/").body(),
                "the releases read back from PostgreSQL after a restart are the same");
        JsonNode release = releaseListed(JAR);
        assertEquals("stable", release.path("channel").asText(), "the promotion is kept: " + release);
        assertEquals(PUBLISHER, release.path("releasedBy").asText(), "who released it is kept: " + release);
        assertEquals("stable", signedTargets().get(JAR).custom().path("channel").asText(),
                "the signed targets metadata lists the promoted release");
        assertTrue(repository.getAsAdmin("/api/repository/hosts/").body().contains("\"id\":\"essai-pg\""),
                "the registered host is kept");
        String restarted = repository.getAsAdmin("/api/status").body();
        assertEquals(RoleInstanceIT.field(status, "id"), RoleInstanceIT.field(restarted, "id"));
        assertEquals("2", RoleInstanceIT.field(restarted, "startCount"), "the start count is read back and raised");

        List<String> audit = rows("imio_repository",
                "SELECT ACTION || ' ' || SUBJECT || ' ' || OUTCOME FROM REPOSITORY_AUDIT ORDER BY ID");
        assertTrue(audit.contains("release " + JAR + " accepted"), "the release is audited in PostgreSQL: " + audit);
        assertTrue(audit.stream().anyMatch(a -> a.startsWith("release " + JAR + " refused")),
                "the refused second upload is audited: " + audit);
        assertTrue(audit.contains("promote be.imio.solutions:swap:1.0.0 done"), "the promotion is audited: " + audit);
        assertTrue(audit.contains("host-register essai-pg done"), "handing out a host's credential is audited: " + audit);
        assertEquals(List.of("stable"), rows("imio_repository",
                "SELECT CHANNEL FROM REPOSITORY_RELEASE WHERE PATH = '" + JAR + "'"), "the release row is in PostgreSQL");
        assertEquals(List.of("2"), rows("imio_repository", "SELECT START_COUNT FROM PLATFORM_INSTANCE"));
        assertNoDerby(repository);
    }

    @Test
    @Order(2)
    void aHostOnPostgresqlBootsMigratesAndEnablesAModule() throws Exception {
        byte[] root = repository.get("/repository/metadata/1.root.json", null).body().getBytes(StandardCharsets.UTF_8);
        String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(root));
        host = RunningInstance.create(Distribution.unpacked(), "host", "--repository",
                "http://127.0.0.1:" + repository.httpPort, "--root-fingerprint", fingerprint);
        usePostgresql(host, "imio_host");
        System.out.printf("host on PostgreSQL: first boot in %.1f s%n", host.start());
        assertEquals(200, host.get("/health", null).statusCode());
        assertEquals(List.of("host"), rows("imio_host", "SELECT ROLE_ID FROM PLATFORM_INSTANCE"));
        // One row per script of the host's db/host/V*.sql and of the platform's db/platform/V*.sql (read
        // from the source tree: every new script is expected without this test changing).
        List<String> expected = new java.util.ArrayList<>();
        for (String[] component : new String[][] {{"host", "../host/commune/src/main/resources/db/host"},
                {"platform", "../host/store/src/main/resources/db/platform"}}) {
            try (var scripts = java.nio.file.Files.list(Path.of(component[1]))) {
                scripts.map(script -> script.getFileName().toString()).filter(name -> name.matches("V\\d+__.*\\.sql"))
                        .map(name -> Integer.parseInt(name.substring(1, name.indexOf("__")))).sorted()
                        .forEach(version -> expected.add(component[0] + " " + version));
            }
        }
        assertTrue(expected.size() >= 8, "the host's and the platform's scripts are found: " + expected);
        assertEquals(expected, rows("imio_host", "SELECT COMPONENT || ' ' || VERSION"
                + " FROM PLATFORM_SCHEMA_HISTORY ORDER BY COMPONENT, VERSION"), "the host's schema is migrated");

        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), "sync: " + synced.body());
        HttpResponse<String> enable = host.postAsAdmin("/api/host/modules/" + MODULE + "/enable", "{\"version\":\"1.0.0\"}");
        assertEquals(202, enable.statusCode(), "enabling swap: " + enable.body());
        long id = JSON.readTree(enable.body()).path("operation").path("id").asLong();
        assertTrue(id > 0, "the journal answers the operation's generated id: " + enable.body());
        JsonNode operation = host.awaitOperation(id, 120);
        assertEquals("succeeded", operation.path("state").asText(), "enabling swap 1.0.0: " + operation);
        HttpResponse<String> note = host.postAsAdmin("/modules/swap/notes", "{\"text\":\"Note dans PostgreSQL\"}");
        assertEquals(201, note.statusCode(), "the module writes to its own table: " + note.body());

        assertEquals(List.of("swap 1.0.0 1"), rows("imio_host", "SELECT NAME || ' ' || VERSION || ' ' || ENABLED"
                + " FROM HOST_MODULE"), "the module's state is in PostgreSQL");
        assertEquals(List.of(id + " enable succeeded"), rows("imio_host", "SELECT ID || ' ' || ACTION || ' ' || STATE"
                + " FROM HOST_OPERATION"), "the operation is journaled in PostgreSQL");
        HttpResponse<String> policy = host.postAsAdmin("/api/host/modules/" + MODULE + "/policy", "{\"policy\":\"automatic\"}");
        assertEquals(202, policy.statusCode(), "policy: " + policy.body());
        long policyId = JSON.readTree(policy.body()).path("operation").path("id").asLong();
        assertEquals("succeeded", host.awaitOperation(policyId, 60).path("state").asText());
        assertEquals(List.of("policy automatic"), rows("imio_host", "SELECT ACTION || ' ' || POLICY FROM HOST_OPERATION"
                + " WHERE TO_VERSION IS NULL AND ACTION = 'policy'"), "a policy change in its own column");
        // A reason is journalled as a message too: a change of the settings made outside the console.
        host.shell("admin", host.adminPassword(), "config:property-set -p be.imio.platform.host syncIntervalSeconds 420");
        List<String> messages = List.of();
        for (int tries = 0; tries < 50 && messages.isEmpty(); tries++) {
            Thread.sleep(200);
            messages = rows("imio_host", "SELECT REASON_MESSAGE FROM HOST_OPERATION WHERE ACTION = 'settings'");
        }
        assertEquals(1, messages.size(), "the change is journalled: " + messages);
        assertTrue(messages.get(0).contains("\"reason.settings-changed-outside\"") && messages.get(0).contains("420"),
                "with its message, in its own column: " + messages);
        assertEquals(List.of("Note dans PostgreSQL"), rows("imio_host", "SELECT TEXT FROM SWAP_NOTE"),
                "the module's migration and data are in PostgreSQL");
        assertNoDerby(host);
        List<String> errors = host.karafLog().lines().filter(line -> line.contains("| ERROR |")).toList();
        assertTrue(errors.isEmpty(), "karaf.log of the host has ERROR lines:\n" + String.join("\n", errors));
    }

    /**
     * Switches a new instance to PostgreSQL exactly as the comments of its datasource file say:
     * imio-postgresql instead of imio-derby in featuresBoot, and the driver, url, user and password
     * lines instead of Derby's three. The database is created first, as an operator would.
     */
    private static void usePostgresql(RunningInstance instance, String database) throws Exception {
        String password = UUID.randomUUID().toString();
        postgresql.createDatabase(database, database, password);

        Path features = instance.dir.resolve("etc/org.apache.karaf.features.cfg");
        String boot = Files.readString(features);
        assertTrue(boot.contains("imio-derby/") && !boot.contains("imio-postgresql"), "Derby is the default: " + boot);
        Files.writeString(features, boot.replace("imio-derby/", "imio-postgresql/"));

        Path datasource = instance.dir.resolve("etc/org.ops4j.datasource-platform.cfg");
        List<String> postgresLines = List.of("osgi.jdbc.driver.name = PostgreSQL JDBC Driver",
                "url = jdbc:postgresql://HOST:5432/DATABASE", "user = USER", "password = PASSWORD");
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(datasource)) {
            if (line.startsWith("#")) {
                kept.add(line);
            } else if (!line.matches("(osgi\\.jdbc\\.driver\\.name|databaseName|createDatabase) =.*")) {
                kept.add(line);
            }
        }
        String comments = String.join("\n", kept);
        for (String documented : postgresLines) {
            assertTrue(comments.contains("#        " + documented), "the file documents the line '" + documented + "'");
        }
        postgresLines.forEach(line -> kept.add(line.replace("HOST:5432", "127.0.0.1:" + postgresql.port)
                .replace("DATABASE", database).replace("USER", database).replace("PASSWORD", password)));
        Files.write(datasource, kept);
    }

    /** Releases the test module swap 1.0.0 with a real {@code mvn deploy}. */
    private static Distribution.Result deploySwap() throws Exception {
        return Distribution.unpacked().mvnDeploy(Path.of(System.getProperty("imio.swapModule")), PUBLISHER, PASSWORD,
                repository.httpPort, "module.version=1.0.0", "module.fail=false",
                "api.jar=" + Distribution.unpacked().home.resolve("lib/imio/imio-platform-api.jar"));
    }

    /** No Derby folder, and the running bundles are PostgreSQL's driver, not Derby. */
    private static void assertNoDerby(RunningInstance instance) throws Exception {
        assertFalse(Files.exists(instance.dir.resolve("data/derby")), "no Derby database in " + instance.dir);
        List<String> bundles = instance.bundleList().lines()
                .filter(line -> line.contains("Active") || line.contains("Resolved") || line.contains("Installed"))
                .toList();
        assertTrue(bundles.stream().anyMatch(line -> line.contains("org.postgresql.jdbc") && line.contains("Active")),
                "PostgreSQL's driver runs: " + bundles);
        assertTrue(bundles.stream().noneMatch(line -> line.toLowerCase(java.util.Locale.ROOT).contains("derby")),
                "Derby is not installed: " + bundles);
    }

    /** The first column of every row {@code sql} selects in {@code database}, as text. */
    private static List<String> rows(String database, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection connection = postgresql.connect(database);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static JsonNode releaseListed(String path) throws Exception {
        for (JsonNode release : JSON.readTree(repository.getAsAdmin("/api/repository/releases/").body()).path("releases")) {
            if (path.equals(release.path("path").asText())) {
                return release;
            }
        }
        return fail(path + " is not listed");
    }

    private static java.util.Map<String, Target> signedTargets() throws Exception {
        TrustRoot root = TrustRoot.initial(SignedMetadata.parse(repository.get("/repository/metadata/root.json", null)
                .body().getBytes(StandardCharsets.UTF_8)));
        SignedMetadata targets = SignedMetadata.parse(repository.get("/repository/metadata/targets.json", null)
                .body().getBytes(StandardCharsets.UTF_8));
        root.verify(targets, Role.TARGETS, java.time.Instant.now());
        return MetadataDocuments.targetsOf(targets);
    }
}
