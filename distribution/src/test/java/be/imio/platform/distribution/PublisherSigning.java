package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import be.imio.platform.trust.Digests;
import be.imio.platform.trust.MetadataDocuments;
import be.imio.platform.trust.SignedMetadata;
import be.imio.platform.trust.SigningKey;
import be.imio.platform.trust.Target;

/**
 * What a publisher does on its own machine to sign its releases, as the SDK's Maven plugin does it:
 * pins the files {@code mvn deploy} uploads in its role, signs the role with its key and sends it;
 * and what iMio does to register that key.
 */
final class PublisherSigning {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PublisherSigning() {
    }

    /** The files {@code mvn deploy} uploads for a module release of the shared solutions, as its role pins them. */
    static List<Target> files(String module, String version) throws Exception {
        Path release = Path.of(System.getProperty("imio.plugins", "../plugins")).resolve(module + "/release-" + version);
        String base = "be/imio/platform/" + module + "/" + version + "/" + module + "-" + version;
        List<Target> files = new ArrayList<>();
        files.add(target(base + ".jar", release.resolve("target/" + module + "-" + version + ".jar")));
        files.add(target(base + ".pom", release.resolve("target/.flattened-pom.xml")));
        files.add(target(base + "-features.xml", release.resolve("target/feature/features.xml")));
        return files;
    }

    private static Target target(String path, Path file) throws Exception {
        byte[] bytes = Files.readAllBytes(file);
        return new Target(path, bytes.length, Digests.sha256Hex(bytes), null);
    }

    /** A role of {@code version} pinning {@code targets}, valid for 90 days, signed with {@code key}. */
    static SignedMetadata role(long version, SigningKey key, List<Target> targets) {
        return SignedMetadata.sign(MetadataDocuments.targets(version, Instant.now().plus(Duration.ofDays(90)), targets),
                List.of(key));
    }

    /** Sends {@code role} as {@code account}'s ({@code PUT /repository/maven/-/roles/ACCOUNT}) with {@code credentials}. */
    static HttpResponse<String> sendRole(RunningInstance repository, String account, byte[] role, String credentials)
            throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/maven/-/roles/" + account))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(role)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** iMio registers {@code key} as {@code account}'s ({@code PUT /api/repository/publishers/ACCOUNT/key}). */
    static HttpResponse<String> registerKey(RunningInstance repository, String account, SigningKey key) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + repository.httpPort + "/api/repository/publishers/" + account + "/key"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:"
                        + repository.adminPassword()).getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofString(key.publicKey().toJson().toString())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), answer.body());
        return answer;
    }
}
