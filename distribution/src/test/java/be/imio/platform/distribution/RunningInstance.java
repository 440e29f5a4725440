package be.imio.platform.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** One instance created by {@code bin/imio create} and run by {@code bin/imio run}. */
final class RunningInstance implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Distribution distribution;
    final Path dir;
    final int httpPort;
    final int sshPort;
    private Process process;
    private List<ProcessHandle> tree = List.of();

    private RunningInstance(Distribution distribution, Path dir, int httpPort, int sshPort) {
        this.distribution = distribution;
        this.dir = dir;
        this.httpPort = httpPort;
        this.sshPort = sshPort;
    }

    static RunningInstance create(Distribution distribution, String role) throws IOException, InterruptedException {
        return create(distribution, role, new String[0]);
    }

    /** Creates an instance with {@code extraCreateArgs} added to {@code bin/imio create}, such as {@code --repository URL}. */
    static RunningInstance create(Distribution distribution, String role, String... extraCreateArgs)
            throws IOException, InterruptedException {
        Path dir = distribution.root.resolve(role + "-" + System.nanoTime());
        int http = Distribution.freePort();
        int ssh = Distribution.freePort();
        List<String> args = new java.util.ArrayList<>(List.of("create", dir.toString(), "--role", role,
                "--name", "Commune d'Essai <test>", "--http-port", Integer.toString(http),
                "--ssh-port", Integer.toString(ssh)));
        args.addAll(List.of(extraCreateArgs));
        Distribution.Result created = distribution.imio(args.toArray(String[]::new));
        if (created.exitCode() != 0) {
            throw new IOException("bin/imio create failed: " + created.output());
        }
        return new RunningInstance(distribution, dir, http, ssh);
    }

    /** An instance whose folder exists already, such as one a restore created, on the ports its etc/ gives. */
    static RunningInstance existing(Distribution distribution, Path dir, int httpPort, int sshPort) {
        return new RunningInstance(distribution, dir, httpPort, sshPort);
    }

    /**
     * A repository with publisher {@code publisher} (password {@code password}) who may release under
     * {@code namespace}; created, not started.
     */
    static RunningInstance repositoryWithPublisher(Distribution distribution, String publisher, String password,
            String namespace) throws IOException, InterruptedException {
        return repositoryWithPublisher(distribution, publisher, password, namespace, false);
    }

    /**
     * As {@link #repositoryWithPublisher(Distribution, String, String, String)}; with
     * {@code offlineTargets} false, the repository keeps its top-level targets key online and signs
     * releases itself (as one created before publisher signing does): for the tests of everything
     * else than publisher signing, whose publishers have no key.
     */
    static RunningInstance repositoryWithPublisher(Distribution distribution, String publisher, String password,
            String namespace, boolean offlineTargets) throws IOException, InterruptedException {
        RunningInstance repository = create(distribution, "repository");
        if (!offlineTargets) {
            Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.metadata.cfg"),
                    "targetsKey = online\n");
        }
        repository.addAccount(publisher, password, "publisher");
        // Added below the file's own comments, as IT would.
        Files.writeString(repository.dir.resolve("etc/be.imio.platform.repository.publishers.cfg"),
                publisher + " = " + namespace + "\n", java.nio.file.StandardOpenOption.APPEND);
        return repository;
    }

    /**
     * A commune host that trusts the root published by the running {@code repository} and follows
     * its testing channel; created, not started.
     */
    static RunningInstance hostOf(Distribution distribution, RunningInstance repository)
            throws IOException, InterruptedException {
        return hostOf(distribution, repository, "http://127.0.0.1:" + repository.httpPort);
    }

    /**
     * As {@link #hostOf(Distribution, RunningInstance)}, but syncing from {@code repositoryUrl}
     * (a mirror of {@code repository}): the root it trusts first is still the one {@code repository}
     * publishes.
     */
    static RunningInstance hostOf(Distribution distribution, RunningInstance repository, String repositoryUrl)
            throws IOException, InterruptedException {
        HttpResponse<byte[]> root = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + repository.httpPort
                + "/repository/metadata/1.root.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (root.statusCode() != 200) {
            throw new IOException("the repository's root metadata answered " + root.statusCode());
        }
        RunningInstance host = create(distribution, "host", "--repository", repositoryUrl,
                "--root-fingerprint", HexFormat.of().formatHex(digest("SHA-256", root.body())));
        Files.writeString(host.dir.resolve("etc/be.imio.platform.host.cfg"), "\nchannel = testing\n",
                StandardOpenOption.APPEND);
        return host;
    }

    /**
     * Replaces the settings of {@code etc/be.imio.platform.repository.metadata.cfg} with
     * {@code properties} (lines {@code key = value}), keeping how the top-level targets key was
     * chosen at creation ({@code targetsKey}).
     */
    void writeMetadataConfig(String properties) throws IOException {
        Path config = dir.resolve("etc/be.imio.platform.repository.metadata.cfg");
        String kept = Files.exists(config) ? Files.readString(config).lines()
                .filter(line -> line.startsWith("targetsKey")).map(line -> line + "\n").findFirst().orElse("") : "";
        Files.writeString(config, kept + properties);
    }

    /**
     * The targets signing ceremony of a repository whose top-level targets are offline:
     * {@code imio:targets-sign} with the targets key its creation wrote to {@code offline-keys/}.
     */
    String signTargets() throws IOException, InterruptedException {
        return shell("admin", adminPassword(), "imio:targets-sign --key " + dir.resolve("offline-keys/targets.key"));
    }

    /** Adds an account to {@code etc/users.properties}, its password stored as the platform stores them. */
    void addAccount(String user, String password, String roles) throws IOException {
        Files.writeString(dir.resolve("etc/users.properties"), user + " = {CRYPT}"
                + HexFormat.of().formatHex(digest("SHA-512", password.getBytes(StandardCharsets.UTF_8)))
                + "{CRYPT}," + roles + "\n", StandardOpenOption.APPEND);
    }

    private static byte[] digest(String algorithm, byte[] bytes) {
        try {
            return MessageDigest.getInstance(algorithm).digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    String adminPassword() throws IOException {
        return Files.readString(dir.resolve("admin-password.txt")).strip();
    }

    /** Starts the instance ({@code bin/imio run}) and returns at once; {@link #kill()} or {@link #stop()} ends it. */
    void startWithoutWaiting() throws IOException {
        process = distribution.builder("run", dir.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("console.out").toFile()))
                .start();
    }

    /** Starts the instance and waits until {@code /health} answers 200; returns the seconds it took. */
    double start() throws IOException, InterruptedException {
        long started = System.nanoTime();
        startWithoutWaiting();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String lastAnswers = "none";
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("instance exited with " + process.exitValue() + ": "
                        + Files.readString(dir.resolve("console.out")));
            }
            tree = process.descendants().toList();
            // Pax Web registers each whiteboard context and servlet on its own thread: the API
            // context may still be (re)starting for a few milliseconds after /health answers.
            HttpResponse<String> health = get("/health", null);
            int status = health.statusCode() == 200 ? get("/api/status", null).statusCode() : -1;
            if (health.statusCode() == 200 && status == 401) {
                return (System.nanoTime() - started) / 1e9;
            }
            lastAnswers = "/health " + health.statusCode() + " " + health.body().strip() + ", /api/status " + status;
            Thread.sleep(200);
        }
        throw new IOException("instance did not answer 200 on /health and 401 on /api/status within 90 s (last: "
                + lastAnswers + "); threads: " + threadDump() + "; log: " + karafLog());
    }

    /** Stops through {@code bin/imio stop} and waits for the process and every child to end. */
    void stop() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        Distribution.Result stopped = distribution.imio("stop", dir.toString());
        if (stopped.exitCode() != 0) {
            throw new IOException("bin/imio stop failed: " + stopped.output());
        }
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            throw new IOException("instance still running 60 s after bin/imio stop");
        }
        process = null;
    }

    /**
     * The Karaf JVM's threads as {@code jcmd Thread.print} gives them, for a start that hangs.
     * {@code bin/imio run} execs Java (the process itself is the JVM); a launcher that forks is looked at too.
     */
    private String threadDump() {
        StringBuilder dump = new StringBuilder();
        List<ProcessHandle> candidates = new ArrayList<>(tree);
        if (process != null) {
            candidates.add(0, process.toHandle());
        }
        for (ProcessHandle java : candidates) {
            if (java.info().command().map(c -> c.endsWith("java")).orElse(false)) {
                Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
                try {
                    Process print = new ProcessBuilder(jcmd.toString(), Long.toString(java.pid()), "Thread.print")
                            .redirectErrorStream(true).start();
                    dump.append(new String(print.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
                    print.waitFor(20, TimeUnit.SECONDS);
                } catch (IOException | InterruptedException e) {
                    dump.append("(jcmd: ").append(e).append(')');
                }
            }
        }
        return dump.length() == 0 ? "(no Karaf JVM found)" : dump.toString();
    }

    /** True while the process started by {@link #start()} or any of its children runs. */
    boolean anyProcessAlive() {
        return (process != null && process.isAlive()) || tree.stream().anyMatch(ProcessHandle::isAlive);
    }

    HttpResponse<String> get(String path, String basicCredentials) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(10)), basicCredentials);
    }

    HttpResponse<String> getAsAdmin(String path) throws IOException, InterruptedException {
        return get(path, "admin:" + adminPassword());
    }

    HttpResponse<String> post(String path, String body, String contentType, String basicCredentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : body, StandardCharsets.UTF_8));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request, basicCredentials);
    }

    /** Sends {@code request}, logged in when {@code basicCredentials} is given; a refused connection answers 0. */
    private HttpResponse<String> send(HttpRequest.Builder request, String basicCredentials)
            throws IOException, InterruptedException {
        if (basicCredentials != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(basicCredentials.getBytes(StandardCharsets.UTF_8)));
        }
        try {
            return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.net.ConnectException notYet) {
            return new RefusedResponse(request.build());
        }
    }

    HttpResponse<String> postAsAdmin(String path, String jsonBody) throws IOException, InterruptedException {
        return post(path, jsonBody, "application/json", "admin:" + adminPassword());
    }

    /**
     * Waits up to {@code seconds} for the host's operation {@code id} to reach a final state
     * (succeeded, failed, rolled_back, interrupted) and answers it as {@code /api/host/operations/ID} gives it.
     */
    /**
     * Runs {@code action} ({@code enable}, {@code update}...) of {@code module} at {@code version}
     * on this host, through its REST API, and waits up to 120 s for it to succeed.
     */
    void runOperation(String module, String action, String version) throws Exception {
        HttpResponse<String> queued = postAsAdmin("/api/host/modules/" + module + "/" + action,
                "{\"version\":\"" + version + "\"}");
        if (queued.statusCode() != 202) {
            throw new AssertionError(action + " " + module + " " + version + " not queued: " + queued.statusCode() + " "
                    + queued.body());
        }
        long id = new com.fasterxml.jackson.databind.ObjectMapper().readTree(queued.body()).path("operation").path("id")
                .asLong();
        com.fasterxml.jackson.databind.JsonNode operation = awaitOperation(id, 120);
        if (!"succeeded".equals(operation.path("state").asText())) {
            throw new AssertionError(action + " " + module + " " + version + ": " + operation);
        }
    }

    /** Waits up to 90 s for a sync of this host with its repository to succeed in this start. */
    void awaitSync() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        String status = "";
        while (System.nanoTime() < deadline) {
            status = getAsAdmin("/api/host/status").body();
            com.fasterxml.jackson.databind.JsonNode json = new com.fasterxml.jackson.databind.ObjectMapper().readTree(status);
            // The last attempt of this start succeeded (the last sync's time is kept across restarts).
            if (json.path("lastSync").isTextual() && json.path("lastSync").equals(json.path("lastAttempt"))
                    && json.path("warning").isNull()) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError("no successful sync within 90 s: " + status);
    }

    /** The version of {@code module} this host runs, as {@code /api/host/modules} says; fails when it runs none. */
    String installedVersion(String module) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode installed : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(getAsAdmin("/api/host/modules").body()).path("modules")) {
            if (module.equals(installed.path("name").asText())) {
                return installed.path("version").asText();
            }
        }
        throw new AssertionError(module + " is not installed");
    }

    /** Whether this host's catalogue offers {@code module} at {@code version}. */
    boolean catalogueLists(String module, String version) throws Exception {
        for (com.fasterxml.jackson.databind.JsonNode listed : new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(getAsAdmin("/api/host/catalogue").body()).path("modules")) {
            if (module.equals(listed.path("name").asText())) {
                for (com.fasterxml.jackson.databind.JsonNode release : listed.path("releases")) {
                    if (version.equals(release.path("version").asText())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    com.fasterxml.jackson.databind.JsonNode awaitOperation(long id, int seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        com.fasterxml.jackson.databind.JsonNode operation = null;
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = getAsAdmin("/api/host/operations/" + id);
            if (response.statusCode() == 200) {
                operation = new com.fasterxml.jackson.databind.ObjectMapper().readTree(response.body());
                if (List.of("succeeded", "failed", "rolled_back", "interrupted").contains(operation.path("state").asText())) {
                    return operation;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("operation " + id + " not finished within " + seconds + " s: " + operation);
    }

    /**
     * Kills the instance as a power cut would ({@code kill -9} of Karaf and every process started
     * for it) and waits until none runs; {@link #start()} starts it again.
     */
    void kill() throws IOException, InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> victims = new java.util.ArrayList<>(process.descendants().toList());
        victims.addAll(tree);
        victims.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((process.isAlive() || victims.stream().anyMatch(ProcessHandle::isAlive))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        if (process.isAlive() || victims.stream().anyMatch(ProcessHandle::isAlive)) {
            throw new IOException("instance still running 30 s after kill -9");
        }
        process = null;
        tree = List.of();
    }

    /** The pid of the Java process running Karaf ({@code org.apache.karaf.main.Main}) for this instance. */
    long karafPid() {
        if (process == null) {
            throw new IllegalStateException("instance not started");
        }
        return java.util.stream.Stream.concat(java.util.stream.Stream.of(process.toHandle()), process.descendants())
                .filter(handle -> commandLine(handle).contains("org.apache.karaf.main.Main"))
                .mapToLong(ProcessHandle::pid)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no running org.apache.karaf.main.Main under pid "
                        + process.pid()));
    }

    private static String commandLine(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        if (info.commandLine().isPresent()) {
            return info.commandLine().get();
        }
        // Some systems give no command line through ProcessHandle; Linux has it in /proc.
        try {
            return new String(Files.readAllBytes(Path.of("/proc", Long.toString(handle.pid()), "cmdline")),
                    StandardCharsets.UTF_8).replace('\0', ' ');
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /**
     * Runs Karaf shell {@code commands} (one or more lines, run in one session) as {@code user}
     * through {@code bin/imio shell}, which sends them over an SSH exec channel; returns what they
     * printed, standard error included. Karaf's own bin/client, fed a terminal session through a
     * pipe, was seen to reprint its prompt for a minute (1.7 MB) before ending.
     */
    String shell(String user, String password, String commands) throws IOException, InterruptedException {
        Path secret = Files.createTempFile(distribution.root, "password-", ".txt");
        Files.writeString(secret, password + "\n");
        Path output = Files.createTempFile(distribution.root, "shell-", ".out");
        long started = System.nanoTime();
        Process shell = distribution.builder("shell", dir.toString(), "--user", user, "--password-file", secret.toString(),
                commands).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        shell.getOutputStream().close();
        if (!shell.waitFor(60, TimeUnit.SECONDS)) {
            shell.destroyForcibly();
            throw new IOException("bin/imio shell did not finish within 60 s: " + Files.readString(output));
        }
        long took = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started);
        if (took >= 10) {
            System.out.printf("bin/imio shell took %d s for: %s%n", took, commands.lines().findFirst().orElse(""));
        }
        return Files.readString(output);
    }

    /** The bundles Karaf lists ({@code bundle:list -s -t 0}), read whole. */
    String bundleList() throws IOException, InterruptedException {
        return shell("admin", adminPassword(), "bundle:list -s -t 0");
    }

    String karafLog() throws IOException {
        Path log = dir.resolve("data/log/karaf.log");
        return Files.exists(log) ? Files.readString(log) : "(no karaf.log)";
    }

    /** Closes each of {@code resources} that is not null, in order, even when one fails; throws the first failure. */
    static void closeAll(AutoCloseable... resources) throws Exception {
        Exception failed = null;
        for (AutoCloseable resource : resources) {
            try {
                if (resource != null) {
                    resource.close();
                }
            } catch (Exception e) {
                if (failed == null) {
                    failed = e;
                } else {
                    failed.addSuppressed(e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }

    @Override
    public void close() throws Exception {
        try {
            stop();
        } finally {
            if (process != null) {
                process.destroyForcibly();
            }
            tree.forEach(ProcessHandle::destroyForcibly);
        }
    }

    /** What {@link #get} answers while nothing listens yet: status 0. */
    private record RefusedResponse(HttpRequest request) implements HttpResponse<String> {
        public int statusCode() {
            return 0;
        }

        public java.util.Optional<HttpResponse<String>> previousResponse() {
            return java.util.Optional.empty();
        }

        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        public String body() {
            return "";
        }

        public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
            return java.util.Optional.empty();
        }

        public URI uri() {
            return request.uri();
        }

        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
