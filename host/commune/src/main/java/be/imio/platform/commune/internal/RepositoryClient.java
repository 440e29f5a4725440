package be.imio.platform.commune.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Plain HTTP to the central repository, or to any mirror of it: nothing fetched here is trusted
 * until it has been checked against signed metadata. Every read has a size and a time limit.
 */
final class RepositoryClient {

    /** Metadata documents are small; anything bigger is refused before it is parsed. */
    static final int MAX_METADATA_BYTES = 8 * 1024 * 1024;

    /** An answer to a conditional GET: the bytes and their ETag, or {@code notModified}. */
    record Fetched(byte[] bytes, String etag, boolean notModified) {
    }

    /** The repository answered, but not with the document (404, 500...). */
    static final class NotServed extends IOException {
        private static final long serialVersionUID = 1L;
        final int status;

        NotServed(String what, int status) {
            super(what + " : réponse HTTP " + status + " du dépôt / HTTP " + status + " from the repository");
            this.status = status;
        }
    }

    private final HttpClient http;
    private final String baseUrl;
    private final Duration timeout;

    RepositoryClient(String baseUrl, Duration timeout) {
        this.baseUrl = baseUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    String baseUrl() {
        return baseUrl;
    }

    /** {@code GET /repository/metadata/<name>}, conditional when {@code etag} is given. */
    Fetched metadata(String name, String etag) throws IOException, InterruptedException {
        HttpRequest.Builder request = request("/repository/metadata/" + name, Duration.ofSeconds(30));
        if (etag != null) {
            request.header("If-None-Match", etag);
        }
        HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 304) {
                return new Fetched(null, etag, true);
            }
            if (answer.statusCode() != 200) {
                throw new NotServed(name, answer.statusCode());
            }
            byte[] bytes = body.readNBytes(MAX_METADATA_BYTES + 1);
            if (bytes.length > MAX_METADATA_BYTES) {
                throw new IOException(name + " dépasse " + MAX_METADATA_BYTES + " octets / exceeds "
                        + MAX_METADATA_BYTES + " bytes");
            }
            return new Fetched(bytes, answer.headers().firstValue("ETag").orElse(null), false);
        }
    }

    /**
     * Downloads {@code path} of the Maven layout into {@code file}, stopping as soon as it passes
     * {@code maxBytes} or the time limit.
     */
    void download(String path, Path file, long maxBytes) throws IOException, InterruptedException {
        HttpResponse<InputStream> answer = http.send(request("/repository/maven/" + path, timeout).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        long deadline = System.nanoTime() + timeout.toNanos();
        try (InputStream body = answer.body(); OutputStream out = Files.newOutputStream(file)) {
            if (answer.statusCode() != 200) {
                throw new NotServed(path, answer.statusCode());
            }
            byte[] buffer = new byte[64 * 1024];
            long total = 0;
            for (int read; (read = body.read(buffer)) != -1; ) {
                total += read;
                if (total > maxBytes) {
                    throw new IOException(path + " : plus de " + maxBytes + " octets reçus / more than "
                            + maxBytes + " bytes received");
                }
                if (System.nanoTime() > deadline) {
                    throw new IOException(path + " : téléchargement trop long / download took too long");
                }
                out.write(buffer, 0, read);
            }
        }
    }

    /** Posts this host's report; answers the HTTP status. */
    int report(String hostId, String token, byte[] json) throws IOException, InterruptedException {
        HttpRequest request = request("/repository/reports", Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        (hostId + ":" + token).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
        return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private HttpRequest.Builder request(String path, Duration limit) {
        return HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(limit)
                .header("User-Agent", "imio-commune-host");
    }

    static Optional<RepositoryClient> of(HostSettings settings) {
        String url = settings.repositoryUrl();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryClient(url, settings.downloadTimeout()));
    }
}
