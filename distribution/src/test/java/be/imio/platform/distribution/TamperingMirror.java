package be.imio.platform.distribution;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An untrusted mirror between a commune host and the central repository: a plain HTTP reverse
 * proxy on loopback that forwards every request to the repository, except the paths a test told
 * it to {@link #replace}, for which it serves other bytes. It can also {@link #goOffline()}, as a
 * mirror or a network does. It counts the requests it receives per path.
 *
 * <p>It can also play a hostile or clumsy mirror: serve replaced bytes with an ETag and 304 as a
 * real server would ({@link #replaceCacheable}), answer 304 without an ETag
 * ({@link #notModifiedWithoutEtag}), send the headers of a path and then stall ({@link #stall}),
 * and redirect paths elsewhere ({@link #redirect}); a request under {@code /moved/} is forwarded
 * as the same path without that prefix. It counts the requests that carried credentials
 * ({@link #authorized}).
 */
final class TamperingMirror implements AutoCloseable {

    /** Request headers passed on to the repository; the rest are the client's own business. */
    private static final List<String> REQUEST_HEADERS = List.of("Accept", "Authorization", "Content-Type",
            "If-None-Match", "If-Modified-Since");
    /** Response headers passed back to the client; Content-Length follows from the body sent. */
    private static final List<String> RESPONSE_HEADERS = List.of("Cache-Control", "Content-Encoding", "Content-Type",
            "ETag", "Last-Modified", "Location", "Retry-After", "WWW-Authenticate");

    private final int upstreamPort;
    private final int port;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ExecutorService workers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "tampering-mirror");
        thread.setDaemon(true);
        return thread;
    });
    private final Map<String, byte[]> replacements = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> authorized = new ConcurrentHashMap<>();
    private final Map<String, byte[]> cacheable = new ConcurrentHashMap<>();
    private final java.util.Set<String> notModified = ConcurrentHashMap.newKeySet();
    private final java.util.Set<String> stalled = ConcurrentHashMap.newKeySet();
    /** Path prefix, then the status and the base the path is appended to in the Location. */
    private final Map<String, Map.Entry<Integer, String>> redirects = new ConcurrentHashMap<>();
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);
    private HttpServer server;

    private TamperingMirror(int upstreamPort, HttpServer server) {
        this.upstreamPort = upstreamPort;
        this.server = server;
        this.port = server.getAddress().getPort();
    }

    /** Starts a mirror of {@code http://127.0.0.1:<upstreamPort>} on a free loopback port. */
    static TamperingMirror start(int upstreamPort) throws IOException {
        TamperingMirror mirror = new TamperingMirror(upstreamPort, bind(0));
        mirror.serve();
        return mirror;
    }

    int port() {
        return port;
    }

    /** The mirror's base URL, to give a host as its repository. */
    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** Serves {@code body} for GET and HEAD of exactly {@code path} (no query) instead of the repository's bytes. */
    void replace(String path, byte[] body) {
        replacements.put(path, body.clone());
    }

    void clearReplacements() {
        replacements.clear();
        cacheable.clear();
        notModified.clear();
        stalled.clear();
        redirects.clear();
    }

    /**
     * Serves {@code body} for GET of exactly {@code path} as a well-behaved server would: with an
     * ETag (its SHA-256), and 304 to a request that holds that ETag in {@code If-None-Match}.
     */
    void replaceCacheable(String path, byte[] body) {
        cacheable.put(path, body.clone());
    }

    /** Answers 304 Not Modified, without any ETag, to every request of exactly {@code path}. */
    void notModifiedWithoutEtag(String path) {
        notModified.add(path);
    }

    /**
     * Answers GET of exactly {@code path} with 200 and a Content-Length of 8 KB, sends a few
     * bytes, then nothing more until the mirror closes: a mirror that holds its clients.
     */
    void stall(String path) {
        stalled.add(path);
    }

    /**
     * Answers every request whose path starts with {@code pathPrefix} with {@code status} (301,
     * 302, 307...) and {@code Location: <base><path>}.
     */
    void redirect(String pathPrefix, int status, String base) {
        redirects.put(pathPrefix, Map.entry(status, base));
    }

    /** How many requests for paths starting with {@code pathPrefix} carried an Authorization header. */
    int authorized(String pathPrefix) {
        return authorized.entrySet().stream().filter(e -> e.getKey().startsWith(pathPrefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    /** Stops listening and drops open connections: the host finds nothing at the mirror's address. */
    synchronized void goOffline() {
        if (server != null) {
            server.stop(0);
            server = null;
        }
    }

    /** Listens again on the same port. */
    synchronized void goOnline() throws IOException {
        if (server == null) {
            IOException last = null;
            // The port was released a moment ago; nothing else should take it, but give the
            // operating system a few tries to let it be bound again.
            for (int attempt = 0; attempt < 50 && server == null; attempt++) {
                try {
                    server = bind(port);
                } catch (IOException e) {
                    last = e;
                    sleep(100);
                }
            }
            if (server == null) {
                throw new IOException("mirror cannot listen again on port " + port, last);
            }
            serve();
        }
    }

    synchronized boolean online() {
        return server != null;
    }

    /** How many requests the mirror received for paths starting with {@code pathPrefix}. */
    int requests(String pathPrefix) {
        return requests.entrySet().stream().filter(e -> e.getKey().startsWith(pathPrefix))
                .mapToInt(e -> e.getValue().get()).sum();
    }

    @Override
    public synchronized void close() {
        released.countDown();
        goOffline();
        workers.shutdownNow();
    }

    private static HttpServer bind(int port) throws IOException {
        return HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
    }

    private void serve() {
        server.createContext("/", this::handle);
        server.setExecutor(workers);
        server.start();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getRawPath();
            requests.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            if (exchange.getRequestHeaders().containsKey("Authorization")) {
                authorized.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            }
            boolean head = "HEAD".equals(method);
            byte[] replacement = replacements.get(path);
            if (hostile(exchange, path)) {
                return;
            }
            if (replacement != null && exchange.getRequestURI().getRawQuery() == null && (head || "GET".equals(method))) {
                serveReplacement(exchange, path, replacement, head);
            } else {
                forward(exchange, method, head);
            }
        }
    }

    /** Answers as a hostile mirror when a test asked for it; false when the request goes on as usual. */
    private boolean hostile(HttpExchange exchange, String path) throws IOException {
        for (Map.Entry<String, Map.Entry<Integer, String>> redirect : redirects.entrySet()) {
            if (path.startsWith(redirect.getKey())) {
                exchange.getResponseHeaders().set("Location", redirect.getValue().getValue() + path);
                exchange.sendResponseHeaders(redirect.getValue().getKey(), -1);
                return true;
            }
        }
        if (notModified.contains(path)) {
            exchange.sendResponseHeaders(304, -1);
            return true;
        }
        if (stalled.contains(path)) {
            exchange.sendResponseHeaders(200, 8 * 1024);
            exchange.getResponseBody().write("{\"signed\":".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            exchange.getResponseBody().flush();
            try {
                released.await(5, java.util.concurrent.TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return true;
        }
        byte[] body = cacheable.get(path);
        if (body != null && "GET".equals(exchange.getRequestMethod())) {
            String etag = "\"" + java.util.HexFormat.of().formatHex(sha256(body)) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                exchange.sendResponseHeaders(304, -1);
            } else {
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
            }
            return true;
        }
        return false;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return java.security.MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void serveReplacement(HttpExchange exchange, String path, byte[] body, boolean head)
            throws IOException {
        exchange.getResponseHeaders().set("Content-Type", path.endsWith(".json") ? "application/json"
                : path.endsWith(".xml") || path.endsWith(".pom") ? "application/xml" : "application/octet-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        if (head) {
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(body.length));
            exchange.sendResponseHeaders(200, -1);
        } else {
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            exchange.getResponseBody().write(body);
        }
    }

    private void forward(HttpExchange exchange, String method, boolean head) throws IOException {
        String rawPath = exchange.getRequestURI().getRawPath();
        if (rawPath.startsWith("/moved/")) {
            rawPath = rawPath.substring("/moved".length());
        }
        URI upstream = URI.create("http://127.0.0.1:" + upstreamPort + rawPath
                + (exchange.getRequestURI().getRawQuery() == null ? "" : "?" + exchange.getRequestURI().getRawQuery()));
        byte[] requestBody;
        try (InputStream in = exchange.getRequestBody()) {
            requestBody = in.readAllBytes();
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(upstream).timeout(Duration.ofSeconds(60))
                .method(method, requestBody.length == 0 ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(requestBody));
        for (String name : REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> answer;
        try {
            answer = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException unreachable) {
            exchange.sendResponseHeaders(502, -1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            exchange.sendResponseHeaders(502, -1);
            return;
        }
        for (String name : RESPONSE_HEADERS) {
            answer.headers().firstValue(name).ifPresent(value -> exchange.getResponseHeaders().set(name, value));
        }
        int status = answer.statusCode();
        byte[] body = answer.body();
        boolean bodiless = head || status == 204 || status == 304 || (status >= 100 && status < 200);
        if (bodiless) {
            if (head) {
                answer.headers().firstValue("Content-Length")
                        .ifPresent(value -> exchange.getResponseHeaders().set("Content-Length", value));
            }
            exchange.sendResponseHeaders(status, -1);
        } else {
            exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
