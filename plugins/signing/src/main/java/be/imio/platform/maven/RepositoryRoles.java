package be.imio.platform.maven;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.trust.SignedMetadata;

/**
 * The central repository as the signing plugin talks to it: the published role of an account
 * ({@code GET /repository/metadata/publisher-ACCOUNT.json}) and the upload of its next version
 * ({@code PUT /repository/maven/-/roles/ACCOUNT}, with the account's credentials, as {@code mvn deploy}).
 */
final class RepositoryRoles {

    /** What the repository answered to an upload. */
    record Answer(int status, String body) {
        boolean versionTaken() {
            return status == 409 && body.contains("\"role_version\"");
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    private final String base;
    private final String account;
    private final String authorization;

    /** {@code mavenUrl}: the repository's Maven address, {@code https://.../repository/maven}. */
    RepositoryRoles(String mavenUrl, String account, String password) {
        String url = mavenUrl.endsWith("/") ? mavenUrl.substring(0, mavenUrl.length() - 1) : mavenUrl;
        if (!url.endsWith("/repository/maven")) {
            throw new IllegalArgumentException("not a central repository's Maven address (…/repository/maven): " + mavenUrl);
        }
        this.base = url.substring(0, url.length() - "/repository/maven".length());
        this.account = account;
        this.authorization = "Basic " + Base64.getEncoder().encodeToString((account + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    /** The role the repository publishes for the account, or null when it has none yet. */
    SignedMetadata published() throws IOException, InterruptedException, MetadataException {
        HttpResponse<byte[]> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/repository/metadata/publisher-"
                + account + ".json")).timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (answer.statusCode() == 404) {
            return null;
        }
        if (answer.statusCode() != 200) {
            throw new IOException("the repository answered " + answer.statusCode() + " for the published role");
        }
        return SignedMetadata.parse(answer.body());
    }

    /** Sends {@code role}, the account's next role. */
    Answer send(SignedMetadata role) throws IOException, InterruptedException {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(base + "/repository/maven/-/roles/"
                + account)).timeout(Duration.ofSeconds(120)).header("Authorization", authorization)
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(role.toBytes())).build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(answer.statusCode(), answer.body());
    }
}
