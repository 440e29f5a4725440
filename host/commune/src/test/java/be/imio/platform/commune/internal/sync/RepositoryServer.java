package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import be.imio.platform.trust.Digests;

/**
 * A tiny stand-in for the central repository, on a free port of the loopback interface: it serves
 * {@code /repository/metadata/<name>} and {@code /repository/maven/<path>} from what a test put
 * there, answers 304 to a matching {@code If-None-Match}, 404 to anything else, and keeps a log of
 * every request with the status it got.
 */
final class RepositoryServer implements AutoCloseable {

    /** One request and the status it was answered with. */
    record Request(String path, int status) {
    }

    private final HttpServer server;
    private final Map<String, byte[]> metadata = new ConcurrentHashMap<>();
    private final Map<String, byte[]> maven = new ConcurrentHashMap<>();
    private final List<Request> log = new CopyOnWriteArrayList<>();

    RepositoryServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    RepositoryClient client() {
        return new RepositoryClient("http://127.0.0.1:" + server.getAddress().getPort(), Duration.ofSeconds(10));
    }

    int port() {
        return server.getAddress().getPort();
    }

    void metadata(String name, byte[] bytes) {
        metadata.put(name, bytes.clone());
    }

    void removeMetadata(String name) {
        metadata.remove(name);
    }

    void maven(String path, byte[] bytes) {
        maven.put(path, bytes.clone());
    }

    List<Request> log() {
        return List.copyOf(log);
    }

    /** How many requests asked for {@code path} (for example {@code /repository/maven/a/b.jar}). */
    long requests(String path) {
        return log.stream().filter(r -> r.path().equals(path)).count();
    }

    void clearLog() {
        log.clear();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            byte[] body = null;
            if (path.startsWith("/repository/metadata/")) {
                body = metadata.get(path.substring("/repository/metadata/".length()));
            } else if (path.startsWith("/repository/maven/")) {
                body = maven.get(path.substring("/repository/maven/".length()));
            }
            if (body == null || !"GET".equals(exchange.getRequestMethod())) {
                answer(exchange, path, 404, null);
                return;
            }
            String etag = "\"" + Digests.sha256Hex(body) + "\"";
            exchange.getResponseHeaders().set("ETag", etag);
            if (etag.equals(exchange.getRequestHeaders().getFirst("If-None-Match"))) {
                answer(exchange, path, 304, null);
                return;
            }
            answer(exchange, path, 200, body);
        }
    }

    private void answer(HttpExchange exchange, String path, int status, byte[] body) throws IOException {
        log.add(new Request(path, status));
        exchange.sendResponseHeaders(status, body == null ? -1 : body.length);
        if (body != null) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
