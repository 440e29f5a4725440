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
            boolean head = "HEAD".equals(method);
            byte[] replacement = replacements.get(path);
            if (replacement != null && exchange.getRequestURI().getRawQuery() == null && (head || "GET".equals(method))) {
                serveReplacement(exchange, path, replacement, head);
            } else {
                forward(exchange, method, head);
            }
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
        URI upstream = URI.create("http://127.0.0.1:" + upstreamPort + exchange.getRequestURI().getRawPath()
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
