package be.imio.platform.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

/**
 * Releases one built release of a shared solution (from {@code plugins/<module>/release-<version>})
 * to a central repository as {@code mvn deploy} would: its jar, pom and features file, each PUT by
 * a publisher.
 */
final class PluginReleases {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private PluginReleases() {
    }

    static void publish(int repositoryPort, String credentials, String module, String version)
            throws IOException, InterruptedException {
        Path release = Path.of(System.getProperty("imio.plugins", "../plugins")).resolve(module + "/release-" + version);
        String base = "be/imio/platform/" + module + "/" + version + "/" + module + "-" + version;
        put(repositoryPort, credentials, base + ".jar", release.resolve("target/" + module + "-" + version + ".jar"));
        // The pom mvn deploy sends: flattened, without the build's SNAPSHOT parent.
        put(repositoryPort, credentials, base + ".pom", release.resolve("target/.flattened-pom.xml"));
        put(repositoryPort, credentials, base + "-features.xml", release.resolve("target/feature/features.xml"));
    }

    private static void put(int port, String credentials, String path, Path file) throws IOException, InterruptedException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " is missing: build the plugins first (mvn install from the root)");
        }
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                + "/repository/maven/" + path)).PUT(HttpRequest.BodyPublishers.ofFile(file)).header("Authorization",
                "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 201) {
            throw new IOException("PUT " + path + ": HTTP " + answer.statusCode() + " " + answer.body());
        }
    }
}
