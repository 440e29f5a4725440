package be.imio.platform.commune.internal.sync;

import java.io.ByteArrayOutputStream;
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
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import be.imio.platform.commune.api.Message;
import be.imio.platform.commune.internal.settings.HostSettings;
import be.imio.platform.commune.internal.texts.WordedIOException;

/**
 * Plain HTTP to the central repository, or to any mirror of it: nothing fetched here is trusted
 * until it has been checked against signed metadata. Every body is read within a deadline, at a
 * minimum rate and up to a length ({@link TransferWatch}). GETs follow at most
 * {@link #MAX_REDIRECTS} redirects, never from https to http, within the same limits; the fleet
 * report, which carries the host's credential, follows a redirect only within the same origin.
 */
public final class RepositoryClient {

    /** Redirects one GET may follow. */
    static final int MAX_REDIRECTS = 3;
    /** How long one metadata document may take, redirects included. */
    static final Duration METADATA_DEADLINE = Duration.ofSeconds(30);
    /** How long the answer to a fleet report may take. */
    static final Duration REPORT_DEADLINE = Duration.ofSeconds(30);
    /**
     * How long a request may wait for its answer's status line and headers: the minimum rate
     * ({@link TransferWatch}) covers a body, this what comes before it.
     */
    static final Duration HEADERS_DEADLINE = Duration.ofSeconds(10);

    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** An answer to a conditional GET: the bytes and their ETag, or {@code notModified}. */
    record Fetched(byte[] bytes, String etag, boolean notModified) {
    }

    /** The repository answered, but not with the document (404, 500...). */
    static final class NotServed extends WordedIOException {
        private static final long serialVersionUID = 1L;
        final int status;

        NotServed(String what, int status) {
            super(Message.of("cause.not-served", what, status));
            this.status = status;
        }
    }

    /**
     * The repository, or what stands in its place, answered against the rules: a document longer
     * than allowed, a 304 that was not asked for, a redirect to plain http or one too many. Refused,
     * with the reason; not a sign of being offline.
     */
    static final class Refused extends WordedIOException {
        private static final long serialVersionUID = 1L;

        Refused(Message message) {
            super(message);
        }

        /** {@code technical}: the server's own words, after the English ({@link be.imio.platform.commune.internal.texts.Worded#stored}). */
        Refused(Message message, String technical) {
            super(message, technical, null);
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

    /**
     * {@code GET /repository/metadata/<name>}, conditional when {@code etag} is given; at most
     * {@code maxBytes} (the length the parent document pins, or the role's fixed bound).
     *
     * @throws Refused when the document is longer than {@code maxBytes}, or a 304 answers a request
     *     that was not conditional or does not carry the ETag asked about
     */
    Fetched metadata(String name, String etag, long maxBytes) throws IOException, InterruptedException {
        TransferWatch watch = new TransferWatch(name, System.nanoTime() + METADATA_DEADLINE.toNanos());
        HttpResponse<InputStream> answer = get("/repository/metadata/" + name, etag == null ? Map.of()
                : Map.of("If-None-Match", etag), watch);
        try (InputStream body = answer.body()) {
            if (answer.statusCode() == 304) {
                String answered = answer.headers().firstValue("ETag").orElse(null);
                if (etag == null || !etag.equals(answered)) {
                    throw new Refused(Message.of("cause.304-without-etag", name),
                            " (" + (etag == null ? "none was asked" : "asked " + etag + ", got " + answered) + ")");
                }
                return new Fetched(null, etag, true);
            }
            if (answer.statusCode() != 200) {
                throw new NotServed(name, answer.statusCode());
            }
            long announced = answer.headers().firstValueAsLong("Content-Length").orElse(-1);
            if (announced > maxBytes) {
                throw tooLarge(name, maxBytes);
            }
            ByteArrayOutputStream bytes = new ByteArrayOutputStream((int) Math.min(maxBytes, 64 * 1024));
            try {
                watch.copy(body, bytes, maxBytes);
            } catch (TransferWatch.TooLarge e) {
                throw tooLarge(name, maxBytes);
            }
            return new Fetched(bytes.toByteArray(), answer.headers().firstValue("ETag").orElse(null), false);
        }
    }

    private static Refused tooLarge(String name, long maxBytes) {
        return new Refused(Message.of("cause.longer-than-allowed", name, maxBytes));
    }

    /**
     * Downloads {@code path} of the Maven layout into {@code file}, stopping as soon as it passes
     * {@code maxBytes}, the download time limit or the minimum rate.
     */
    void download(String path, Path file, long maxBytes) throws IOException, InterruptedException {
        TransferWatch watch = new TransferWatch(path, System.nanoTime() + timeout.toNanos());
        HttpResponse<InputStream> answer = get("/repository/maven/" + path, Map.of(), watch);
        try (InputStream body = answer.body(); OutputStream out = Files.newOutputStream(file)) {
            if (answer.statusCode() != 200) {
                throw new NotServed(path, answer.statusCode());
            }
            watch.copy(body, out, maxBytes);
        }
    }

    /**
     * A GET of {@code path}, following redirects as the class says; the answer's body is still to
     * be read (and closed) by the caller.
     */
    private HttpResponse<InputStream> get(String path, Map<String, String> headers, TransferWatch watch)
            throws IOException, InterruptedException {
        URI uri = URI.create(baseUrl + path);
        for (int hop = 0; ; hop++) {
            watch.check();
            Duration remaining = watch.remaining();
            HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                    .timeout(remaining.compareTo(HEADERS_DEADLINE) < 0 ? remaining : HEADERS_DEADLINE)
                    .header("User-Agent", "imio-commune-host");
            headers.forEach(request::header);
            HttpResponse<InputStream> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofInputStream());
            Optional<String> location = answer.headers().firstValue("Location");
            if (!REDIRECTS.contains(answer.statusCode()) || location.isEmpty()) {
                return answer;
            }
            answer.body().close();
            if (hop == MAX_REDIRECTS) {
                throw new Refused(Message.of("cause.too-many-redirects", path, MAX_REDIRECTS));
            }
            uri = redirectTarget(uri, location.get());
        }
    }

    /** Where a redirect from {@code from} to {@code location} leads, when it may be followed. */
    static URI redirectTarget(URI from, String location) throws Refused {
        URI to;
        try {
            to = from.resolve(location.strip());
        } catch (IllegalArgumentException e) {
            throw new Refused(Message.of("cause.redirect-invalid"), ": " + location);
        }
        String scheme = to.getScheme() == null ? "" : to.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || to.getHost() == null) {
            throw new Refused(Message.of("cause.redirect-not-http"), ": " + location);
        }
        if ("https".equalsIgnoreCase(from.getScheme()) && scheme.equals("http")) {
            throw new Refused(Message.of("cause.redirect-to-http"), ": " + to);
        }
        return to;
    }

    /** Whether {@code a} and {@code b} are the same origin: scheme, host and port. */
    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme() != null && a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI uri) {
        return uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }

    /**
     * Posts this host's report; answers the HTTP status. The credential goes only to the origin of
     * the configured repository: a redirect (307 or 308, which keep the method and body) is
     * followed within that origin, any other redirect is answered as its status.
     */
    int report(String hostId, String token, byte[] json) throws IOException, InterruptedException {
        URI origin = URI.create(baseUrl + "/repository/reports");
        URI uri = origin;
        for (int hop = 0; ; hop++) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(REPORT_DEADLINE)
                    .header("User-Agent", "imio-commune-host")
                    .header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            (hostId + ":" + token).getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json)).build();
            HttpResponse<InputStream> answer = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            // The answer's body is read within the same limits as any other: a stalling repository
            // must not hold the sync or the operations worker that sent the report.
            new TransferWatch("/repository/reports", System.nanoTime() + REPORT_DEADLINE.toNanos())
                    .copy(answer.body(), OutputStream.nullOutputStream(), 64 * 1024);
            Optional<String> location = answer.headers().firstValue("Location");
            if ((answer.statusCode() != 307 && answer.statusCode() != 308) || location.isEmpty() || hop == MAX_REDIRECTS) {
                return answer.statusCode();
            }
            URI next = redirectTarget(uri, location.get());
            if (!sameOrigin(origin, next)) {
                return answer.statusCode();
            }
            uri = next;
        }
    }

    static Optional<RepositoryClient> of(HostSettings settings) {
        String url = settings.repositoryUrl();
        if (url.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new RepositoryClient(url, settings.downloadTimeout()));
    }

    @Override
    public String toString() {
        return Objects.toString(baseUrl);
    }
}
