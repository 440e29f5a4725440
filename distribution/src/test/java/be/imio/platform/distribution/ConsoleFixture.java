package be.imio.platform.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * What the web console's tests run against: a central repository holding both releases of the
 * mail registry ({@code courrier} 1.0.0 and 1.1.0, built by this project), and a commune host
 * synced with it, with its generated {@code admin} and a viewer account {@code agent}. Nothing is
 * enabled yet: what the console shows and does starts from a freshly installed host.
 */
final class ConsoleFixture implements AutoCloseable {

    static final String MODULE = "courrier";
    static final String VIEWER = "agent";

    private static final String PUBLISHER = "publisher-console";
    private static final ObjectMapper JSON = new ObjectMapper();
    // For the console itself: no redirects followed and no cookie handler, so a test sees the raw
    // answers and sends exactly the session cookie it means to, as a browser would send it.
    private static final HttpClient BROWSER = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    // Fresh secrets per run: nothing in the tests may depend on a known password.
    private final String publisherPassword = "Publish-" + System.nanoTime();
    private final String viewerPassword = "Viewer-" + System.nanoTime();
    private RunningInstance repository;
    private RunningInstance host;

    private ConsoleFixture() {
    }

    /** Starts both instances, publishes the two releases and syncs the host; closes what started on failure. */
    static ConsoleFixture start() throws Exception {
        ConsoleFixture fixture = new ConsoleFixture();
        try {
            fixture.startAll();
            return fixture;
        } catch (Exception | Error e) {
            fixture.close();
            throw e;
        }
    }

    private void startAll() throws Exception {
        Distribution distribution = Distribution.unpacked();
        repository = RunningInstance.repositoryWithPublisher(distribution, PUBLISHER, publisherPassword,
                "be.imio.platform, be.imio.solutions");
        repository.start();

        // Trusting the repository's root by its fingerprint, as an operator would give it, on the
        // testing channel where fresh releases land.
        host = RunningInstance.hostOf(distribution, repository);
        host.addAccount(VIEWER, viewerPassword, "_g_:viewergroup");
        host.start();

        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + publisherPassword, MODULE, "1.0.0");
        PluginReleases.publish(repository.httpPort, PUBLISHER + ":" + publisherPassword, MODULE, "1.1.0");
        // A release whose bundle refuses to start: enabling it must end rolled back.
        Distribution.Result failing = distribution.mvnDeploy(Path.of(System.getProperty("imio.swapModule")), PUBLISHER,
                publisherPassword, repository.httpPort, "module.version=3.0.0", "module.fail=true",
                "api.jar=" + distribution.home.resolve("lib/imio/imio-platform-api.jar"));
        if (failing.exitCode() != 0) {
            throw new IOException("mvn deploy of the failing swap 3.0.0: " + failing.output());
        }
        HttpResponse<String> synced = host.postAsAdmin("/api/host/sync", "{}");
        if (synced.statusCode() != 200) {
            throw new IOException("sync after publishing: HTTP " + synced.statusCode() + " " + synced.body());
        }
        HttpResponse<String> catalogue = host.getAsAdmin("/api/host/catalogue");
        if (!catalogue.body().contains("\"1.0.0\"") || !catalogue.body().contains("\"1.1.0\"")) {
            throw new IOException("the host's catalogue lacks courrier 1.0.0 and 1.1.0 after sync: " + catalogue.body());
        }
    }

    /** The host's address, {@code http://127.0.0.1:PORT}, without a trailing slash. */
    String baseUrl() {
        return "http://127.0.0.1:" + host.httpPort;
    }

    /** The console's entry page. */
    String consoleUrl() {
        return baseUrl() + "/console/";
    }

    String adminPassword() throws IOException {
        return host.adminPassword();
    }

    /** The central repository's console, whose releases page lists what the fixture published. */
    String repositoryConsoleUrl() {
        return "http://127.0.0.1:" + repository.httpPort + "/console/";
    }

    String repositoryAdminPassword() throws IOException {
        return repository.adminPassword();
    }

    String viewerPassword() {
        return viewerPassword;
    }

    /** The repository's port, and its publisher's account and password (it published courrier). */
    int repositoryPort() {
        return repository.httpPort;
    }

    String publisher() {
        return PUBLISHER;
    }

    String publisherPassword() {
        return publisherPassword;
    }

    /** The running host, for checks through its REST API (Basic authentication) and its log. */
    RunningInstance host() {
        return host;
    }

    /**
     * Sends {@code method path} to the host as a browser would: with the {@code imio_session}
     * {@code cookie} when given, {@code body} form-encoded when given, and extra {@code headers}
     * as name, value pairs.
     */
    HttpResponse<String> send(String method, String path, String cookie, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        if (cookie != null) {
            request.header("Cookie", "imio_session=" + cookie);
        }
        boolean origin = false;
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
            origin |= headers[i].equalsIgnoreCase("Origin");
        }
        if (!origin && !method.equals("GET") && !method.equals("HEAD")) {
            // As a browser sends with every form post of a page of the console.
            request.header("Origin", baseUrl());
        }
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code application/x-www-form-urlencoded} text of {@code fields}. */
    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /**
     * {@link #form} of {@code fields} as the console's log-in page posts them: with the token of a
     * log-in page just fetched from the host at {@code port}, without which the host refuses it.
     */
    static String logInForm(int port, Map<String, String> fields) throws IOException, InterruptedException {
        Map<String, String> all = new java.util.LinkedHashMap<>(fields);
        all.put("login", logInToken(port));
        return form(all);
    }

    /**
     * Logs in to the console of {@code host} as {@code user}, as a browser does (the log-in page,
     * then its form); answers the session cookie's value.
     */
    static String consoleSession(RunningInstance host, String user, String password)
            throws IOException, InterruptedException {
        HttpResponse<String> answer = BROWSER.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + host.httpPort + "/console/login")).header("Content-Type", "application/x-www-form-urlencoded")
                .header("Origin", "http://127.0.0.1:" + host.httpPort)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(logInForm(host.httpPort, Map.of("username", user,
                        "password", password, "next", "/console/")))).build(), HttpResponse.BodyHandlers.ofString());
        String cookie = answer.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("imio_session="))
                .findFirst().orElseThrow(() -> new AssertionError("log-in answered " + answer.statusCode()
                        + " without a session: " + answer.body()));
        return cookie.substring("imio_session=".length()).split(";", 2)[0];
    }

    /** The token of a log-in page of the host at {@code port}. */
    static String logInToken(int port) throws IOException, InterruptedException {
        HttpResponse<String> page = BROWSER.send(java.net.http.HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
                + port + "/console/login")).build(), HttpResponse.BodyHandlers.ofString());
        java.util.regex.Matcher token = java.util.regex.Pattern.compile("name=\"login\" value=\"([^\"]+)\"")
                .matcher(page.body());
        if (!token.find()) {
            throw new IOException("no log-in token in the log-in page: " + page.statusCode() + " " + page.body());
        }
        return token.group(1);
    }

    /** The whole {@code Set-Cookie} header that sets {@code name}, or null. */
    String setCookie(HttpResponse<String> answer, String name) {
        return answer.headers().allValues("Set-Cookie").stream().filter(h -> h.startsWith(name + "=")).findFirst()
                .orElse(null);
    }

    /** Where a redirect leads, resolved against the request's address as a browser resolves it; null if none. */
    URI location(HttpResponse<String> answer) {
        return answer.headers().firstValue("Location").map(answer.uri()::resolve).orElse(null);
    }

    @Override
    public void close() throws Exception {
        RunningInstance.closeAll(host, repository);
    }

    /**
     * A console request to the instance on {@code port}, as a browser sends it: with the session
     * {@code cookie} when given, a form body (and the page's own origin) when given, then
     * {@code headers} (name, value...); redirects not followed.
     */
    static HttpResponse<String> page(int port, String method, String path, String cookie, String form,
            String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).method(method, form == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(form));
        if (form != null) {
            request.header("Content-Type", "application/x-www-form-urlencoded");
            request.header("Origin", "http://127.0.0.1:" + port);
        }
        if (cookie != null) {
            request.header("Cookie", "imio_session=" + cookie);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return BROWSER.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Logs {@code user} in to the console on {@code port}; answers the session cookie's value, or null when refused. */
    static String logIn(int port, String user, String password) throws IOException, InterruptedException {
        HttpResponse<String> answer = page(port, "POST", "/console/login", null, logInForm(port, Map.of("username", user,
                "password", password, "next", "/console/")));
        String header = answer.statusCode() != 303 ? null : answer.headers().allValues("Set-Cookie").stream()
                .filter(h -> h.startsWith("imio_session=")).findFirst().orElse(null);
        return header == null ? null : header.substring("imio_session=".length(), header.indexOf(';'));
    }
}
