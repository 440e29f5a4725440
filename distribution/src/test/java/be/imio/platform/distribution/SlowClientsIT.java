package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Clients that send their request bodies a byte at a time, mounted as an attacker would: hundreds
 * of connections from one address, each announcing a large form, JSON body or upload and sending
 * one byte every two seconds. Jetty gives each such request a thread (200 in all) until its body
 * has come; one address may hold only {@code maxRequestsPerClient} (32) of them, the rest are
 * answered 429 at once, and everyone else is served meanwhile. Behind the reverse proxy the
 * instance trusts (127.0.0.1 by default), each client the proxy names in {@code X-Forwarded-For}
 * counts on its own, for this bound, for log-in throttling and in the logs; a client that is not
 * a trusted proxy cannot spread itself over addresses it claims. Clients spread over many
 * addresses hold at most {@code maxRequestBodies} (64) threads together.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SlowClientsIT {

    private static final String PUBLISHER = "publisher-slow";
    private static final String PUBLISHER_PASSWORD = "Publish-" + System.nanoTime();
    private static final String CHEF = "chef";
    private static final String CHEF_PASSWORD = "Chef-" + System.nanoTime();
    private static final int BOUND = 32;
    private static final int BODIES = 64;

    private static RunningInstance repository;
    private static RunningInstance host;
    private static final ScheduledExecutorService DRIBBLE = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "dribble");
        thread.setDaemon(true);
        return thread;
    });

    @BeforeAll
    static void start() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, PUBLISHER_PASSWORD,
                "be.imio.solutions");
        repository.start();
        host = RunningInstance.hostOf(distribution, repository);
        host.addAccount(CHEF, CHEF_PASSWORD, "_g_:admingroup");
        host.start();
    }

    @AfterAll
    static void stop() throws Exception {
        DRIBBLE.shutdownNow();
        RunningInstance.closeAll(host, repository);
    }

    @Test
    @Order(1)
    void slowLogInFormsFromOneAddressHoldOnlyItsShareAndEveryoneElseIsServed() throws Exception {
        try (Slow attack = Slow.open("127.0.0.2", host.httpPort, 250, i -> "POST /console/login HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + host.httpPort + "\r\nOrigin: http://127.0.0.1:" + host.httpPort
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nu")) {
            assertEquals(BOUND, attack.held(), attack.toString());
            assertEquals(250 - BOUND, attack.refused(), attack.toString());
            // The attacker's own address is held to its share.
            assertEquals(429, Raw.exchange("127.0.0.2", host.httpPort, "GET /health HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").status());

            // Another workstation, and a colleague behind the commune's reverse proxy, are served.
            assertPagesServedTo("127.0.0.3");
            Raw colleague = logIn("127.0.0.1", "203.0.113.5", CHEF, CHEF_PASSWORD);
            assertEquals(303, colleague.status(), colleague.text());
            assertTrue(host.karafLog().contains("Console log-in of 'chef' from 203.0.113.5"),
                    "the log names the client behind the proxy, not the proxy");

        }
        // The address is served again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        int status = 0;
        while (System.nanoTime() < deadline && status != 200) {
            status = Raw.exchange("127.0.0.2", host.httpPort, "GET /health HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").status();
            Thread.sleep(200);
        }
        assertEquals(200, status, "the address is served once its slow requests are gone");
    }

    @Test
    @Order(2)
    void aClientThatIsNotATrustedProxyCannotSpreadOverAddressesItClaims() throws Exception {
        try (Slow attack = Slow.open("127.0.0.4", host.httpPort, 100, i -> "POST /console/login HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + host.httpPort + "\r\nOrigin: http://127.0.0.1:" + host.httpPort
                + "\r\nX-Forwarded-For: 198.51.100." + (i % 250 + 1) + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nu")) {
            assertEquals(BOUND, attack.held(), attack.toString());
            assertEquals(100 - BOUND, attack.refused(), attack.toString());
        }
    }

    @Test
    @Order(3)
    void slowJsonBodiesOfAnAccountAndSlowUploadsOfAPublisherAreBoundedToo() throws Exception {
        // An administrator's account (a viewer's change is refused before its body is read).
        String admin = "Basic " + Base64.getEncoder().encodeToString((CHEF + ":" + CHEF_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Slow json = Slow.open("127.0.0.5", host.httpPort, 40, i -> "POST /api/host/sync HTTP/1.1\r\n"
                + "Host: x\r\nAuthorization: " + admin + "\r\nContent-Type: application/json\r\n"
                + "Content-Length: 100000\r\n\r\n{")) {
            assertEquals(BOUND, json.held(), json.toString());
            assertEquals(40 - BOUND, json.refused(), json.toString());
            assertEquals(200, Raw.exchange("127.0.0.3", host.httpPort, "GET /health HTTP/1.1\r\nHost: x\r\n"
                    + "Connection: close\r\n\r\n").status());
        }
        String publisher = "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PUBLISHER_PASSWORD)
                .getBytes(StandardCharsets.UTF_8));
        try (Slow uploads = Slow.open("127.0.0.6", repository.httpPort, 40, i -> "PUT /repository/maven/be/imio/"
                + "solutions/slow/1.0." + i + "/slow-1.0." + i + ".jar HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + publisher + "\r\nContent-Length: 1000000\r\n\r\nP")) {
            assertEquals(BOUND, uploads.held(), uploads.toString());
            assertEquals(40 - BOUND, uploads.refused(), uploads.toString());
            assertEquals(200, Raw.exchange("127.0.0.7", repository.httpPort, "GET /repository/metadata/timestamp.json"
                    + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").status());
        }
        // Large ones: one account's uploads in progress hold at most 256 MB of the repository's disk,
        // whatever addresses they come from.
        try (Slow large = Slow.open("127.0.0.8", repository.httpPort, 5, i -> "PUT /repository/maven/be/imio/"
                + "solutions/large/1.0." + i + "/large-1.0." + i + ".jar HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + publisher + "\r\nContent-Length: 60000000\r\n\r\nP")) {
            assertEquals(4, large.held(), large.toString());
            assertEquals(1, large.other.size(), large.toString());
            assertTrue(large.other.get(0).startsWith("HTTP/1.1 429 too_many_uploads: "), "the code in the status line: "
                    + large);
        }
        // Uploads a client abandoned give their room back: the publisher is not locked out.
        try (Slow again = Slow.open("127.0.0.9", repository.httpPort, 4, i -> "PUT /repository/maven/be/imio/"
                + "solutions/large/2.0." + i + "/large-2.0." + i + ".jar HTTP/1.1\r\nHost: x\r\nAuthorization: "
                + publisher + "\r\nContent-Length: 60000000\r\n\r\nP")) {
            assertEquals(4, again.held(), again.toString());
        }
    }

    @Test
    @Order(4)
    void behindTheProxyEachClientHasItsOwnFailedLogInCount() throws Exception {
        for (int guess = 0; guess < 20; guess++) {
            Raw wrong = logIn("127.0.0.1", "203.0.113.66", "guess-" + guess, "wrong-" + guess);
            assertEquals(401, wrong.status(), "guess " + guess + ": the log-in page again, with its error");
        }
        Raw held = logIn("127.0.0.1", "203.0.113.66", CHEF, CHEF_PASSWORD);
        assertEquals(429, held.status(), "the guessing client is held back: " + held.text());
        Raw colleague = logIn("127.0.0.1", "203.0.113.67", CHEF, CHEF_PASSWORD);
        assertEquals(303, colleague.status(), "a colleague behind the same proxy logs in: " + colleague.text());
        assertTrue(!sessionCookie(colleague).contains("Secure"), "plain http: " + sessionCookie(colleague));
    }

    @Test
    @Order(5)
    void theSessionCookieIsSecureWhenTheTrustedProxySaysHttps() throws Exception {
        Raw proxied = logIn("127.0.0.1", "203.0.113.68\r\nX-Forwarded-Proto: https", CHEF, CHEF_PASSWORD);
        assertEquals(303, proxied.status(), proxied.text());
        assertTrue(sessionCookie(proxied).contains("; Secure"), sessionCookie(proxied));
        Raw direct = logIn("127.0.0.8", "203.0.113.69\r\nX-Forwarded-Proto: https", CHEF, CHEF_PASSWORD);
        assertEquals(303, direct.status(), direct.text());
        assertTrue(!sessionCookie(direct).contains("Secure"), "anyone else's word is not taken: " + sessionCookie(direct));
    }

    @Test
    @Order(6)
    void slowBodiesFromManyAddressesHoldOnlyTheirCommonShare() throws Exception {
        // 150 clients behind the trusted proxy, each from its own address (IPv4, and IPv6 /64s), each
        // dribbling one log-in form: no per-address bound applies.
        try (Slow attack = Slow.open("127.0.0.1", host.httpPort, 150, i -> "POST /console/login HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + host.httpPort + "\r\nOrigin: http://127.0.0.1:" + host.httpPort
                + "\r\nX-Forwarded-For: " + (i % 2 == 0 ? "198.51.100." + (i / 2 + 1) : "2001:db8:0:" + Integer.toHexString(i) + "::1")
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 100000\r\n\r\nu")) {
            assertEquals(BODIES, attack.held(), attack.toString());
            assertEquals(150 - BODIES, attack.busy(), attack.toString());

            // Pages and /health are served meanwhile; a form is refused, in words.
            assertPagesServedTo("127.0.0.3");
            Raw refused = logIn("127.0.0.1", "203.0.113.70", CHEF, CHEF_PASSWORD);
            assertEquals(503, refused.status(), refused.text());
            assertTrue(refused.text().contains("\"server_busy\"") && refused.text().contains("Retry-After: 5"),
                    refused.text());
            assertPagesServedTo("127.0.0.9");
        }
        // Once they are gone, forms are taken again.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        Raw colleague = logIn("127.0.0.1", "203.0.113.71", CHEF, CHEF_PASSWORD);
        while (System.nanoTime() < deadline && colleague.status() != 303) {
            Thread.sleep(300);
            colleague = logIn("127.0.0.1", "203.0.113.71", CHEF, CHEF_PASSWORD);
        }
        assertEquals(303, colleague.status(), colleague.text());
    }

    @Test
    @Order(7)
    void guessesSentAllAtOnceGetNoMoreTriesThanOneByOne() throws Exception {
        java.util.concurrent.ExecutorService senders = Executors.newFixedThreadPool(30);
        try {
            java.util.concurrent.CountDownLatch ready = new java.util.concurrent.CountDownLatch(30);
            List<java.util.concurrent.Future<Integer>> sent = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                int guess = i;
                sent.add(senders.submit(() -> {
                    ready.countDown();
                    ready.await();
                    return logIn("127.0.0.1", "203.0.113.90", CHEF, "wrong-" + guess).status();
                }));
            }
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            for (var answer : sent) {
                statuses.merge(answer.get(), 1, Integer::sum);
            }
            assertTrue(statuses.getOrDefault(401, 0) <= 5 && statuses.getOrDefault(401, 0) >= 1
                    && statuses.getOrDefault(401, 0) + statuses.getOrDefault(429, 0) == 30,
                    "at most five passwords checked, the others held back: " + statuses);
        } finally {
            senders.shutdownNow();
        }
    }

    private static String sessionCookie(Raw answer) {
        return answer.text().lines().filter(l -> l.toLowerCase(java.util.Locale.ROOT).startsWith("set-cookie: imio_session="))
                .findFirst().orElse("");
    }

    // ---- helpers ----

    private static void assertPagesServedTo(String from) throws IOException {
        assertEquals(200, Raw.exchange(from, host.httpPort, "GET /health HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").status());
        assertEquals(200, Raw.exchange(from, host.httpPort, "GET /console/login HTTP/1.1\r\nHost: x\r\n"
                + "Connection: close\r\n\r\n").status());
    }

    /** A log-in page's token, fetched once: it stays valid for hours, from any address. */
    private static String logInToken;

    private static Raw logIn(String from, String forwardedFor, String user, String password)
            throws IOException, InterruptedException {
        if (logInToken == null) {
            logInToken = ConsoleFixture.logInToken(host.httpPort);
        }
        String form = ConsoleFixture.form(Map.of("username", user, "password", password, "next", "/console/",
                "login", logInToken));
        byte[] body = form.getBytes(StandardCharsets.UTF_8);
        return Raw.exchange(from, host.httpPort, "POST /console/login HTTP/1.1\r\nHost: 127.0.0.1:" + host.httpPort
                + "\r\nOrigin: http://127.0.0.1:" + host.httpPort + "\r\nX-Forwarded-For: " + forwardedFor
                + "\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length
                + "\r\nConnection: close\r\n\r\n" + form);
    }

    /** One exchange on a connection from a given local address, written byte for byte. */
    private record Raw(int status, String text) {

        static Raw exchange(String from, int port, String request) throws IOException {
            try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0)) {
                socket.setSoTimeout(30_000);
                socket.getOutputStream().write(request.getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                ByteArrayOutputStream all = new ByteArrayOutputStream();
                socket.getInputStream().transferTo(all);
                String text = all.toString(StandardCharsets.UTF_8);
                return new Raw(text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0, text);
            }
        }
    }

    /**
     * Connections from one local address, each having sent its request's head and the first byte of
     * a body it announced much longer, then one more byte every two seconds (so that Jetty's idle
     * timeout never ends them); classified after three seconds into held (no answer yet) and
     * refused (429 {@code too_many_parallel_requests}).
     */
    private static final class Slow implements AutoCloseable {

        private final List<Socket> sockets = new ArrayList<>();
        private final List<Socket> held = new ArrayList<>();
        private int refused;
        private int busy;
        private final List<String> other = new ArrayList<>();

        static Slow open(String from, int port, int count, IntFunction<String> head) throws Exception {
            Slow slow = new Slow();
            for (int i = 0; i < count; i++) {
                Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), port, InetAddress.getByName(from), 0);
                slow.sockets.add(socket);
                socket.getOutputStream().write(head.apply(i).getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
            }
            Thread.sleep(3000);
            for (Socket socket : slow.sockets) {
                socket.setSoTimeout(100);
                String answer = slow.read(socket);
                if (answer == null) {
                    slow.held.add(socket);
                } else if (answer.startsWith("HTTP/1.1 429") && answer.contains("\"too_many_parallel_requests\"")) {
                    slow.refused++;
                } else if (answer.startsWith("HTTP/1.1 503") && answer.contains("\"server_busy\"")) {
                    slow.busy++;
                } else {
                    slow.other.add(answer.lines().findFirst().orElse(""));
                }
            }
            DRIBBLE.scheduleAtFixedRate(slow::dribble, 2, 2, TimeUnit.SECONDS);
            return slow;
        }

        /** What came back so far, or null when nothing did within the socket's timeout. */
        private String read(Socket socket) throws IOException {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            try {
                for (int n; (n = in.read(buffer)) > 0; ) {
                    all.write(buffer, 0, n);
                }
            } catch (SocketTimeoutException e) {
                if (all.size() == 0) {
                    return null;
                }
            } catch (IOException reset) {
                // The server answered and closed while the body was still announced: what came is the answer.
            }
            return all.toString(StandardCharsets.UTF_8);
        }

        private synchronized void dribble() {
            for (Socket socket : held) {
                try {
                    socket.getOutputStream().write('x');
                    socket.getOutputStream().flush();
                } catch (IOException gone) {
                    // Ended by the server: nothing more to send on it.
                }
            }
        }

        int held() {
            return held.size();
        }

        int busy() {
            return busy;
        }


        int refused() {
            return refused;
        }

        /**
         * Ends each request as a client that goes away does (its side of the connection closed),
         * then waits until the server has closed its side too: the server does that only once the
         * request has ended, so what the request held (a place in its address's share, the room of
         * an upload) is given back when this returns.
         */
        @Override
        public synchronized void close() throws IOException {
            held.clear();
            for (Socket socket : sockets) {
                try {
                    socket.shutdownOutput();
                } catch (IOException gone) {
                    // Already closed by the server.
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (Socket socket : sockets) {
                // Read until the server closes (what it still sends is not looked at), a reset, or
                // the deadline: a request still open then is for the next checks to tell.
                try (socket) {
                    socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
                    read(socket);
                }
            }
        }

        @Override
        public String toString() {
            return held.size() + " held, " + refused + " refused, " + busy + " busy, others: " + other;
        }
    }
}
