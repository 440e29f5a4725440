package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.StandardOpenOption;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.Target;

/**
 * A publisher account in the hands of an attacker (namespace {@code aa.evil}) tries to release
 * what is not its own, as it would send it to a real repository: another group's module inside a
 * .kar, another group's module name, a features XML that makes hosts fetch or write what no
 * signature pins, a bundle that serves pages outside its module. Each is refused with a stable
 * error code, and neither the release list nor the signed targets change.
 */
class ReleaseAttacksIT {

    private static final String PASSWORD = "Attacks-Secret-" + System.nanoTime();
    private static final String IMIO = "imio-ci:" + PASSWORD;
    private static final String EVIL = "evil:" + PASSWORD;
    private static final String HOARDER = "hoarder:" + PASSWORD;
    private static final int STORED_MEGABYTES = 2;
    private static final String SQUATTER = "squatter:" + PASSWORD;
    private static final int MAX_NAMES = 60;
    private static final String KARAF = "http://karaf.apache.org/xmlns/features/v1.6.0";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static RunningInstance repository;

    @BeforeAll
    static void startRepositoryWithIMioAndAnAttacker() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), "imio-ci", PASSWORD,
                "be.imio.platform");
        repository.addAccount("evil", PASSWORD, "publisher");
        repository.addAccount("hoarder", PASSWORD, "publisher");
        repository.addAccount("squatter", PASSWORD, "publisher");
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                "evil = aa.evil\nhoarder = aa.hoard\nsquatter = aa.squat\n", StandardOpenOption.APPEND);
        // Every publisher may store 2 MB here (2 GiB by default) and hold 60 names (200): enough for
        // every other test's releases.
        repository.writeMetadataConfig("publisherMaxMegabytes = " + STORED_MEGABYTES + "\npublisherMaxNames = " + MAX_NAMES + "\n");
        repository.start();
        // iMio's own courrier, as its developers release it: jar, pom and features XML.
        PluginReleases.publish(repository.httpPort, IMIO, "courrier", "1.0.0");
    }

    @AfterAll
    static void stop() throws Exception {
        repository.close();
    }

    /** What people and hosts can see of the releases: the release list and the signed targets. */
    private record Released(String list, byte[] targets) {
    }

    private static Released released() throws Exception {
        HttpResponse<String> list = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/api/repository/releases/")).header("Authorization", basic("admin:" + repository.adminPassword()))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, list.statusCode(), list.body());
        return new Released(list.body(), get("/repository/metadata/targets.json").body());
    }

    private static void assertNothingReleased(Released before) throws Exception {
        Released after = released();
        assertEquals(before.list(), after.list(), "the release list is unchanged");
        assertArrayEquals(before.targets(), after.targets(), "the signed targets are unchanged");
    }

    private static String basic(String credentials) {
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    private static HttpResponse<String> put(String path, byte[] body, String credentials) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofByteArray(body))
                .header("Authorization", basic(credentials)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<byte[]> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort + path)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    /** Sends {@code body} to {@code path} as {@code credentials} and checks the refusal: status, JSON, code. */
    private static void assertRefused(int status, String code, String path, byte[] body, String credentials)
            throws Exception {
        Released before = released();
        HttpResponse<String> answer = put(path, body, credentials);
        assertEquals(status, answer.statusCode(), path + ": " + answer.body());
        assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/json"), answer.body());
        assertTrue(answer.body().contains("\"error\":\"" + code + "\""), path + ": " + answer.body());
        assertTrue(answer.body().matches("(?s).*\"message_en\":\"[^\"]+.*"), "an English message too: " + answer.body());
        assertNothingReleased(before);
    }

    private static byte[] jar(String symbolicName, String version, Map<String, String> headers,
            Map<String, String> files) throws Exception {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        main.putValue("Bundle-ManifestVersion", "2");
        main.putValue("Bundle-SymbolicName", symbolicName);
        main.putValue("Bundle-Version", version);
        main.putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        headers.forEach(main::putValue);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            for (var file : files.entrySet()) {
                jar.putNextEntry(new ZipEntry(file.getKey()));
                jar.write(file.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return bytes.toByteArray();
    }

    private static byte[] jar(String symbolicName, String version) throws Exception {
        return jar(symbolicName, version, Map.of(), Map.of("a/B.class", "x"));
    }

    private static byte[] pom(String groupId, String artifactId, String version) {
        return ("<project xmlns=\"http://maven.apache.org/POM/4.0.0\"><modelVersion>4.0.0</modelVersion><groupId>" + groupId
                + "</groupId><artifactId>" + artifactId + "</artifactId><version>" + version + "</version></project>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] features(String feature, String version, String inside, String topLevel) {
        return ("<features name=\"" + feature + "\" xmlns=\"" + KARAF + "\">" + topLevel + "<feature name=\"" + feature
                + "\" version=\"" + version + "\">" + inside + "</feature></features>").getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
            }
        }
        return bytes.toByteArray();
    }

    /** The files of a module {@code group:artifact:version} as a .kar carries them, its jar's symbolic name {@code bsn}. */
    private static Map<String, byte[]> module(String group, String artifact, String version, String bsn, String feature)
            throws Exception {
        String base = "repository/" + group.replace('.', '/') + "/" + artifact + "/" + version + "/" + artifact + "-" + version;
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(base + ".jar", jar(bsn, version));
        entries.put(base + ".pom", pom(group, artifact, version));
        entries.put(base + "-features.xml", features(feature, version, "<feature>scr</feature><bundle>mvn:" + group + "/"
                + artifact + "/" + version + "</bundle>", ""));
        return entries;
    }

    @Test
    void aKarCannotCarryAnotherGroupsModule() throws Exception {
        // The issue's example: courrier 9.9.9 of be.imio.platform inside aa.evil's trojan archive.
        assertRefused(403, "outside_namespace", "aa/evil/trojan/1.0.0/trojan-1.0.0.kar",
                zip(module("be.imio.platform", "courrier", "9.9.9", "aa.evil.trojan", "courrier")), EVIL);
        assertEquals(404, get("/repository/maven/be/imio/platform/courrier/9.9.9/courrier-9.9.9.jar").statusCode());
        assertEquals(404, get("/repository/maven/be/imio/platform/courrier/9.9.9/courrier-9.9.9-features.xml")
                .statusCode());

        // Its own module, with only a pom of another group beside it.
        Map<String, byte[]> foreignPom = module("aa.evil", "trojan", "1.0.0", "aa.evil.trojan", "trojan");
        foreignPom.put("repository/be/imio/platform/courrier/9.9.9/courrier-9.9.9.pom",
                pom("be.imio.platform", "courrier", "9.9.9"));
        assertRefused(403, "outside_namespace", "aa/evil/trojan/1.0.0/trojan-1.0.0.kar", zip(foreignPom), EVIL);

        // Its own path, another group's symbolic name.
        assertRefused(403, "outside_namespace", "aa/evil/trojan/1.0.0/trojan-1.0.0.kar",
                zip(module("aa.evil", "trojan", "1.0.0", "be.imio.platform.courrier", "trojan")), EVIL);

        // A features XML filed under another group.
        Map<String, byte[]> foreignFeatures = module("aa.evil", "trojan", "1.0.0", "aa.evil.trojan", "trojan");
        foreignFeatures.put("repository/be/imio/platform/conseil/9.9.9/conseil-9.9.9-features.xml",
                features("conseil", "9.9.9", "<bundle>mvn:aa.evil/trojan/1.0.0</bundle>", ""));
        assertRefused(403, "outside_namespace", "aa/evil/trojan/1.0.0/trojan-1.0.0.kar", zip(foreignFeatures), EVIL);

        // A carried pom that says it is another group's artifact, checked as an uploaded one is.
        Map<String, byte[]> lyingPom = module("aa.evil", "trojan", "1.0.0", "aa.evil.trojan", "trojan");
        lyingPom.put("repository/aa/evil/trojan/1.0.0/trojan-1.0.0.pom", pom("be.imio.platform", "courrier", "1.0.0"));
        assertRefused(400, "pom_mismatch", "aa/evil/trojan/1.0.0/trojan-1.0.0.kar", zip(lyingPom), EVIL);
        assertRefused(400, "pom_mismatch", "aa/evil/liar/1.0.0/liar-1.0.0.pom", pom("be.imio.platform", "courrier", "1.0.0"),
                EVIL);
        assertRefused(400, "bad_pom", "aa/evil/liar/1.0.0/liar-1.0.0.pom", "<project>".getBytes(StandardCharsets.UTF_8),
                EVIL);

        // The same archive, all in its own namespace, is released: what was refused was the trespass.
        Released before = released();
        assertEquals(201, put("aa/evil/trojan/1.0.0/trojan-1.0.0.kar",
                zip(module("aa.evil", "trojan", "1.0.0", "aa.evil.trojan", "trojan")), EVIL).statusCode());
        assertTrue(!before.list().equals(released().list()) && released().list().contains("trojan-1.0.0.jar"));
    }

    @Test
    void aSecondGroupCannotClaimAModuleName() throws Exception {
        // aa.evil:courrier, in its own namespace, as an update of be.imio.platform:courrier.
        assertRefused(409, "name_taken", "aa/evil/courrier/10.0.0/courrier-10.0.0.jar", jar("aa.evil.courrier", "10.0.0"),
                EVIL);
        assertRefused(409, "name_taken", "aa/evil/courrier/10.0.0/courrier-10.0.0-features.xml",
                features("courrier", "10.0.0", "", ""), EVIL);
        assertRefused(409, "name_taken", "aa/evil/courrier/10.0.0/courrier-10.0.0.kar",
                zip(module("aa.evil", "courrier", "10.0.0", "aa.evil.courrier", "courrier")), EVIL);

        // A features XML of another name that defines feature courrier, alone or in an archive.
        assertEquals(201, put("aa/evil/mail/1.0.0/mail-1.0.0.jar", jar("aa.evil.mail", "1.0.0"), EVIL).statusCode());
        assertRefused(409, "name_taken", "aa/evil/mail/1.0.0/mail-1.0.0-features.xml",
                ("<features name=\"mail\" xmlns=\"" + KARAF + "\"><feature name=\"mail\" version=\"1.0.0\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature><feature name=\"courrier\" version=\"1.0.1\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature></features>").getBytes(StandardCharsets.UTF_8),
                EVIL);
        assertRefused(409, "name_taken", "aa/evil/poste/1.0.0/poste-1.0.0.kar",
                zip(module("aa.evil", "poste", "1.0.0", "aa.evil.poste", "courrier")), EVIL);

        // A name iMio released a bundle under, before its features XML.
        assertEquals(201, put("be/imio/platform/agenda/1.0.0/agenda-1.0.0.jar", jar("be.imio.platform.agenda", "1.0.0"),
                IMIO).statusCode());
        assertRefused(409, "name_taken", "aa/evil/agenda/1.0.0/agenda-1.0.0-features.xml",
                features("agenda", "1.0.0", "<bundle>mvn:aa.evil/mail/1.0.0</bundle>", ""), EVIL);
        assertRefused(409, "name_taken", "aa/evil/mail/1.0.0/mail-1.0.0-features.xml",
                ("<features name=\"mail\" xmlns=\"" + KARAF + "\"><feature name=\"mail\" version=\"1.0.0\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature><feature name=\"agenda\" version=\"1.0.0\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature></features>").getBytes(StandardCharsets.UTF_8),
                EVIL);

        // A feature of the platform itself, which Karaf could pick for every module depending on it.
        assertRefused(409, "name_taken", "aa/evil/mail/1.0.0/mail-1.0.0-features.xml",
                ("<features name=\"mail\" xmlns=\"" + KARAF + "\"><feature name=\"mail\" version=\"1.0.0\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature><feature name=\"scr\" version=\"99.0.0\">"
                        + "<bundle>mvn:aa.evil/mail/1.0.0</bundle></feature></features>").getBytes(StandardCharsets.UTF_8),
                EVIL);

        // Its own name is its own, and then no other group's.
        assertEquals(201, put("aa/evil/mail/1.0.0/mail-1.0.0-features.xml", features("mail", "1.0.0",
                "<bundle>mvn:aa.evil/mail/1.0.0</bundle>", ""), EVIL).statusCode());
        assertRefused(409, "name_taken", "be/imio/platform/mail/1.0.0/mail-1.0.0.jar", jar("be.imio.platform.mail", "1.0.0"),
                IMIO);
    }

    @Test
    void aModuleNameCannotReachAnotherGroupsTablesNorThePlatforms() throws Exception {
        // The review's module courrier-mail: its schema's tables COURRIER_MAIL... are courrier's.
        // Its '_' and '.' spellings, a deeper name, alone or in an archive, are the same prefix.
        for (String name : new String[] {"courrier-mail", "courrier_mail", "Courrier.Mail", "courrier-mail-archive"}) {
            String base = "aa/evil/" + name + "/1.0.0/" + name + "-1.0.0";
            assertRefused(409, "name_prefix_taken", base + ".jar", jar("aa.evil.x", "1.0.0"), EVIL);
            assertRefused(409, "name_prefix_taken", base + ".pom", pom("aa.evil", name, "1.0.0"), EVIL);
            assertRefused(409, "name_prefix_taken", base + "-features.xml", features(name, "1.0.0", "", ""), EVIL);
            assertRefused(409, "name_prefix_taken", base + ".kar", zip(module("aa.evil", name, "1.0.0", "aa.evil.x",
                    name)), EVIL);
        }
        // A feature of that name in a module of another name.
        assertEquals(201, put("aa/evil/lettre/1.0.0/lettre-1.0.0.jar", jar("aa.evil.lettre", "1.0.0"), EVIL)
                .statusCode());
        assertRefused(409, "name_prefix_taken", "aa/evil/lettre/1.0.0/lettre-1.0.0-features.xml", ("<features"
                + " name=\"lettre\" xmlns=\"" + KARAF + "\"><feature name=\"lettre\" version=\"1.0.0\"><bundle>"
                + "mvn:aa.evil/lettre/1.0.0</bundle></feature><feature name=\"courrier_mail\" version=\"1.0.0\"/>"
                + "</features>").getBytes(StandardCharsets.UTF_8), EVIL);
        // The review's two others: host-operation owns HOST_OPERATION (the host's journal),
        // platform-schema-history the migrations' history; every group, iMio's too, is refused.
        for (String name : new String[] {"host-operation", "platform-schema-history", "Platform_Schema_History",
            "repository.release", "store-x"}) {
            String base = "aa/evil/" + name + "/1.0.0/" + name + "-1.0.0";
            assertRefused(409, "name_reserved", base + ".jar", jar("aa.evil.x", "1.0.0"), EVIL);
            assertRefused(409, "name_reserved", base + "-features.xml", features(name, "1.0.0", "", ""), EVIL);
            assertRefused(409, "name_reserved", base + ".kar", zip(module("aa.evil", name, "1.0.0", "aa.evil.x", name)),
                    EVIL);
        }
        assertRefused(409, "name_reserved", "be/imio/platform/host-operation/1.0.0/host-operation-1.0.0.jar",
                jar("be.imio.platform.hostoperation", "1.0.0"), IMIO);
        // Names that only share letters are free; so is courrier's family to courrier's own group.
        assertEquals(201, put("aa/evil/courriers/1.0.0/courriers-1.0.0.jar", jar("aa.evil.courriers", "1.0.0"), EVIL)
                .statusCode());
        assertEquals(201, put("be/imio/platform/courrier-mail/1.0.0/courrier-mail-1.0.0.jar",
                jar("be.imio.platform.courriermail", "1.0.0"), IMIO).statusCode());
    }

    @Test
    void onePublisherCannotTakeTheNamesOfModulesItDoesNotRelease() throws Exception {
        // The review's land grab: one features XML of a module and 26,006 empty features.
        assertEquals(201, put("aa/evil/squat/1.0.0/squat-1.0.0.jar", jar("aa.evil.squat", "1.0.0"), EVIL).statusCode());
        StringBuilder grab = new StringBuilder("<features name=\"squat\" xmlns=\"" + KARAF + "\"><feature name=\"squat\""
                + " version=\"1.0.0\"><bundle>mvn:aa.evil/squat/1.0.0</bundle></feature>");
        for (String name : new String[] {"urbanisme", "population", "etat-civil", "marches-publics"}) {
            grab.append("<feature name=\"").append(name).append("\"/>");
        }
        for (int i = 0; i < 26_000; i++) {
            grab.append("<feature name=\"s").append(i).append("\"/>");
        }
        assertRefused(400, "too_many_features", "aa/evil/squat/1.0.0/squat-1.0.0-features.xml",
                grab.append("</features>").toString().getBytes(StandardCharsets.UTF_8), EVIL);
        // 21 features: one past the bound, alone or carried by an archive.
        StringBuilder one = new StringBuilder("<features name=\"squat\" xmlns=\"" + KARAF + "\"><feature name=\"squat\""
                + " version=\"1.0.0\"><bundle>mvn:aa.evil/squat/1.0.0</bundle></feature>");
        for (int i = 0; i < 20; i++) {
            one.append("<feature name=\"squat-").append(i).append("\"/>");
        }
        byte[] twentyOne = one.append("</features>").toString().getBytes(StandardCharsets.UTF_8);
        assertRefused(400, "too_many_features", "aa/evil/squat/1.0.0/squat-1.0.0-features.xml", twentyOne, EVIL);
        Map<String, byte[]> kar = module("aa.evil", "squat", "1.0.1", "aa.evil.squat", "squat");
        kar.put("repository/aa/evil/squat/1.0.1/squat-1.0.1-features.xml", new String(twentyOne, StandardCharsets.UTF_8)
                .replace("1.0.0", "1.0.1").getBytes(StandardCharsets.UTF_8));
        assertRefused(400, "too_many_features", "aa/evil/squat/1.0.1/squat-1.0.1.kar", zip(kar), EVIL);

        // The review's pom alone: aa.evil's taxes pom no longer takes the name from iMio's release.
        assertEquals(202, put("aa/evil/taxes/1.0.0/taxes-1.0.0.pom", pom("aa.evil", "taxes", "1.0.0"), EVIL).statusCode(),
                "a pom alone waits for its jar");
        for (String name : new String[] {"taxes", "urbanisme"}) {
            String base = "be/imio/platform/" + name + "/1.0.0/" + name + "-1.0.0";
            assertEquals(201, put(base + ".jar", jar("be.imio.platform." + name, "1.0.0"), IMIO).statusCode(), name);
            assertEquals(201, put(base + ".pom", pom("be.imio.platform", name, "1.0.0"), IMIO).statusCode(), name);
            HttpResponse<String> features = put(base + "-features.xml", features(name, "1.0.0",
                    "<bundle>mvn:be.imio.platform/" + name + "/1.0.0</bundle>", ""), IMIO);
            assertEquals(201, features.statusCode(), features.body());
        }
        assertRefused(409, "name_taken", "aa/evil/taxes/1.0.0/taxes-1.0.0.jar", jar("aa.evil.taxes", "1.0.0"), EVIL);

        // A publisher holds at most publisherMaxNames names: bundles' artifactIds and features XMLs' names.
        for (int n = 0; n < 3; n++) {
            String base = "aa/squat/n" + n + "/1.0.0/n" + n + "-1.0.0";
            assertEquals(201, put(base + ".jar", jar("aa.squat.n" + n, "1.0.0"), SQUATTER).statusCode());
            StringBuilder xml = new StringBuilder("<features name=\"n" + n + "\" xmlns=\"" + KARAF + "\"><feature name=\"n"
                    + n + "\" version=\"1.0.0\"><bundle>mvn:aa.squat/n" + n + "/1.0.0</bundle></feature>");
            for (int i = 1; i < 20; i++) {
                xml.append("<feature name=\"n").append(n).append("-").append(i).append("\"/>");
            }
            HttpResponse<String> claimed = put(base + "-features.xml", xml.append("</features>").toString()
                    .getBytes(StandardCharsets.UTF_8), SQUATTER);
            assertEquals(201, claimed.statusCode(), claimed.body());
        }
        assertRefused(413, "name_budget_exceeded", "aa/squat/n3/1.0.0/n3-1.0.0.jar", jar("aa.squat.n3", "1.0.0"), SQUATTER);
        assertRefused(413, "name_budget_exceeded", "aa/squat/n3/1.0.0/n3-1.0.0.kar",
                zip(module("aa.squat", "n3", "1.0.0", "aa.squat.n3", "n3")), SQUATTER);
        // Its names are still its own to release under.
        assertEquals(201, put("aa/squat/n0/1.0.1/n0-1.0.1.jar", jar("aa.squat.n0", "1.0.1"), SQUATTER).statusCode());

        // A name claimed within the bounds and not used: an administrator frees it, with a reason.
        HttpResponse<String> claimed = put("aa/evil/squat/1.0.0/squat-1.0.0-features.xml", ("<features name=\"squat\""
                + " xmlns=\"" + KARAF + "\"><feature name=\"squat\" version=\"1.0.0\"><bundle>mvn:aa.evil/squat/1.0.0"
                + "</bundle></feature><feature name=\"voirie\" version=\"1.0.0\"/></features>")
                .getBytes(StandardCharsets.UTF_8), EVIL);
        assertEquals(201, claimed.statusCode(), claimed.body());
        assertRefused(409, "name_taken", "be/imio/platform/voirie/1.0.0/voirie-1.0.0.jar",
                jar("be.imio.platform.voirie", "1.0.0"), IMIO);
        String freed = repository.shell("admin", repository.adminPassword(),
                "imio:name-free Voirie \"nom reserve sans module\"");
        assertTrue(freed.contains("Freed module name Voirie, held by aa.evil."), freed);
        assertEquals(201, put("be/imio/platform/voirie/1.0.0/voirie-1.0.0.jar", jar("be.imio.platform.voirie", "1.0.0"),
                IMIO).statusCode());
        String again = repository.shell("admin", repository.adminPassword(), "imio:name-free voirie \"x\"");
        assertTrue(again.contains("Nothing changed"), again);
    }

    @Test
    void aKarCarriesOnlyTheFilesAnUploadAloneAccepts() throws Exception {
        // The review's archive: a classifier pom, a second features XML defining another feature; and
        // a classifier jar, an archive in the archive, which an upload alone refuses too.
        String base = "aa/evil/karmod/1.0.0/karmod-1.0.0";
        for (String extra : new String[] {"-x.pom", "-evil-features.xml", "-x.jar", "-tests.jar", ".kar"}) {
            Map<String, byte[]> kar = module("aa.evil", "karmod", "1.0.0", "aa.evil.karmod", "karmod");
            kar.put("repository/" + base + extra, extra.endsWith("-features.xml") ? features("karmodx", "1.0.0",
                    "<bundle>mvn:aa.evil/karmod/1.0.0</bundle>", "") : extra.endsWith(".pom")
                    ? pom("aa.evil", "karmod", "1.0.0") : jar("aa.evil.karmodx", "1.0.0"));
            assertRefused(400, "kar_unsupported_file", base + ".kar", zip(kar), EVIL);
            if (!extra.equals(".kar")) {
                assertRefused(400, "unsupported_file", base + extra, kar.get("repository/" + base + extra), EVIL);
            }
        }
        // Its sources, documentation and signatures travel with it, as they are uploaded alone.
        Map<String, byte[]> kar = module("aa.evil", "karmod", "1.0.0", "aa.evil.karmod", "karmod");
        for (String companion : new String[] {"-sources.jar", "-javadoc.jar", ".jar.asc", ".pom.asc"}) {
            kar.put("repository/" + base + companion, "companion".getBytes(StandardCharsets.UTF_8));
        }
        HttpResponse<String> released = put(base + ".kar", zip(kar), EVIL);
        assertEquals(201, released.statusCode(), released.body());
        assertEquals(200, get("/repository/maven/" + base + "-sources.jar").statusCode());
        assertTrue(released().list().contains("karmod-1.0.0.jar.asc"), released().list());
    }

    /** A bundle of {@code aa.evil} whose one component serves the module {@code module} ({@code imio.module}). */
    private static byte[] page(String symbolicName, String version, String key, String module) throws Exception {
        return jar(symbolicName, version, Map.of("Service-Component", "OSGI-INF/page.xml"), Map.of("a/B.class", "x",
                "OSGI-INF/page.xml", "<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\""
                        + " name=\"page\"><implementation class=\"a.B\"/><service><provide interface=\"javax.servlet.Servlet\"/>"
                        + "</service><property name=\"" + key + "\" value=\"" + module + "\"/></scr:component>"));
    }

    @Test
    void aModuleIsNamedAfterItsFeaturesXmlAndEveryBundleItListsServesIt() throws Exception {
        // karaf-maven-plugin's usual shape, named otherwise: bundle registre serving 'registre', kar
        // registre-kar, whose features XML defines registre and the plugin's registre-kar. Hosts
        // install registre-kar and would hide the bundle's page and health check.
        Map<String, byte[]> named = new LinkedHashMap<>();
        named.put("repository/aa/evil/registre/1.0.0/registre-1.0.0.jar", page("aa.evil.registre", "1.0.0", "imio.module",
                "registre"));
        named.put("repository/aa/evil/registre/1.0.0/registre-1.0.0.pom", pom("aa.evil", "registre", "1.0.0"));
        named.put("repository/aa/evil/registre-kar/1.0.0/registre-kar-1.0.0-features.xml", ("<features name=\"r\" xmlns=\""
                + KARAF + "\"><feature name=\"registre\" version=\"1.0.0\"><feature>scr</feature><bundle>"
                + "mvn:aa.evil/registre/1.0.0</bundle></feature><feature name=\"registre-kar\" version=\"1.0.0\"><bundle>"
                + "mvn:aa.evil/registre/1.0.0</bundle></feature></features>").getBytes(StandardCharsets.UTF_8));
        assertRefused(400, "module_name_not_own", "aa/evil/registre-kar/1.0.0/registre-kar-1.0.0.kar", zip(named), EVIL);
        // The same without an archive: a released bundle listed by another module's features XML,
        // its key in capitals too (service property keys are case-insensitive).
        assertEquals(201, put("aa/evil/greffe/1.0.0/greffe-1.0.0.jar", page("aa.evil.greffe", "1.0.0", "IMIO.MODULE",
                "greffe"), EVIL).statusCode());
        assertRefused(400, "module_name_not_own", "aa/evil/etat/1.0.0/etat-1.0.0-features.xml", features("etat", "1.0.0",
                "<bundle>mvn:aa.evil/greffe/1.0.0</bundle>", ""), EVIL);

        // Named after the module, the kar is released, with its bundle's host API range.
        Map<String, byte[]> right = new LinkedHashMap<>();
        right.put("repository/aa/evil/registre-core/1.0.0/registre-core-1.0.0.jar", page("aa.evil.registre.core", "1.0.0",
                "imio.module", "registre"));
        right.put("repository/aa/evil/registre/1.0.0/registre-1.0.0-features.xml", features("registre", "1.0.0",
                "<feature>scr</feature><bundle>mvn:aa.evil/registre-core/1.0.0</bundle>", ""));
        HttpResponse<String> released = put("aa/evil/registre/1.0.0/registre-1.0.0.kar", zip(right), EVIL);
        assertEquals(201, released.statusCode(), released.body());
        Target features = MetadataDocuments.targetsOf(SignedMetadata.parse(get("/repository/metadata/targets.json").body()))
                .get("aa/evil/registre/1.0.0/registre-1.0.0-features.xml");
        assertEquals("[1.4,2)", features.custom().path("hostApi").asText(), "the module's range, signed with it");
    }

    @Test
    void aVersionsPomAndSideFilesWaitForItsJarSoThatARefusedBuildCanBeFixedAndSentAgain() throws Exception {
        String base = "aa/evil/greffe2/1.0.0/greffe2-1.0.0";
        byte[] pom = pom("aa.evil", "greffe2", "1.0.0");
        byte[] fixedPom = new String(pom, StandardCharsets.UTF_8).replace("</project>",
                "<name>Greffe</name></project>").getBytes(StandardCharsets.UTF_8);
        // Maven 3.9 sends the pom and the sources first, the jar last; the jar is refused.
        assertEquals(202, put(base + ".pom", pom, EVIL).statusCode());
        assertEquals(202, put(base + "-sources.jar", "sources".getBytes(StandardCharsets.UTF_8), EVIL).statusCode());
        byte[] features = features("greffe2", "1.0.0", "<bundle>mvn:aa.evil/greffe2/1.0.0</bundle>", "");
        assertEquals(202, put(base + "-features.xml", features, EVIL).statusCode());
        Released before = released();
        assertEquals(403, put(base + ".jar", jar("be.imio.platform.greffe2", "1.0.0"), EVIL).statusCode());
        assertNothingReleased(before);
        for (String file : new String[] {".pom", "-sources.jar"}) {
            assertEquals(404, get("/repository/maven/" + base + file).statusCode(), file + " is not released alone");
        }
        assertEquals(404, get("/repository/maven/aa/evil/greffe2/maven-metadata.xml").statusCode());

        // The fixed build: its pom differs, its jar comes first this time, then the pom.
        assertEquals(201, put(base + ".jar", jar("aa.evil.greffe2", "1.0.0"), EVIL).statusCode());
        assertEquals(201, put(base + ".pom", fixedPom, EVIL).statusCode());
        assertArrayEquals(fixedPom, get("/repository/maven/" + base + ".pom").body());
        assertEquals(404, get("/repository/maven/" + base + "-sources.jar").statusCode(),
                "what the refused build sent was forgotten");
        assertEquals(404, get("/repository/maven/" + base + "-features.xml").statusCode(), "its features XML too");
        assertEquals(201, put(base + "-features.xml", features, EVIL).statusCode(), "until the fixed build sends it");
        // Sent in the other order, a pom that waits is released with the jar.
        String next = "aa/evil/greffe2/1.1.0/greffe2-1.1.0";
        assertEquals(202, put(next + ".pom", pom("aa.evil", "greffe2", "1.1.0"), EVIL).statusCode());
        assertEquals(202, put(next + ".jar.asc", "signature".getBytes(StandardCharsets.UTF_8), EVIL).statusCode());
        assertEquals(201, put(next + ".jar", jar("aa.evil.greffe2", "1.1.0"), EVIL).statusCode());
        assertEquals(200, get("/repository/maven/" + next + ".pom").statusCode());
        HttpResponse<byte[]> signature = get("/repository/maven/" + next + ".jar.asc");
        assertEquals(200, signature.statusCode());
        assertEquals("application/pgp-signature", signature.headers().firstValue("Content-Type").orElse(""));

        // Side files of a version that never gets a jar stay out of sight, and out of the metadata.
        assertEquals(202, put("aa/evil/greffe2/9.9.9/greffe2-9.9.9-javadoc.jar", "<html>".getBytes(StandardCharsets.UTF_8),
                EVIL).statusCode());
        assertEquals(404, get("/repository/maven/aa/evil/greffe2/9.9.9/greffe2-9.9.9-javadoc.jar").statusCode());
        String metadata = new String(get("/repository/maven/aa/evil/greffe2/maven-metadata.xml").body(), StandardCharsets.UTF_8);
        assertTrue(metadata.contains("<latest>1.1.0</latest>") && !metadata.contains("9.9.9"), metadata);
        // An administrator sees what waits, and drops what a build abandoned.
        String javadoc = "aa/evil/greffe2/9.9.9/greffe2-9.9.9-javadoc.jar";
        String listed = repository.shell("admin", repository.adminPassword(), "imio:pending-list");
        assertTrue(listed.contains(javadoc) && listed.contains("evil"), listed);
        String dropped = repository.shell("admin", repository.adminPassword(), "imio:pending-drop evil " + javadoc);
        assertTrue(dropped.contains("Dropped " + javadoc), dropped);
        assertTrue(!repository.shell("admin", repository.adminPassword(), "imio:pending-list").contains(javadoc));
        // A parent pom is a version by itself.
        byte[] parent = new String(pom("aa.evil", "greffe2-parent", "1.0.0"), StandardCharsets.UTF_8)
                .replace("</project>", "<packaging>pom</packaging></project>").getBytes(StandardCharsets.UTF_8);
        assertEquals(201, put("aa/evil/greffe2-parent/1.0.0/greffe2-parent-1.0.0.pom", parent, EVIL).statusCode());
    }

    @Test
    void aRefusalsCodeAndEnglishTextAreInItsStatusLine() throws Exception {
        // What Maven prints of a refused upload: the status line, not the body.
        for (String[] attempt : new String[][] {{"aa/evil/x/1.0.0-SNAPSHOT/x-1.0.0-SNAPSHOT.jar", "400 snapshot: the"
                + " repository accepts releases only"}, {"be/imio/platform/x/1.0.0/x-1.0.0.jar", "403 outside_namespace: "}}) {
            try (java.net.Socket socket = new java.net.Socket("127.0.0.1", repository.httpPort)) {
                byte[] body = jar("aa.evil.x", "1.0.0");
                socket.getOutputStream().write(("PUT /repository/maven/" + attempt[0] + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: " + basic(EVIL) + "\r\nContent-Length: " + body.length + "\r\nConnection: close"
                        + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                socket.getOutputStream().write(body);
                String statusLine = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                        StandardCharsets.ISO_8859_1)).readLine();
                assertTrue(statusLine.startsWith("HTTP/1.1 " + attempt[1]), statusLine);
            }
        }
    }

    @Test
    void theNamesOfThePlatformAreReserved() throws Exception {
        // A module called host (artifact and feature) shadowed the host's own pages and broke its health.
        // backup, store, web...: the platform's parts, whose configuration PIDs and bundles a module
        // of group be.imio.platform and that name would share.
        for (String name : new String[] {"host", "platform", "console", "api", "modules", "health", "Host", "imio-courrier",
                "backup", "Backup", "store", "web", "trust"}) {
            String base = "aa/evil/" + name + "/1.0.0/" + name + "-1.0.0";
            assertRefused(409, "name_reserved", base + "-features.xml", features(name, "1.0.0", "", ""), EVIL);
            assertRefused(409, "name_reserved", base + ".jar", jar("aa.evil.x", "1.0.0"), EVIL);
            assertRefused(409, "name_reserved", base + ".kar", zip(module("aa.evil", name, "1.0.0", "aa.evil.x", name)),
                    EVIL);
        }
        // A feature of that name in a module of another name, alone or in an archive.
        assertRefused(409, "name_reserved", "aa/evil/annex/1.0.0/annex-1.0.0-features.xml", ("<features name=\"annex\""
                + " xmlns=\"" + KARAF + "\"><feature name=\"annex\" version=\"1.0.0\"/><feature name=\"console\""
                + " version=\"1.0.0\"/></features>").getBytes(StandardCharsets.UTF_8), EVIL);
        assertRefused(409, "name_reserved", "aa/evil/annex/1.0.0/annex-1.0.0.kar",
                zip(module("aa.evil", "annex", "1.0.0", "aa.evil.annex", "status")), EVIL);
        // iMio's own publishers too: the names are the platform's, not a group's.
        assertRefused(409, "name_reserved", "be/imio/platform/host/1.0.0/host-1.0.0-features.xml",
                features("host", "1.0.0", "", ""), IMIO);
    }

    @Test
    void aModuleNameIsOwnedWhateverItsCase() throws Exception {
        // be.imio.platform released courrier; the same name in other cases is still iMio's.
        for (String name : new String[] {"Courrier", "COURRIER"}) {
            String base = "aa/evil/" + name + "/10.0.0/" + name + "-10.0.0";
            assertRefused(409, "name_taken", base + ".jar", jar("aa.evil.courrier", "10.0.0"), EVIL);
            assertRefused(409, "name_taken", base + "-features.xml", features(name, "10.0.0", "", ""), EVIL);
            assertRefused(409, "name_taken", base + ".kar",
                    zip(module("aa.evil", name, "10.0.0", "aa.evil.courrier", name)), EVIL);
        }
        byte[] letters = ("<features name=\"letters\" xmlns=\"" + KARAF + "\"><feature name=\"letters\" version=\"1.0.0\"/>"
                + "<feature name=\"Courrier\" version=\"10.0.0\"/></features>").getBytes(StandardCharsets.UTF_8);
        assertRefused(409, "name_taken", "aa/evil/letters/1.0.0/letters-1.0.0-features.xml", letters, EVIL);
        assertRefused(409, "name_taken", "aa/evil/lettres/1.0.0/lettres-1.0.0.kar",
                zip(module("aa.evil", "lettres", "1.0.0", "aa.evil.lettres", "cOURRIER")), EVIL);

        // A name is claimed once whatever its case: aa.evil's Letters is then its own, and not iMio's letters.
        assertEquals(201, put("aa/evil/Letters/1.0.0/Letters-1.0.0.jar", jar("aa.evil.letters", "1.0.0"), EVIL)
                .statusCode());
        HttpResponse<String> own = put("aa/evil/Letters/1.0.0/Letters-1.0.0-features.xml",
                features("Letters", "1.0.0", "<bundle>mvn:aa.evil/Letters/1.0.0</bundle>", ""), EVIL);
        assertEquals(201, own.statusCode(), own.body());
        assertRefused(409, "name_taken", "be/imio/platform/letters/1.0.0/letters-1.0.0.jar",
                jar("be.imio.platform.letters", "1.0.0"), IMIO);
    }

    @Test
    void aFeaturesXmlCannotMakeHostsFetchOrWriteWhatIsNotPinned() throws Exception {
        assertEquals(201, put("aa/evil/pinned/1.0.0/pinned-1.0.0.jar", jar("aa.evil.pinned", "1.0.0"), EVIL).statusCode());
        String bundle = "<bundle>mvn:aa.evil/pinned/1.0.0</bundle>";
        Map<String, String[]> attacks = new LinkedHashMap<>();
        attacks.put("config external", new String[] {"features_attribute_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\" external=\"true\">http://evil.example/pinned.cfg</config>", ""});
        attacks.put("config external=1", new String[] {"features_attribute_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\" external=\"1\">http://evil.example/pinned.cfg</config>", ""});
        attacks.put("config override", new String[] {"features_attribute_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\" override=\"true\">a = 1</config>", ""});
        attacks.put("config of the host", new String[] {"config_outside_module", bundle
                + "<config name=\"be.imio.platform.host\">repositoryUrl = http://evil.example/</config>", ""});
        attacks.put("config of Maven", new String[] {"config_outside_module", bundle
                + "<config name=\"org.ops4j.pax.url.mvn\" append=\"true\">org.ops4j.pax.url.mvn.repositories ="
                + " http://evil.example/</config>", ""});
        // Inside its own configuration: keys Karaf acts on (it writes the configuration to the file
        // felix.fileinstall.filename names: here the host's accounts), and interpolation of the host's values.
        attacks.put("config writing users.properties", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned.fy\">\nhacker2 = hackpw2,admin\n"
                + "felix.fileinstall.filename = file:/opt/karaf/etc/users.properties\n</config>", ""});
        attacks.put("config appended, key in capitals", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\" append=\"true\">FELIX.FILEINSTALL.FILENAME: file:/tmp/x</config>", ""});
        attacks.put("config service.pid", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\">service.pid = be.imio.platform.host</config>", ""});
        attacks.put("config escaped key", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\">fel\\\nix.fileinstall.filename = file:/tmp/x</config>", ""});
        attacks.put("config interpolation", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\">home = ${env:HOME}</config>", ""});
        attacks.put("config interpolation by Configuration Admin", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned\">password = $[secret:db.password]</config>", ""});
        attacks.put("config as JSON", new String[] {"config_property_not_allowed", bundle
                + "<config name=\"aa.evil.pinned.json\">{\"felix.fileinstall.filename\": \"file:/tmp/x\"}</config>", ""});
        attacks.put("resource-repository", new String[] {"features_element_not_allowed", bundle,
                "<resource-repository>http://evil.example/index.xml</resource-repository>"});
        attacks.put("configfile", new String[] {"features_element_not_allowed", bundle
                + "<configfile finalname=\"${karaf.etc}/users.properties\">mvn:aa.evil/pinned/1.0.0</configfile>", ""});
        attacks.put("configfile override", new String[] {"features_element_not_allowed", bundle
                + "<configfile finalname=\"/etc/cron.d/pinned\" override=\"true\">mvn:aa.evil/pinned/1.0.0</configfile>", ""});
        attacks.put("library", new String[] {"features_element_not_allowed", bundle
                + "<library type=\"boot\">mvn:aa.evil/pinned/1.0.0</library>", ""});
        attacks.put("conditional", new String[] {"features_element_not_allowed", bundle + "<conditional>"
                + "<condition>scr</condition><configfile finalname=\"etc/x.cfg\">mvn:aa.evil/pinned/1.0.0</configfile>"
                + "</conditional>", ""});
        attacks.put("capability", new String[] {"features_element_not_allowed", bundle
                + "<capability>osgi.service;objectClass=javax.servlet.Servlet</capability>", ""});
        attacks.put("wrap", new String[] {"external_reference", "<bundle>wrap:http://evil.example/x.jar</bundle>", ""});
        attacks.put("blueprint", new String[] {"external_reference", bundle
                + "<bundle>blueprint:http://evil.example/x.xml</bundle>", ""});
        attacks.put("bundle in a conditional", new String[] {"external_reference", bundle + "<conditional>"
                + "<condition>webconsole</condition><bundle>http://evil.example/x.jar</bundle></conditional>", ""});
        attacks.put("repository by URL", new String[] {"external_reference", bundle,
                "<repository>http://evil.example/features.xml</repository>"});
        for (var attack : attacks.entrySet()) {
            String[] a = attack.getValue();
            assertRefused(400, a[0], "aa/evil/pinned/1.0.0/pinned-1.0.0-features.xml",
                    features("pinned", "1.0.0", a[1], a[2]), EVIL);
        }

        // A nested repository not released yet is waited for, unseen by hosts (see ParallelDeployIT),
        // until the document is sent again whole, below.
        HttpResponse<String> waiting = put("aa/evil/pinned/1.0.0/pinned-1.0.0-features.xml", features("pinned", "1.0.0",
                bundle, "<repository>mvn:aa.evil/other/1.0.0/xml/features</repository>"), EVIL);
        assertEquals(202, waiting.statusCode(), waiting.body());

        // However it arrives: inside an archive too.
        Map<String, byte[]> kar = module("aa.evil", "boxed", "1.0.0", "aa.evil.boxed", "boxed");
        kar.put("repository/aa/evil/boxed/1.0.0/boxed-1.0.0-features.xml", features("boxed", "1.0.0",
                "<bundle>mvn:aa.evil/boxed/1.0.0</bundle><config name=\"aa.evil.boxed\" external=\"true\">"
                + "http://evil.example/x.cfg</config>", ""));
        assertRefused(400, "features_attribute_not_allowed", "aa/evil/boxed/1.0.0/boxed-1.0.0.kar", zip(kar), EVIL);

        // What a module needs stays allowed: dependencies, released bundles, its own inline configuration.
        HttpResponse<String> allowed = put("aa/evil/pinned/1.0.0/pinned-1.0.0-features.xml", features("pinned", "1.0.0",
                "<feature>scr</feature>" + bundle + "<config name=\"aa.evil.pinned\">a = 1</config>", ""), EVIL);
        assertEquals(201, allowed.statusCode(), allowed.body());
    }

    @Test
    void aBundleCannotWireIntoWhatIsNotItsOwn() throws Exception {
        String path = "aa/evil/lib/1.0.0/lib-1.0.0.jar";
        Map<String, String> classes = Map.of("aa/evil/lib/A.class", "x");
        // The platform's API at a higher version, and another module's internal package: the
        // platform's own bundles would wire to the attacker's classes.
        assertRefused(403, "export_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Export-Package",
                "be.imio.platform.api;version=\"1.99.0\",be.imio.platform.courrier.internal"), classes), EVIL);
        assertRefused(403, "export_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Export-Package",
                "aa.evil.lib;uses:=\"a,b\";version=\"1.0.0\",be.imio.platform.api;version=\"1.99.0\""), classes), EVIL);
        assertRefused(403, "export_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Export-Package",
                "aa.evil.lib;be.imio.platform.api;version=1.99.0"), classes), EVIL);
        // A fragment of iMio's module: its classes and SQL migrations would run as courrier's.
        assertRefused(403, "fragment_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Fragment-Host",
                "be.imio.platform.courrier;bundle-version=\"[1,2)\""), Map.of("db/migration/V99__evil.sql",
                "DROP TABLE COURRIER")), EVIL);
        assertRefused(403, "fragment_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Fragment-Host",
                "system.bundle;extension:=framework"), classes), EVIL);
        assertRefused(403, "require_bundle_outside_namespace", path, jar("aa.evil.lib", "1.0.0", Map.of("Require-Bundle",
                "be.imio.platform.courrier;visibility:=reexport"), classes), EVIL);
        assertRefused(400, "capability_not_allowed", path, jar("aa.evil.lib", "1.0.0", Map.of("Provide-Capability",
                "osgi.wiring.package;osgi.wiring.package=\"be.imio.platform.api\";version:Version=\"1.99.0\""),
                classes), EVIL);
        assertRefused(400, "capability_not_allowed", path, jar("aa.evil.lib", "1.0.0", Map.of("Provide-Capability",
                "osgi.service;objectClass:List<String>=\"a.B\",osgi.identity;osgi.identity=be.imio.platform.courrier"),
                classes), EVIL);

        // However it arrives: inside an archive too.
        Map<String, byte[]> kar = module("aa.evil", "graft", "1.0.0", "aa.evil.graft", "graft");
        kar.put("repository/aa/evil/graft/1.0.0/graft-1.0.0.jar", jar("aa.evil.graft", "1.0.0",
                Map.of("Fragment-Host", "be.imio.platform.courrier"), classes));
        assertRefused(403, "fragment_outside_namespace", "aa/evil/graft/1.0.0/graft-1.0.0.kar", zip(kar), EVIL);

        // Its own packages, fragments and bundles stay its own to export and wire to.
        HttpResponse<String> own = put(path, jar("aa.evil.lib", "1.0.0", Map.of("Export-Package",
                "aa.evil.lib;version=\"1.0.0\";uses:=\"aa.evil.lib.x,org.slf4j\"", "Require-Bundle", "aa.evil.other"),
                classes), EVIL);
        assertEquals(201, own.statusCode(), own.body());
    }

    private static String component(String properties) {
        return "<?xml version=\"1.0\"?><scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.3.0\" name=\"web\">"
                + "<implementation class=\"aa.evil.site.Page\"/><service><provide interface=\"javax.servlet.Servlet\"/>"
                + "</service>" + properties + "</scr:component>";
    }

    private static byte[] componentJar(String properties) throws Exception {
        return jar("aa.evil.site", "1.0.0", Map.of("Service-Component", "OSGI-INF/*.xml"),
                Map.of("OSGI-INF/aa.evil.site.Page.xml", component(properties)));
    }

    @Test
    void aBundleCannotServePagesOutsideItsModule() throws Exception {
        String path = "aa/evil/site/1.0.0/site-1.0.0.jar";
        for (String property : new String[] {
            "<property name=\"osgi.http.whiteboard.servlet.pattern\" value=\"/*\"/>",
            "<property name=\"osgi.http.whiteboard.context.select\""
                    + " value=\"(osgi.http.whiteboard.context.name=default)\"/>",
            "<property name=\"osgi.http.whiteboard.resource.pattern\" value=\"/static/*\"/>"
                    + "<property name=\"osgi.http.whiteboard.resource.prefix\" value=\"/www\"/>",
            "<property name=\"osgi.http.whiteboard.filter.pattern\" value=\"/console/*\"/>"}) {
            assertRefused(400, "whiteboard_outside_module", path, componentJar(property), EVIL);
        }
        assertRefused(400, "whiteboard_outside_module", path, jar("aa.evil.site", "1.0.0",
                Map.of("Web-ContextPath", "/console"), Map.of("a/B.class", "x")), EVIL);
        assertRefused(400, "module_name_not_own", path,
                componentJar("<property name=\"imio.module\" value=\"courrier\"/>"), EVIL);

        // Nor a page of the console, where it would get staff's session and anti-forgery token, nor
        // any of the platform's own services: a module imports the SDK's packages only.
        for (String imported : new String[] {"be.imio.platform.console.api;version=\"[1.0,2)\"",
            "javax.servlet,be.imio.platform.commune.api", "be.imio.platform.web.whiteboard"}) {
            assertRefused(403, "platform_package_imported", path, jar("aa.evil.site", "1.0.0",
                    Map.of("Import-Package", imported), Map.of("a/B.class", "x")), EVIL);
        }
        assertRefused(403, "platform_package_imported", path, jar("aa.evil.site", "1.0.0",
                Map.of("DynamicImport-Package", "*"), Map.of("a/B.class", "x")), EVIL);

        HttpResponse<String> own = put(path, componentJar("<property name=\"imio.module\" value=\"site\"/>"), EVIL);
        assertEquals(201, own.statusCode(), own.body());
    }

    // ---- archives that read two ways ----

    private static String manifest(String symbolicName, String extra) {
        return "Manifest-Version: 1.0\r\nBundle-ManifestVersion: 2\r\nBundle-SymbolicName: " + symbolicName
                + "\r\nBundle-Version: 1.0.0\r\nImport-Package: be.imio.platform.api;version=\"[1.3,2)\"\r\n" + extra + "\r\n";
    }

    /**
     * A zip of {@code entries} in order, names given twice allowed, as a hand-written archive has
     * them: the JDK writes no two entries of one name, so each is written under a placeholder of
     * the same length ({@code #0#...}) that is then replaced in the bytes by its real name.
     */
    private static byte[] rawZip(java.util.List<String[]> entries) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (int i = 0; i < entries.size(); i++) {
                zip.putNextEntry(new ZipEntry(placeholder(i, entries.get(i)[0])));
                zip.write(entries.get(i)[1].getBytes(StandardCharsets.UTF_8));
            }
        }
        String latin = bytes.toString(StandardCharsets.ISO_8859_1);
        for (int i = 0; i < entries.size(); i++) {
            latin = latin.replace(placeholder(i, entries.get(i)[0]), entries.get(i)[0]);
        }
        return latin.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String placeholder(int index, String name) {
        String mark = "#" + index + "#";
        return mark + "x".repeat(name.length() - mark.length());
    }

    /**
     * {@code hidden} followed by {@code shown}, whose directory offsets are moved past it: a reader of
     * the central directory (the JDK, Felix) sees {@code shown} only, a reader of the local headers
     * from the start (Karaf's resolver) reads {@code hidden}'s entries first.
     */
    private static byte[] prefixed(byte[] hidden, byte[] shown) {
        java.nio.ByteBuffer zip = java.nio.ByteBuffer.wrap(shown.clone()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        int end = shown.length - 22;
        int count = Short.toUnsignedInt(zip.getShort(end + 10));
        int at = zip.getInt(end + 16);
        zip.putInt(end + 16, at + hidden.length);
        for (int i = 0; i < count; i++) {
            zip.putInt(at + 42, zip.getInt(at + 42) + hidden.length);
            at += 46 + Short.toUnsignedInt(zip.getShort(at + 28)) + Short.toUnsignedInt(zip.getShort(at + 30))
                    + Short.toUnsignedInt(zip.getShort(at + 32));
        }
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(hidden);
        joined.writeBytes(zip.array());
        return joined.toByteArray();
    }

    @Test
    void aJarThatReadsTwoWaysIsRefused() throws Exception {
        String path = "aa/evil/dupc/1.0.0/dupc-1.0.0.jar";
        String platform = manifest("be.imio.platform.zz", "Export-Package: be.imio.platform.api;version=\"1.9.0\"\r\n");
        String own = manifest("aa.evil.dupc", "");
        String[] code = {"a/B.class", "x"};
        // The review's dupc: Karaf reads the first manifest (the platform's names and API), the JDK the second.
        assertRefused(400, "ambiguous_archive", path, rawZip(java.util.List.of(new String[] {"META-INF/MANIFEST.MF",
                platform}, code, new String[] {"META-INF/MANIFEST.MF", own})), EVIL);
        assertRefused(400, "ambiguous_archive", path, rawZip(java.util.List.of(new String[] {"META-INF/MANIFEST.MF", own},
                new String[] {"META-INF/MANIFEST.MF", platform}, code)), EVIL);
        // The same name in another case: the JDK finds a manifest whatever its case.
        assertRefused(400, "ambiguous_archive", path, rawZip(java.util.List.of(new String[] {"META-INF/MANIFEST.MF", own},
                new String[] {"META-INF/manifest.mf", platform}, code)), EVIL);
        // A manifest after other entries, where a streaming jar reader does not look for it.
        assertRefused(400, "ambiguous_archive", path, rawZip(java.util.List.of(code,
                new String[] {"META-INF/MANIFEST.MF", own})), EVIL);
        // Another archive in front, which only a reader of local headers sees.
        byte[] shown = rawZip(java.util.List.of(new String[] {"META-INF/MANIFEST.MF", own}, code));
        byte[] hidden = rawZip(java.util.List.of(new String[] {"META-INF/MANIFEST.MF", platform}, code));
        assertRefused(400, "ambiguous_archive", path, prefixed(hidden, shown), EVIL);
        // However it arrives: in an archive, and the archive itself.
        Map<String, byte[]> kar = module("aa.evil", "dupc", "1.0.0", "aa.evil.dupc", "dupc");
        kar.put("repository/aa/evil/dupc/1.0.0/dupc-1.0.0.jar", rawZip(java.util.List.of(
                new String[] {"META-INF/MANIFEST.MF", platform}, code, new String[] {"META-INF/MANIFEST.MF", own})));
        assertRefused(400, "ambiguous_archive", "aa/evil/dupc/1.0.0/dupc-1.0.0.kar", zip(kar), EVIL);
        byte[] karShown = zip(module("aa.evil", "dupc", "1.0.0", "aa.evil.dupc", "dupc"));
        byte[] karHidden = zip(module("aa.evil", "dupc", "1.0.0", "be.imio.platform.zz", "dupc"));
        assertRefused(400, "ambiguous_archive", "aa/evil/dupc/1.0.0/dupc-1.0.0.kar", prefixed(karHidden, karShown), EVIL);
        assertEquals(404, get("/repository/maven/" + path).statusCode());

        // One manifest, its own name: released.
        HttpResponse<String> single = put(path, shown, EVIL);
        assertEquals(201, single.statusCode(), single.body());
    }

    // ---- what a features XML may name and need ----

    @Test
    void aFeaturesXmlNamesOnlyThePublishersArtifacts() throws Exception {
        assertEquals(201, put("aa/evil/piggy/1.0.0/piggy-1.0.0.jar", jar("aa.evil.piggy", "1.0.0"), EVIL).statusCode());
        String own = "<bundle>mvn:aa.evil/piggy/1.0.0</bundle>";
        String path = "aa/evil/piggy/1.0.0/piggy-1.0.0-features.xml";
        // The review's piggy2: iMio's courrier bundle (its pages, migrations, health) inside aa.evil's module.
        assertRefused(403, "outside_namespace", path, features("piggy", "1.0.0", own
                + "<bundle>mvn:be.imio.platform/courrier/1.0.0</bundle>", ""), EVIL);
        assertRefused(403, "outside_namespace", path, features("piggy", "1.0.0", own + "<conditional><condition>scr"
                + "</condition><bundle>mvn:be.imio.platform/courrier/1.0.0</bundle></conditional>", ""), EVIL);
        assertRefused(403, "outside_namespace", path, features("piggy", "1.0.0", own,
                "<repository>mvn:be.imio.platform/courrier/1.0.0/xml/features</repository>"), EVIL);
        Map<String, byte[]> kar = module("aa.evil", "sack", "1.0.0", "aa.evil.sack", "sack");
        kar.put("repository/aa/evil/sack/1.0.0/sack-1.0.0-features.xml", features("sack", "1.0.0",
                "<bundle>mvn:aa.evil/sack/1.0.0</bundle><bundle>mvn:be.imio.platform/courrier/1.0.0</bundle>", ""));
        assertRefused(403, "outside_namespace", "aa/evil/sack/1.0.0/sack-1.0.0.kar", zip(kar), EVIL);

        HttpResponse<String> allowed = put(path, features("piggy", "1.0.0", own, ""), EVIL);
        assertEquals(201, allowed.statusCode(), allowed.body());
    }

    @Test
    void aFeaturesXmlDependsOnlyOnWhatAModuleNeeds() throws Exception {
        assertEquals(201, put("aa/evil/needs/1.0.0/needs-1.0.0.jar", jar("aa.evil.needs", "1.0.0"), EVIL).statusCode());
        String own = "<bundle>mvn:aa.evil/needs/1.0.0</bundle>";
        String path = "aa/evil/needs/1.0.0/needs-1.0.0-features.xml";
        for (String feature : new String[] {"webconsole", "management", "obr", "deployer", "kar", "war", "imio-web",
            "shell", "aries-blueprint", "jdbc", "courrier", "webconsole/4.4.10"}) {
            assertRefused(400, "feature_dependency_not_allowed", path, features("needs", "1.0.0", "<feature>" + feature
                    + "</feature>" + own, ""), EVIL);
        }
        assertRefused(400, "feature_dependency_not_allowed", path, features("needs", "1.0.0", own + "<conditional>"
                + "<condition>scr</condition><feature>webconsole</feature></conditional>", ""), EVIL);
        Map<String, byte[]> kar = module("aa.evil", "needy", "1.0.0", "aa.evil.needy", "needy");
        kar.put("repository/aa/evil/needy/1.0.0/needy-1.0.0-features.xml", features("needy", "1.0.0",
                "<feature>management</feature><bundle>mvn:aa.evil/needy/1.0.0</bundle>", ""));
        assertRefused(400, "feature_dependency_not_allowed", "aa/evil/needy/1.0.0/needy-1.0.0.kar", zip(kar), EVIL);

        HttpResponse<String> allowed = put(path, ("<features name=\"needs\" xmlns=\"" + KARAF + "\"><feature name=\"needs\""
                + " version=\"1.0.0\"><feature>scr</feature><feature>http-whiteboard</feature><feature>needs-core"
                + "</feature>" + own + "</feature><feature name=\"needs-core\" version=\"1.0.0\">" + own + "</feature>"
                + "</features>").getBytes(StandardCharsets.UTF_8), EVIL);
        assertEquals(201, allowed.statusCode(), allowed.body());
    }

    // ---- disk, names, metadata files ----

    private static byte[] bulkyJar(String symbolicName, int kilobytes) throws Exception {
        byte[] noise = new byte[kilobytes * 1024];
        new java.security.SecureRandom().nextBytes(noise);
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", symbolicName);
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream jar = new JarOutputStream(bytes, manifest)) {
            jar.putNextEntry(new ZipEntry("noise.bin"));
            jar.write(noise);
        }
        return bytes.toByteArray();
    }

    @Test
    void aPublisherCannotFillTheRepositorysDisk() throws Exception {
        // Three jars of 800 kB each, under a budget of 2 MB: the third is refused, and nothing of it stays.
        for (String name : new String[] {"bulk1", "bulk2"}) {
            HttpResponse<String> stored = put("aa/hoard/" + name + "/1.0.0/" + name + "-1.0.0.jar",
                    bulkyJar("aa.hoard." + name, 800), HOARDER);
            assertEquals(201, stored.statusCode(), stored.body());
        }
        assertRefused(413, "storage_budget_exceeded", "aa/hoard/bulk3/1.0.0/bulk3-1.0.0.jar", bulkyJar("aa.hoard.bulk3",
                800), HOARDER);
        assertEquals(404, get("/repository/maven/aa/hoard/bulk3/1.0.0/bulk3-1.0.0.jar").statusCode());
        // An archive counts with what it carries: alone, this one would still fit.
        Map<String, byte[]> kar = module("aa.hoard", "bulk4", "1.0.0", "aa.hoard.bulk4", "bulk4");
        kar.put("repository/aa/hoard/bulk4/1.0.0/bulk4-1.0.0.jar", bulkyJar("aa.hoard.bulk4", 400));
        assertRefused(413, "storage_budget_exceeded", "aa/hoard/bulk4/1.0.0/bulk4-1.0.0.kar", zip(kar), HOARDER);
        // Small files still fit, and other publishers have their own budget.
        assertEquals(201, put("aa/hoard/bulk3/1.0.0/bulk3-1.0.0.jar", jar("aa.hoard.bulk3", "1.0.0"), HOARDER)
                .statusCode());
        assertEquals(201, put("aa/evil/spare/1.0.0/spare-1.0.0.jar", bulkyJar("aa.evil.spare", 800), EVIL).statusCode());
    }

    @Test
    void everyFileOfAReleaseFollowsOneNameRule() throws Exception {
        for (String name : new String[] {"courrier.", "courrier-", "cour.-rier"}) {
            String base = "aa/evil/" + name + "/1.0.0/" + name + "-1.0.0";
            assertRefused(400, "bad_artifact_id", base + ".pom", pom("aa.evil", name, "1.0.0"), EVIL);
            assertRefused(400, "bad_artifact_id", base + ".jar", jar("aa.evil.x", "1.0.0"), EVIL);
            assertRefused(400, "bad_artifact_id", base + "-features.xml", features("x", "1.0.0", "", ""), EVIL);
            assertRefused(400, "bad_artifact_id", "aa/evil/box/1.0.0/box-1.0.0.kar",
                    zip(module("aa.evil", name, "1.0.0", "aa.evil.x", "x")), EVIL);
        }
    }

    @Test
    void aPublisherCannotSendAnotherGroupsMavenMetadata() throws Exception {
        byte[] metadata = ("<metadata><groupId>be.imio.platform</groupId><artifactId>courrier</artifactId><versioning>"
                + "<release>9.9.9</release></versioning></metadata>").getBytes(StandardCharsets.UTF_8);
        assertRefused(403, "outside_namespace", "be/imio/platform/courrier/maven-metadata.xml", metadata, EVIL);
        assertRefused(403, "outside_namespace", "be/imio/platform/courrier/maven-metadata.xml.sha1",
                "0".repeat(40).getBytes(StandardCharsets.UTF_8), EVIL);
        String served = new String(get("/repository/maven/be/imio/platform/courrier/maven-metadata.xml").body(),
                StandardCharsets.UTF_8);
        assertTrue(served.contains("<release>1.0.0</release>") && !served.contains("9.9.9"), served);
        // Its own: taken and ignored, as mvn deploy sends it.
        assertEquals(200, put("aa/evil/piggy/maven-metadata.xml", metadata, EVIL).statusCode());
    }
}
