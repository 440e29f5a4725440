package be.imio.platform.commune.internal.sync;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import be.imio.platform.api.Texts;

/**
 * Every body the host reads has a deadline, a minimum rate and a length limit; GETs follow a few
 * redirects, never down to plain http; the fleet report's credential stays with its origin.
 */
class TransferLimitsTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    Path dir;

    private static InputStream open(RawHttpServer server) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(server.url() + "/x")).build(),
                HttpResponse.BodyHandlers.ofInputStream()).body();
    }

    private static String copyAndFail(RawHttpServer server, TransferWatch watch) throws Exception {
        long started = System.nanoTime();
        IOException cut = assertThrows(IOException.class, () -> watch.copy(open(server), new ByteArrayOutputStream(),
                1_000_000));
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 5_000, "cut off after " + millis + " ms");
        return cut.getMessage();
    }

    @Test
    void aBodyThatStallsAfterItsHeadersIsCutOffAfterOneWindow() throws Exception {
        try (RawHttpServer stalling = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\nsome bytes");
            Thread.sleep(60_000);
        })) {
            String reason = copyAndFail(stalling, new TransferWatch("timestamp.json", System.nanoTime()
                    + Duration.ofSeconds(60).toNanos(), Duration.ofMillis(500), 1024));
            assertTrue(reason.contains("bytes a second"), reason);
        }
    }

    @Test
    void aBodyTrickledByteByByteIsCutOff() throws Exception {
        try (RawHttpServer trickling = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n");
            for (int i = 0; i < 600; i++) {
                RawHttpServer.write(out, "x");
                Thread.sleep(100);
            }
        })) {
            String reason = copyAndFail(trickling, new TransferWatch("snapshot.json", System.nanoTime()
                    + Duration.ofSeconds(60).toNanos(), Duration.ofMillis(500), 1024));
            assertTrue(reason.contains("bytes a second"), reason);
        }
    }

    @Test
    void aFastBodyThatNeverEndsMeetsTheDeadline() throws Exception {
        try (RawHttpServer endless = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            byte[] chunk = new byte[100];
            while (true) {
                out.write(chunk);
                out.flush();
                Thread.sleep(5);
            }
        })) {
            String reason = copyAndFail(endless, new TransferWatch("a.jar", System.nanoTime()
                    + Duration.ofMillis(800).toNanos(), Duration.ofSeconds(10), 1024));
            assertTrue(reason.contains("took too long"), reason);
        }
    }

    @Test
    void aStalledMetadataDocumentIsNotWaitedForForever() throws Exception {
        try (RawHttpServer stalling = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{");
            Thread.sleep(60_000);
        })) {
            RepositoryClient client = new RepositoryClient(stalling.url(), Duration.ofSeconds(60));
            long started = System.nanoTime();
            IOException cut = assertThrows(IOException.class, () -> client.metadata("timestamp.json", null, 4096));
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds <= TransferWatch.WINDOW.toSeconds() * 2, "waited " + seconds + " s");
            assertFalse(cut instanceof RepositoryClient.Refused, "slow is a network trouble, not refused metadata");
            assertTrue(cut.getMessage().contains("bytes a second"), cut.getMessage());
        }
    }

    @Test
    void aDocumentLongerThanAllowedIsRefusedWithoutReadingItAll() throws Exception {
        byte[] big = new byte[100_000];
        Arrays.fill(big, (byte) ' ');
        try (RepositoryServer repository = new RepositoryServer()) {
            repository.metadata("7.snapshot.json", big);
            RepositoryClient.Refused refused = assertThrows(RepositoryClient.Refused.class,
                    () -> repository.client().metadata("7.snapshot.json", null, 1000));
            assertEquals("7.snapshot.json dépasse la longueur permise de 1000 octets / 7.snapshot.json is longer than"
                    + " the 1000 bytes allowed", refused.getMessage());
            assertEquals("7.snapshot.json ist länger als die erlaubten 1000 Bytes",
                    refused.words().message().in(Texts.GERMAN));
        }
        // Without a Content-Length (chunked), the read stops past the limit.
        try (RawHttpServer chunked = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n");
            for (int i = 0; i < 1000; i++) {
                RawHttpServer.write(out, "400\r\n" + " ".repeat(1024) + "\r\n");
            }
            RawHttpServer.write(out, "0\r\n\r\n");
        })) {
            RepositoryClient.Refused refused = assertThrows(RepositoryClient.Refused.class,
                    () -> new RepositoryClient(chunked.url(), Duration.ofSeconds(10)).metadata("timestamp.json", null, 5000));
            assertTrue(refused.getMessage().contains("5000 bytes allowed"), refused.getMessage());
        }
    }

    @Test
    void aNotModifiedAnswerIsTakenOnlyForTheEtagAskedAbout() throws Exception {
        String[] etag = {"\"abc\""};
        try (RawHttpServer notModified = new RawHttpServer((head, out) -> RawHttpServer.write(out,
                "HTTP/1.1 304 Not Modified\r\n" + (etag[0] == null ? "" : "ETag: " + etag[0] + "\r\n") + "\r\n"))) {
            RepositoryClient client = new RepositoryClient(notModified.url(), Duration.ofSeconds(10));
            assertTrue(client.metadata("timestamp.json", "\"abc\"", 4096).notModified());
            assertThrows(RepositoryClient.Refused.class, () -> client.metadata("timestamp.json", null, 4096),
                    "a 304 to a request that held no ETag");
            assertThrows(RepositoryClient.Refused.class, () -> client.metadata("timestamp.json", "\"other\"", 4096),
                    "a 304 for another ETag");
            etag[0] = null;
            assertThrows(RepositoryClient.Refused.class, () -> client.metadata("timestamp.json", "\"abc\"", 4096),
                    "a 304 without an ETag");
        }
    }

    @Test
    void redirectsAreFollowedAFewTimesWithTheSameLimits() throws Exception {
        try (RepositoryServer repository = new RepositoryServer()) {
            int port = repository.port();
            // 301 to /hop2/..., 301 to /hop1/..., then 302 to the repository on another port.
            try (RawHttpServer moved = new RawHttpServer((head, out) -> {
                String path = head.substring(head.indexOf(' ') + 1, head.indexOf(' ', head.indexOf(' ') + 1));
                int hops = path.startsWith("/hop") ? path.charAt(4) - '0' : 3;
                String rest = path.startsWith("/hop") ? path.substring(5) : path;
                String location = hops > 1 ? "/hop" + (hops - 1) + rest : "http://127.0.0.1:" + port + rest;
                RawHttpServer.write(out, "HTTP/1.1 " + (hops == 1 ? 302 : 301) + " Moved\r\nLocation: " + location
                        + "\r\nContent-Length: 0\r\n\r\n");
            })) {
                byte[] timestamp = "{\"signed\":{}}".getBytes(StandardCharsets.UTF_8);
                repository.metadata("timestamp.json", timestamp);
                byte[] jar = "jar".getBytes(StandardCharsets.UTF_8);
                repository.maven("a/b/1/b-1.jar", jar);

                RepositoryClient client = new RepositoryClient(moved.url(), Duration.ofSeconds(10));
                assertArrayEquals(timestamp, client.metadata("timestamp.json", null, 4096).bytes());
                Path file = dir.resolve("b-1.jar");
                client.download("a/b/1/b-1.jar", file, 100);
                assertArrayEquals(jar, Files.readAllBytes(file));
                assertEquals(3, moved.requests().stream().filter(r -> r.contains("timestamp.json")).count(),
                        "three hops on the mirror, then the repository: " + moved.requests());
                assertThrows(RepositoryClient.Refused.class, () -> client.metadata("timestamp.json", null, 5),
                        "the length limit holds after redirects");
            }
        }
        try (RawHttpServer loop = new RawHttpServer((head, out) -> RawHttpServer.write(out,
                "HTTP/1.1 302 Found\r\nLocation: /again\r\nContent-Length: 0\r\n\r\n"))) {
            RepositoryClient.Refused refused = assertThrows(RepositoryClient.Refused.class,
                    () -> new RepositoryClient(loop.url(), Duration.ofSeconds(10)).metadata("timestamp.json", null, 4096));
            assertTrue(refused.getMessage().contains("more than 3 redirects"), refused.getMessage());
            assertEquals(RepositoryClient.MAX_REDIRECTS + 1, loop.requests().size());
        }
    }

    @Test
    void neverFollowsARedirectFromHttpsToHttp() throws Exception {
        assertThrows(RepositoryClient.Refused.class, () -> RepositoryClient.redirectTarget(
                URI.create("https://depot.imio.be/repository/metadata/timestamp.json"),
                "http://depot.imio.be/repository/metadata/timestamp.json"));
        assertThrows(RepositoryClient.Refused.class, () -> RepositoryClient.redirectTarget(
                URI.create("https://depot.imio.be/a"), "file:///etc/passwd"));
        assertEquals(URI.create("https://cdn.imio.be/m/timestamp.json"), RepositoryClient.redirectTarget(
                URI.create("http://depot.imio.be/repository/metadata/timestamp.json"), "https://cdn.imio.be/m/timestamp.json"));
        assertEquals(URI.create("http://depot.imio.be/other/timestamp.json"), RepositoryClient.redirectTarget(
                URI.create("http://depot.imio.be/repository/metadata/timestamp.json"), "/other/timestamp.json"));
    }

    @Test
    void theReportsCredentialIsNeverSentToAnotherOrigin() throws Exception {
        try (RawHttpServer elsewhere = new RawHttpServer((head, out) -> RawHttpServer.write(out,
                "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"));
                RawHttpServer redirecting = new RawHttpServer((head, out) -> RawHttpServer.write(out,
                        "HTTP/1.1 307 Temporary Redirect\r\nConnection: close\r\nLocation: " + elsewhere.url() + "/repository/reports"
                                + "\r\nContent-Length: 0\r\n\r\n"))) {
            int status = new RepositoryClient(redirecting.url(), Duration.ofSeconds(10)).report("namur", "secret",
                    "{}".getBytes(StandardCharsets.UTF_8));
            assertEquals(307, status, "the redirect is reported, not followed");
            assertTrue(redirecting.requests().get(0).contains("Authorization: Basic"), "the configured origin gets it");
            assertTrue(elsewhere.requests().isEmpty(), "nothing goes to the other origin: " + elsewhere.requests());
        }
        try (RawHttpServer sameOrigin = new RawHttpServer((head, out) -> RawHttpServer.write(out,
                head.startsWith("POST /repository/reports ") ? "HTTP/1.1 308 Permanent Redirect\r\nConnection: close\r\nLocation: /v2/reports"
                        + "\r\nContent-Length: 0\r\n\r\n" : "HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"))) {
            assertEquals(204, new RepositoryClient(sameOrigin.url(), Duration.ofSeconds(10)).report("namur", "secret",
                    "{}".getBytes(StandardCharsets.UTF_8)));
            assertEquals(2, sameOrigin.requests().size());
            assertTrue(sameOrigin.requests().get(1).startsWith("POST /v2/reports"), sameOrigin.requests().get(1));
        }
    }

    @Test
    void aReportAnswerThatStallsDoesNotHoldTheSender() throws Exception {
        try (RawHttpServer stalling = new RawHttpServer((head, out) -> {
            RawHttpServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n{");
            Thread.sleep(60_000);
        })) {
            long started = System.nanoTime();
            IOException cut = assertThrows(IOException.class, () -> new RepositoryClient(stalling.url(),
                    Duration.ofSeconds(60)).report("namur", "secret", "{}".getBytes(StandardCharsets.UTF_8)));
            long seconds = (System.nanoTime() - started) / 1_000_000_000;
            assertTrue(seconds <= TransferWatch.WINDOW.toSeconds() * 2, "waited " + seconds + " s");
            assertTrue(cut.getMessage().contains("bytes a second"), cut.getMessage());
        }
    }
}
