package be.imio.platform.distribution;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * An instance runs within the heap limit its documentation gives ({@code JAVA_MAX_MEM} in
 * {@code bin/setenv}), read back from the running JVM; and a repository serves a release as large
 * as it accepts to many anonymous clients at once within that heap: every client gets the pinned
 * bytes, and the repository goes on serving, with no OutOfMemoryError.
 */
class MemoryIT {

    private static final String PUBLISHER = "publisher-memory";
    private static final String PASSWORD = "Release-Secret-" + System.nanoTime();
    private static final int PARALLEL = 12;
    /** 60 MB: near the repository's 64 MB upload limit. */
    private static final int PAYLOAD = 60 * 1024 * 1024;
    private static final String PATH = "be/imio/solutions/big/1.0.0/big-1.0.0.jar";
    private static final Pattern DOCUMENTED = Pattern.compile("JAVA_MAX_MEM=\"\\$\\{JAVA_MAX_MEM:-(\\d+)M}\"");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static RunningInstance repository;
    private static Path jar;
    private static String sha256;

    @BeforeAll
    static void releaseALargeBundle() throws Exception {
        repository = RunningInstance.repositoryWithPublisher(Distribution.unpacked(), PUBLISHER, PASSWORD,
                "be.imio.solutions");
        repository.start();
        jar = largeBundle(Files.createTempFile(repository.dir.getParent(), "big-", ".jar"));
        sha256 = digest("SHA-256", jar);
        long length = Files.size(jar);
        assertTrue(length > PAYLOAD && length <= 64L * 1024 * 1024, "within the upload limit: " + length);
        long started = System.nanoTime();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(url(PATH)).timeout(Duration.ofSeconds(120))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((PUBLISHER + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8)))
                .PUT(HttpRequest.BodyPublishers.ofFile(jar)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, put.statusCode(), put.body());
        System.out.printf("release of a %d MB bundle: %.1f s%n", length >> 20, (System.nanoTime() - started) / 1e9);
    }

    @AfterAll
    static void stop() throws Exception {
        RunningInstance.closeAll(repository);
        if (jar != null) {
            Files.deleteIfExists(jar);
        }
    }

    /** A valid bundle of the publisher's namespace that carries 60 MB that do not compress. */
    private static Path largeBundle(Path file) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Bundle-ManifestVersion", "2");
        manifest.getMainAttributes().putValue("Bundle-SymbolicName", "be.imio.solutions.big");
        manifest.getMainAttributes().putValue("Bundle-Version", "1.0.0");
        manifest.getMainAttributes().putValue("Import-Package", "be.imio.platform.api;version=\"[1.4,2)\"");
        try (OutputStream out = Files.newOutputStream(file); JarOutputStream zip = new JarOutputStream(out, manifest)) {
            zip.setLevel(Deflater.NO_COMPRESSION);
            zip.putNextEntry(new ZipEntry("be/imio/solutions/big/data.bin"));
            Random random = new Random(42);
            byte[] chunk = new byte[1024 * 1024];
            for (int written = 0; written < PAYLOAD; written += chunk.length) {
                random.nextBytes(chunk);
                zip.write(chunk);
            }
            zip.closeEntry();
        }
        return file;
    }

    @Test
    void theJvmsHeapLimitIsTheOneDocumentedInBinSetenv() throws Exception {
        String setenv = Files.readString(repository.distribution.home.resolve("bin/setenv"));
        Matcher documented = DOCUMENTED.matcher(setenv);
        assertTrue(documented.find(), "bin/setenv documents JAVA_MAX_MEM: " + setenv);
        long limit = Long.parseLong(documented.group(1)) * 1024 * 1024;
        assertTrue(limit <= 512L * 1024 * 1024, "the documented limit is at most 512 MB: " + documented.group());

        long maxHeap = maxHeapSize(repository.karafPid());

        assertEquals(limit, maxHeap, "the running JVM's MaxHeapSize is JAVA_MAX_MEM");
    }

    @Test
    void parallelAnonymousDownloadsOfTheLargestReleaseGetThePinnedBytesWithinTheHeap() throws Exception {
        long length = Files.size(jar);
        long started = System.nanoTime();
        List<Download> downloads = downloadInParallel();
        double seconds = (System.nanoTime() - started) / 1e9;
        System.out.printf("%d parallel downloads of %d MB: %.1f s; then %s%n", PARALLEL, length >> 20, seconds,
                memoryOf(repository.karafPid()));

        for (Download download : downloads) {
            assertEquals(200, download.status(), "every client gets the file: " + download);
            assertEquals(length, download.length(), "every client gets all of it: " + download);
            assertEquals(sha256, download.sha256(), "every client gets the released bytes: " + download);
        }
        assertEquals(200, repository.get("/health", null).statusCode(), "the repository goes on serving");
        assertTrue(repository.get("/repository/maven/be/imio/solutions/big/maven-metadata.xml", null).body()
                .contains("<version>1.0.0</version>"));
        for (String log : new String[] {repository.karafLog(), Files.readString(repository.dir.resolve("console.out"))}) {
            assertFalse(log.contains("OutOfMemoryError"), "no OutOfMemoryError: " + tail(log));
        }
    }

    @Test
    void aLargeReleaseKeepsItsHeadETagAndChecksumAnswers() throws Exception {
        HttpResponse<Void> head = HTTP.send(HttpRequest.newBuilder(url(PATH)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        assertEquals(200, head.statusCode());
        assertEquals(Long.toString(Files.size(jar)), head.headers().firstValue("Content-Length").orElse(""));
        String etag = head.headers().firstValue("ETag").orElse("");
        assertEquals("\"" + sha256 + "\"", etag, "the ETag is the SHA-256 pinned in targets metadata");
        HttpResponse<byte[]> cached = HTTP.send(HttpRequest.newBuilder(url(PATH)).header("If-None-Match", etag).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(304, cached.statusCode());
        assertEquals(0, cached.body().length);

        assertEquals(sha256, text(PATH + ".sha256"));
        assertEquals(digest("SHA-1", jar), text(PATH + ".sha1"));
        assertEquals(digest("MD5", jar), text(PATH + ".md5"));
        assertEquals(digest("SHA-512", jar), text(PATH + ".sha512"));
    }

    /** {@value #PARALLEL} clients that all have their answer under way before any reads it to its end. */
    private static List<Download> downloadInParallel() throws Exception {
        CountDownLatch allAnswered = new CountDownLatch(PARALLEL);
        ExecutorService clients = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Download>> futures = new ArrayList<>();
            for (int i = 0; i < PARALLEL; i++) {
                futures.add(clients.submit(() -> {
                    try {
                        HttpResponse<InputStream> answer = HTTP.send(HttpRequest.newBuilder(url(PATH))
                                .timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofInputStream());
                        allAnswered.countDown();
                        allAnswered.await(60, TimeUnit.SECONDS);
                        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                        long length = 0;
                        try (InputStream in = answer.body()) {
                            byte[] buffer = new byte[256 * 1024];
                            for (int read; (read = in.read(buffer)) != -1; length += read) {
                                sha256.update(buffer, 0, read);
                            }
                        }
                        return new Download(answer.statusCode(), length, HexFormat.of().formatHex(sha256.digest()), null);
                    } catch (IOException e) {
                        allAnswered.countDown();
                        return new Download(0, 0, "", e.toString());
                    }
                }));
            }
            List<Download> downloads = new ArrayList<>();
            for (Future<Download> future : futures) {
                downloads.add(future.get(120, TimeUnit.SECONDS));
            }
            return downloads;
        } finally {
            clients.shutdownNow();
        }
    }

    private record Download(int status, long length, String sha256, String failure) {
    }

    private static String text(String path) throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(url(path)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), path);
        return answer.body().strip();
    }

    private static URI url(String path) {
        return URI.create("http://127.0.0.1:" + repository.httpPort + "/repository/maven/" + path);
    }

    private static String digest(String algorithm, Path file) throws Exception {
        MessageDigest digest = MessageDigest.getInstance(algorithm);
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[256 * 1024];
            for (int read; (read = in.read(buffer)) != -1; ) {
                digest.update(buffer, 0, read);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** The running JVM's own heap limit, as {@code jcmd PID VM.flags} reports it. */
    private static long maxHeapSize(long pid) throws Exception {
        Matcher flag = Pattern.compile("-XX:MaxHeapSize=(\\d+)").matcher(jcmd(pid, "VM.flags"));
        assertTrue(flag.find(), "jcmd VM.flags reports MaxHeapSize");
        return Long.parseLong(flag.group(1));
    }

    /** Heap in use and resident memory of the process, for the figures printed; nothing is asserted on them. */
    private static String memoryOf(long pid) {
        try {
            // Serial collector: one "total NK, used NK" line per generation.
            Matcher generation = Pattern.compile("total (\\d+)K, used (\\d+)K").matcher(jcmd(pid, "GC.heap_info"));
            long committed = 0;
            long used = 0;
            while (generation.find()) {
                committed += Long.parseLong(generation.group(1));
                used += Long.parseLong(generation.group(2));
            }
            String heap = (used >> 10) + " MB used of " + (committed >> 10) + " MB committed";
            String rss = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status")).stream()
                    .filter(l -> l.startsWith("VmRSS")).findFirst().orElse("VmRSS ?");
            return "heap " + heap + ", " + rss.replaceAll("\\s+", " ");
        } catch (Exception e) {
            return "(memory not readable: " + e + ")";
        }
    }

    private static String jcmd(long pid, String command) throws Exception {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process process = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true)
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(30, TimeUnit.SECONDS) && process.exitValue() == 0, "jcmd " + command + ": " + out);
        return out;
    }

    private static String tail(String log) {
        return log.length() <= 4_000 ? log : log.substring(log.length() - 4_000);
    }
}
