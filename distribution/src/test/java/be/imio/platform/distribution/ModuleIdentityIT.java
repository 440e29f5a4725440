package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.trust.Role;
import be.imio.platform.trust.SignedMetadata;

/**
 * A module is its group and artifact. iMio releases {@code be.imio.platform:courrier}; another
 * publisher, legitimately owning the namespace {@code aa.evil}, tries to release a module it also
 * calls {@code courrier} (same feature name, same title), first at the same version, then at 10.0.0.
 * The repository refuses it, as a module name belongs to one group: that is the first line of
 * defence. The host must hold even when it falls: here signed metadata offers both groups anyway,
 * served by a hostile mirror and signed with the repository's own online keys (as their thief, or a
 * defect of the repository, would). A host on policy {@code automatic} running iMio's courrier must
 * never move it to the other group's release, must show the two as distinct modules with their
 * publisher, must refuse an ambiguous short name, and must refuse to enable the other group's
 * module while iMio's holds the name. The tests build on one another, in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModuleIdentityIT {

    private static final String IMIO = "publisher-imio";
    private static final String EVIL = "publisher-evil";
    private static final String IMIO_PASSWORD = "Imio-Secret-" + System.nanoTime();
    private static final String EVIL_PASSWORD = "Evil-Secret-" + System.nanoTime();
    private static final String IMIO_ID = "be.imio.platform:courrier";
    private static final String EVIL_ID = "aa.evil:courrier";
    private static final Set<String> FINAL_STATES = Set.of("succeeded", "failed", "rolled_back", "interrupted");

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static final String METADATA = StolenKeys.METADATA;
    /** Fields the repository takes from a bundle's texts, or writes for some releases only. */
    private static final List<String> RELEASE_SPECIFIC = List.of("title", "description", "category", "notes",
            "dependencies", "hostApi", "symbolicName", "revoked", "revokedReason", "revokedAt");
    /** Bundle-Name of every bundle built here: the other group's courrier is titled like iMio's. */
    private static final String TITLE = "Registre du courrier";

    private static RunningInstance repository;
    private static TamperingMirror mirror;
    private static StolenKeys stolen;
    private static RunningInstance host;
    /** What the forged metadata offers besides the repository's releases, by target path. */
    private static final Map<String, Forged> FORGED = new LinkedHashMap<>();
    private static long forgedVersion;

    /** A file of the other group that only forged metadata offers, with the {@code custom} it is signed with. */
    private record Forged(byte[] bytes, ObjectNode custom) {
    }

    @BeforeAll
    static void startRepositoryTwoPublishersAMirrorOfferingBothGroupsAndAnAutomaticHost() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, IMIO, IMIO_PASSWORD, "be.imio.platform");
        repository.addAccount(EVIL, EVIL_PASSWORD, "publisher");
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                EVIL + " = aa.evil\n", StandardOpenOption.APPEND);
        repository.start();
        stolen = new StolenKeys(repository);
        mirror = TamperingMirror.start(repository.httpPort);

        PluginReleases.publish(repository.httpPort, IMIO + ":" + IMIO_PASSWORD, "courrier", "1.0.0");
        releaseInAnotherGroup("1.0.0");

        host = RunningInstance.hostOf(distribution, repository, mirror.url());
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"), "policy = automatic\n",
                StandardOpenOption.APPEND);
        host.start();
        sync();
    }

    @AfterAll
    static void stopAll() throws Exception {
        RunningInstance.closeAll(host, mirror, repository);
    }

    @Test
    @Order(0)
    void theRepositoryReleasedNothingOfTheOtherGroupsCourrierButTheMirrorOffersItSigned() throws Exception {
        // Each upload was answered 409 name_taken (see releaseInAnotherGroup); nothing of it was kept.
        for (JsonNode release : json(repository.getAsAdmin("/api/repository/releases/")).path("releases")) {
            assertFalse("aa.evil".equals(release.path("groupId").asText()), "the repository lists no release of"
                    + " aa.evil: " + release);
        }
        SignedMetadata repositoryTargets = stolen.published(Role.TARGETS);
        assertFalse(repositoryTargets.signed().path("targets").toString().contains("aa/evil/"),
                "the repository signs nothing of aa.evil: " + repositoryTargets.signed());
        String jar = "/repository/maven/aa/evil/courrier/1.0.0/courrier-1.0.0.jar";
        assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + jar))
                .build(), HttpResponse.BodyHandlers.discarding()).statusCode(), "the repository has no such file");

        // What the host was offered came from the mirror, under the repository's signatures.
        assertTrue(mirror.requests(METADATA + forgedVersion + ".targets.json") > 0,
                "the host took the forged targets from the mirror");
        JsonNode status = json(host.getAsAdmin("/api/host/status"));
        assertEquals(forgedVersion, status.path("targetsVersion").asLong(), "and trusts them: " + status);
    }

    @Test
    @Order(1)
    void theCatalogueShowsTwoModulesOfTheSameNameEachWithItsGroupAndPublisher() throws Exception {
        JsonNode imio = catalogueModule(IMIO_ID);
        JsonNode evil = catalogueModule(EVIL_ID);
        assertNotNull(imio, "the catalogue lists iMio's courrier: " + catalogue());
        assertNotNull(evil, "the catalogue lists aa.evil's courrier as a module of its own: " + catalogue());
        assertEquals("courrier", imio.path("name").asText());
        assertEquals("be.imio.platform", imio.path("groupId").asText());
        assertEquals("courrier", evil.path("name").asText());
        assertEquals("aa.evil", evil.path("groupId").asText());
        assertEquals(List.of(IMIO), texts(imio.path("publishers")), "who publishes iMio's courrier: " + imio);
        assertEquals(List.of(EVIL), texts(evil.path("publishers")), "who publishes aa.evil's courrier: " + evil);
        for (JsonNode module : List.of(imio, evil)) {
            assertEquals(List.of("1.0.0"), versions(module), "each module lists its own group's releases only: " + module);
            for (JsonNode release : module.path("releases")) {
                assertEquals(module.path("groupId").asText(), release.path("groupId").asText(), "release of " + module);
            }
        }

        String listed = host.shell("admin", host.adminPassword(), "imio:catalogue");
        assertTrue(listed.contains("be.imio.platform") && listed.contains("aa.evil") && listed.contains(EVIL),
                "imio:catalogue shows both groups and the publisher: " + listed);
    }

    @Test
    @Order(2)
    void aShortNameTwoGroupsReleaseIsRefusedAsAmbiguousWithItsCandidates() throws Exception {
        HttpResponse<String> refused = host.postAsAdmin("/api/host/modules/courrier/enable", "{\"version\":\"1.0.0\"}");
        assertEquals(409, refused.statusCode(), "equal versions in two groups: neither is picked: " + refused.body());
        JsonNode error = json(refused);
        assertEquals("ambiguous_module", error.path("error").asText(), refused.body());
        assertEquals(List.of(EVIL_ID, IMIO_ID), texts(error.path("candidates")), refused.body());
        assertTrue(error.path("message").asText().contains(IMIO_ID), refused.body());
        assertEquals(0, operations().size(), "nothing was queued: " + operations());
    }

    @Test
    @Order(3)
    void enablingByGroupAndArtifactInstallsThatGroupsReleaseOfAnEqualVersion() throws Exception {
        JsonNode enabled = awaitOperation(host.postAsAdmin("/api/host/modules/" + IMIO_ID + "/enable",
                "{\"version\":\"1.0.0\"}"));
        assertEquals("succeeded", enabled.path("state").asText(), "enabling iMio's courrier 1.0.0: " + enabled);
        assertEquals("be.imio.platform", enabled.path("groupId").asText(), "the journal records the group: " + enabled);

        JsonNode module = installedModule();
        assertEquals("be.imio.platform", module.path("groupId").asText(), "the host records the group: " + module);
        assertEquals("1.0.0", module.path("version").asText());
        assertTrue(module.path("enabled").asBoolean(), module.toString());
        String bundles = bundles();
        assertTrue(bundles.contains("be.imio.platform.courrier"), "Karaf runs iMio's bundle: " + bundles);
        assertFalse(bundles.contains("aa.evil"), "and not the other group's, of the same version: " + bundles);
        assertEquals(200, host.getAsAdmin("/modules/courrier/").statusCode(), "iMio's courrier serves its page");
    }

    @Test
    @Order(4)
    void theOtherGroupsModuleCannotBeEnabledWhileTheNameIsInUse() throws Exception {
        int before = operations().size();
        HttpResponse<String> refused = host.postAsAdmin("/api/host/modules/" + EVIL_ID + "/enable", "{\"version\":\"1.0.0\"}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("name_in_use", json(refused).path("error").asText(), refused.body());
        assertTrue(json(refused).path("message").asText().contains(IMIO_ID), "says who holds the name: " + refused.body());
        for (String action : List.of("update", "pin", "disable")) {
            HttpResponse<String> other = host.postAsAdmin("/api/host/modules/" + EVIL_ID + "/" + action,
                    "{\"version\":\"1.0.0\"}");
            assertEquals(409, other.statusCode(), action + ": " + other.body());
            assertEquals("name_in_use", json(other).path("error").asText(), action + ": " + other.body());
        }

        String shell = host.shell("admin", host.adminPassword(), "imio:module-enable " + EVIL_ID + " 1.0.0");
        assertTrue(shell.contains("name") && shell.contains(IMIO_ID), "the shell refuses it too: " + shell);

        String session = logIn();
        HttpResponse<String> confirm = console("/console/modules/" + EVIL_ID + "/enable?version=1.0.0", session);
        assertEquals(409, confirm.statusCode(), "the console's confirmation page refuses it: " + confirm.body());
        assertTrue(confirm.body().contains(IMIO_ID), confirm.body());

        assertEquals(before, operations().size(), "nothing was queued: " + operations());
        assertEquals("be.imio.platform", installedModule().path("groupId").asText());
        assertFalse(bundles().contains("aa.evil"), "Karaf runs nothing of aa.evil");
    }

    @Test
    @Order(5)
    void anAutomaticHostIsNotMovedToTheOtherGroupsNewerRelease() throws Exception {
        int before = operations().size();
        releaseInAnotherGroup("10.0.0");
        sync();
        assertTrue(catalogue().toString().contains("\"10.0.0\""), "the host sees aa.evil's 10.0.0: " + catalogue());

        // The policy runs right after the sync; give a queued update time to show before looking.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (System.nanoTime() < deadline) {
            assertEquals(before, operations().size(), "no operation planned: " + operations());
            Thread.sleep(500);
        }
        JsonNode module = installedModule();
        assertEquals("be.imio.platform", module.path("groupId").asText(), module.toString());
        assertEquals("1.0.0", module.path("version").asText(), "iMio's courrier stays at 1.0.0: " + module);
        assertTrue(module.path("updateAvailable").isNull(), "aa.evil's 10.0.0 is no update of it: " + module);
        JsonNode status = json(host.getAsAdmin("/api/host/status"));
        assertTrue(status.path("operation").isNull() && status.path("queued").asInt() == 0, status.toString());
        String bundles = bundles();
        assertTrue(bundles.contains("be.imio.platform.courrier") && !bundles.contains("aa.evil"), bundles);
        String listed = host.shell("admin", host.adminPassword(), "imio:module-list");
        assertTrue(listed.contains("be.imio.platform") && !listed.contains("10.0.0"),
                "imio:module-list shows iMio's courrier and no update: " + listed);
        JsonNode evil = catalogueModule(EVIL_ID);
        assertNotNull(evil, "aa.evil's courrier is its own module: " + catalogue());
        assertEquals(List.of("10.0.0", "1.0.0"), versions(evil), "its releases: " + evil);
        assertEquals(List.of("1.0.0"), versions(catalogueModule(IMIO_ID)), "and iMio's courrier's: " + catalogue());
    }

    @Test
    @Order(6)
    void theConsoleShowsBothModulesWithTheirPublisherAndOffersNoUpdateFromTheOtherGroup() throws Exception {
        String session = logIn();
        HttpResponse<String> catalogue = console("/console/catalogue", session);
        assertEquals(200, catalogue.statusCode(), catalogue.body());
        String html = catalogue.body();
        assertTrue(html.contains("<li data-module=\"courrier\" data-group=\"be.imio.platform\">"), html);
        assertTrue(html.contains("<li data-module=\"courrier\" data-group=\"aa.evil\">"), html);
        assertTrue(html.contains("href=\"/console/catalogue/courrier\""),
                "the host's own courrier keeps its short name: " + html);
        assertTrue(html.contains("href=\"/console/catalogue/aa.evil:courrier\""),
                "the other one is named with its group: " + html);
        assertTrue(html.contains("<span class=\"group\">aa.evil</span> (compte <span class=\"account\">" + EVIL + "</span>)"),
                "aa.evil's courrier shows its group and publisher account: " + html);
        assertTrue(html.contains("<span class=\"group\">be.imio.platform</span> (compte <span class=\"account\">" + IMIO
                + "</span>)"), html);

        HttpResponse<String> evilPage = console("/console/catalogue/" + EVIL_ID, session);
        assertEquals(200, evilPage.statusCode(), evilPage.body());
        assertTrue(evilPage.body().contains("data-state=\"name-in-use\""), evilPage.body());
        assertTrue(evilPage.body().contains("(aa.evil)"), "its title says its group: " + evilPage.body());
        assertFalse(evilPage.body().contains("action-enable") || evilPage.body().contains("action-update"),
                "no enable or update is offered: " + evilPage.body());

        HttpResponse<String> imioPage = console("/console/catalogue/courrier", session);
        assertEquals(200, imioPage.statusCode(), imioPage.body());
        assertTrue(imioPage.body().contains("id=\"publisher\" data-group=\"be.imio.platform\""), imioPage.body());
        assertFalse(imioPage.body().contains("10.0.0"), "iMio's page lists none of aa.evil's releases: " + imioPage.body());

        HttpResponse<String> dashboard = console("/console/", session);
        assertTrue(dashboard.body().contains("<section id=\"updates\"><h2>Mises à jour disponibles</h2><p>Aucune.</p>"),
                "no update waits: " + dashboard.body());
        HttpResponse<String> modules = console("/console/modules", session);
        assertFalse(modules.body().contains("10.0.0"), "My modules offers no version of aa.evil: " + modules.body());
    }

    @Test
    @Order(7)
    void twoGroupsEnablesOfOneFreeNameSentBackToBackLeaveOneGroupHoldingIt() throws Exception {
        release(IMIO + ":" + IMIO_PASSWORD, "be.imio.platform", "agenda", "1.0.0");
        offerFromAnotherGroup("agenda", "1.0.0");
        sync();

        // The name is free until the first enable has succeeded: the second, queued meanwhile,
        // must not get it either.
        HttpResponse<String> first = host.postAsAdmin("/api/host/modules/be.imio.platform:agenda/enable", "{}");
        HttpResponse<String> second = host.postAsAdmin("/api/host/modules/aa.evil:agenda/enable", "{}");
        assertEquals(409, second.statusCode(), second.body());
        assertEquals("name_in_use", json(second).path("error").asText(), second.body());
        assertTrue(json(second).path("message").asText().contains("be.imio.platform:agenda"), second.body());
        JsonNode enabled = awaitOperation(first);
        assertEquals("succeeded", enabled.path("state").asText(), enabled.toString());

        List<JsonNode> agenda = new ArrayList<>();
        json(host.getAsAdmin("/api/host/modules")).path("modules").forEach(m -> {
            if ("agenda".equals(m.path("name").asText())) {
                agenda.add(m);
            }
        });
        assertEquals(1, agenda.size(), agenda.toString());
        assertEquals("be.imio.platform:agenda", agenda.get(0).path("id").asText(), agenda.toString());
        String bundles = bundles();
        assertTrue(bundles.contains("be.imio.platform.agenda") && !bundles.contains("aa.evil.agenda"), bundles);
    }

    @Test
    @Order(8)
    void aNameDifferingOnlyInCaseIsTheSameName() throws Exception {
        offerFromAnotherGroup("Courrier", "11.0.0");
        sync();
        HttpResponse<String> refused = host.postAsAdmin("/api/host/modules/aa.evil:Courrier/enable", "{}");
        assertEquals(409, refused.statusCode(), refused.body());
        assertEquals("name_in_use", json(refused).path("error").asText(), refused.body());
        assertTrue(json(refused).path("message").asText().contains("be.imio.platform:courrier"), refused.body());
        String bundles = bundles();
        assertFalse(bundles.contains("aa.evil.Courrier"), bundles);
    }

    // ---- the other group's release ----

    /**
     * The other group's {@code courrier} at {@code version}: its publisher uploads it and is refused,
     * then forged metadata offers it all the same.
     */
    private static void releaseInAnotherGroup(String version) throws Exception {
        offerFromAnotherGroup("courrier", version);
    }

    /**
     * Builds {@code aa.evil:NAME:VERSION} as its publisher would, in its own namespace: a bundle
     * {@code aa.evil.NAME} titled like iMio's, its pom, and a features XML naming the feature
     * {@code NAME}. The repository refuses each upload with 409 {@code name_taken}, as iMio owns
     * the name. The files are then offered in targets metadata the mirror serves, re-signed with
     * the repository's keys, with the entries the repository would have written for them; the
     * mirror serves their bytes too.
     */
    private static void offerFromAnotherGroup(String name, String version) throws Exception {
        Map<String, byte[]> files = files("aa.evil", name, version);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            HttpResponse<String> refused = put(EVIL + ":" + EVIL_PASSWORD, file.getKey(), file.getValue());
            assertEquals(409, refused.statusCode(), "the repository refuses " + file.getKey() + ": " + refused.body());
            assertEquals("name_taken", json(refused).path("error").asText(), refused.body());
            assertTrue(json(refused).path("message").asText().contains("be.imio.platform"),
                    "and says which group owns the name: " + refused.body());
        }
        SignedMetadata targets = stolen.published(Role.TARGETS);
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            String path = file.getKey();
            assertTrue(targets.signed().path("targets").path(path).isMissingNode(), "not released: " + path);
            ObjectNode custom = templateFor(targets, name.toLowerCase(java.util.Locale.ROOT), path).deepCopy();
            RELEASE_SPECIFIC.forEach(custom::remove);
            custom.put("groupId", "aa.evil").put("artifactId", name).put("version", version).put("releasedBy", EVIL)
                    .put("releasedAt", Instant.now().toString());
            if (path.endsWith(".jar")) {
                custom.put("symbolicName", "aa.evil." + name);
            } else if (path.endsWith("-features.xml")) {
                // The texts of a features XML's target are its bundle's, as the repository copies them.
                custom.putObject("title").put("fr", TITLE);
            }
            FORGED.put(path, new Forged(file.getValue(), custom));
            mirror.replace("/repository/maven/" + path, file.getValue());
        }
        serveForgedMetadata();
    }

    /**
     * The {@code custom} of iMio's release of {@code name} of the same kind of file as {@code path}
     * (bundle, pom or features XML), as the repository wrote it.
     */
    private static ObjectNode templateFor(SignedMetadata targets, String name, String path) {
        String kind = Stream.of("-features.xml", ".jar", ".pom").filter(path::endsWith).findFirst().orElseThrow();
        for (Iterator<Map.Entry<String, JsonNode>> it = targets.signed().path("targets").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode custom = entry.getValue().path("custom");
            if (entry.getKey().startsWith("be/imio/platform/" + name + "/") && entry.getKey().endsWith(kind)
                    && custom.isObject()) {
                return (ObjectNode) custom;
            }
        }
        throw new AssertionError("no release of be.imio.platform:" + name + " with a " + kind + " in " + targets.signed());
    }

    /**
     * Serves, through the mirror, the repository's current targets with every forged entry added,
     * and a snapshot and timestamp pinning them, each signed with the repository's key for its role
     * and newer than anything the host has seen.
     */
    private static void serveForgedMetadata() throws Exception {
        SignedMetadata realTargets = stolen.published(Role.TARGETS);
        SignedMetadata realSnapshot = stolen.published(Role.SNAPSHOT);
        long newest = Math.max(forgedVersion, Math.max(stolen.published(Role.TIMESTAMP).version(),
                Math.max(realSnapshot.version(), realTargets.version())));
        long version = Math.max(System.currentTimeMillis(), newest + 1);
        SignedMetadata targets = stolen.resign(realTargets, version, realTargets.expires(), Role.TARGETS, signed -> {
            ObjectNode entries = (ObjectNode) signed.get("targets");
            FORGED.forEach((path, file) -> {
                ObjectNode entry = entries.putObject(path);
                entry.put("length", file.bytes().length);
                entry.putObject("hashes").put("sha256", StolenKeys.sha256(file.bytes()));
                entry.set("custom", file.custom().deepCopy());
            });
        });
        SignedMetadata snapshot = stolen.resign(realSnapshot, version, realSnapshot.expires(), Role.SNAPSHOT,
                signed -> StolenKeys.pin((ObjectNode) signed.get("meta"), targets));
        mirror.replace(METADATA + version + ".targets.json", targets.toBytes());
        mirror.replace(METADATA + version + ".snapshot.json", snapshot.toBytes());
        // Last, so that a host syncing meanwhile finds every document the timestamp leads to.
        mirror.replace(StolenKeys.TIMESTAMP, stolen.timestampPinning(snapshot, version).toBytes());
        forgedVersion = version;
    }

    /** Releases {@code group:name:version} as {@code credentials}: a bundle without code, its pom and its features XML. */
    private static void release(String credentials, String group, String name, String version) throws Exception {
        for (Map.Entry<String, byte[]> file : files(group, name, version).entrySet()) {
            HttpResponse<String> answer = put(credentials, file.getKey(), file.getValue());
            assertEquals(201, answer.statusCode(), "released " + file.getKey() + " in its publisher's namespace: "
                    + answer.body());
        }
    }

    /** The files of {@code group:name:version}, by path, in the order {@code mvn deploy} sends them. */
    private static Map<String, byte[]> files(String group, String name, String version) throws IOException {
        String base = group.replace('.', '/') + "/" + name + "/" + version + "/" + name + "-" + version;
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put(base + ".jar", bundle(group + "." + name, version));
        files.put(base + ".pom", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><project><modelVersion>4.0.0"
                + "</modelVersion><groupId>" + group + "</groupId><artifactId>" + name + "</artifactId><version>" + version
                + "</version></project>").getBytes(StandardCharsets.UTF_8));
        files.put(base + "-features.xml", ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><features name=\"" + name
                + "-" + version + "\" xmlns=\"http://karaf.apache.org/xmlns/features/v1.6.0\"><feature name=\"" + name
                + "\" version=\"" + version + "\"><bundle>mvn:" + group + "/" + name + "/" + version + "</bundle></feature>"
                + "</features>").getBytes(StandardCharsets.UTF_8));
        return files;
    }

    private static byte[] bundle(String symbolicName, String version) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        main.putValue("Bundle-Name", TITLE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new JarEntry(symbolicName.replace('.', '/') + "/about.txt"));
            jar.write(symbolicName.getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static HttpResponse<String> put(String credentials, String path, byte[] body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials
                        .getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
    }

    // ---- the host ----

    private static void sync() throws Exception {
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        assertEquals(200, synced.statusCode(), synced.body());
        assertTrue(json(synced).path("warning").isNull(), "the signed metadata is accepted: " + synced.body());
    }

    private static JsonNode catalogue() throws Exception {
        return json(host.getAsAdmin("/api/host/catalogue"));
    }

    private static JsonNode catalogueModule(String id) throws Exception {
        JsonNode found = null;
        for (JsonNode module : catalogue().path("modules")) {
            if (id.equals(module.path("id").asText())) {
                assertNull(found, "one entry per module: " + catalogue());
                found = module;
            }
        }
        return found;
    }

    private static JsonNode installedModule() throws Exception {
        List<JsonNode> named = new ArrayList<>();
        json(host.getAsAdmin("/api/host/modules")).path("modules").forEach(m -> {
            if ("courrier".equals(m.path("name").asText())) {
                named.add(m);
            }
        });
        assertEquals(1, named.size(), "one module of the name courrier on the host: " + named);
        return named.get(0);
    }

    private static List<JsonNode> operations() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        json(host.getAsAdmin("/api/host/operations?limit=100")).path("operations").forEach(all::add);
        return all;
    }

    private static JsonNode awaitOperation(HttpResponse<String> queued) throws Exception {
        assertEquals(202, queued.statusCode(), "the operation is queued: " + queued.body());
        long id = json(queued).path("operation").path("id").asLong();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            JsonNode operation = json(host.getAsAdmin("/api/host/operations/" + id));
            if (FINAL_STATES.contains(operation.path("state").asText())) {
                return operation;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("operation " + id + " did not end within 120 s");
    }

    /** The symbolic names of the bundles Karaf has installed. */
    private static String bundles() throws Exception {
        return host.bundleList();
    }

    private static String logIn() throws Exception {
        return ConsoleFixture.consoleSession(host, "admin", host.adminPassword());
    }

    private static HttpResponse<String> console(String path, String session) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.httpPort + path))
                .header("Cookie", "imio_session=" + session).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<String> versions(JsonNode module) {
        List<String> versions = new ArrayList<>();
        module.path("releases").forEach(r -> versions.add(r.path("version").asText()));
        return versions;
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(t -> texts.add(t.asText()));
        return texts;
    }

    private static JsonNode json(HttpResponse<String> response) throws IOException {
        return JSON.readTree(response.body());
    }
}
