package be.imio.platform.distribution;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fleet of simulated commune hosts for a real central repository: it registers them through
 * the repository's REST API, as iMio's admin would, and posts each one's report with its own
 * credential, as a host does. The states are varied and decided by each host's number, so that a
 * test knows what the fleet view must show ({@link Expected}). JDK only: the distribution tests
 * run it, and {@code distribution/bench/fleet.sh} runs it as a program:
 * {@code java FleetSimulator.java URL ADMIN PASSWORD HOSTS [SECONDS POLL REPORT]}.
 *
 * <p>Host {@code i} of {@code n}: its kind follows the Walloon mix (262 communes, 200 CPAS, police
 * zones; scaled to {@code n}); the first ten are group {@code pilote}, the others one of five
 * provinces. Of its module ({@code courrier} unless {@link Versions} names another), hosts run {@code stable} (the newest stable), one in five
 * {@code older}, one in fifty {@code revoked} (a revoked release); one in twenty is DEGRADED or DOWN
 * with a reason; one in thirty never reports; host 3 reports {@code failed} failed (rolled back),
 * and one in forty runs {@code failed}. Half also run {@code conseil} {@code stable}.
 */
public final class FleetSimulator {

    /**
     * The module the simulated hosts run and its versions: of the repository's releases, so that
     * drift can be read against them; {@code conseil} is the version of the second module.
     */
    public record Versions(String group, String module, String stable, String older, String revoked, String failed,
            String conseil) {

        /** Versions of {@code be.imio.solutions:courrier}. */
        public Versions(String stable, String older, String revoked, String failed, String conseil) {
            this("be.imio.solutions", "courrier", stable, older, revoked, failed, conseil);
        }
    }

    /** One simulated host: its id, credential and the report it sends. */
    public record SimulatedHost(String id, String kind, String group, String token, String report, boolean silent) {
    }

    /** What the fleet view must show of the simulated hosts, worked out from the states given. */
    public record Expected(Map<String, Map<String, Integer>> versions, int behind, int revoked, int failedElsewhere,
            int unhealthy, int neverReported, Map<String, Integer> kinds) {
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([A-Za-z0-9_-]+)\"");

    private final String baseUrl;
    private final String adminCredentials;

    public FleetSimulator(String baseUrl, String admin, String password) {
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.adminCredentials = admin + ":" + password;
    }

    /** The kind of host {@code i} of {@code n}: communes first, then CPAS, then police zones (4 %), as in Wallonia. */
    static String kind(int i, int n) {
        int police = Math.max(1, n * 4 / 100);
        int communes = (n - police) * 262 / 462;
        int cpas = n - police - communes;
        return i < communes ? "commune" : i < communes + cpas ? "cpas" : "police";
    }

    /** Registers {@code n} hosts named {@code prefix-0001}... with their states, and answers them. */
    public List<SimulatedHost> register(String prefix, int n, Versions versions) throws Exception {
        String[] provinces = {"namur", "liege", "hainaut", "luxembourg", "brabant-wallon"};
        List<SimulatedHost> hosts = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<SimulatedHost>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                futures.add(pool.submit(() -> {
                    String id = String.format("%s-%04d", prefix, index);
                    String kind = kind(index, n);
                    String group = index < 10 ? "pilote" : provinces[index % provinces.length];
                    HttpResponse<String> answer = send("POST", "/api/repository/hosts/", "{\"id\":\"" + id
                            + "\",\"kind\":\"" + kind + "\",\"group\":\"" + group + "\",\"label\":\"Simulé " + index
                            + "\"}", adminCredentials);
                    Matcher token = TOKEN.matcher(answer.body());
                    if (answer.statusCode() != 201 || !token.find()) {
                        throw new IOException("registering " + id + ": HTTP " + answer.statusCode() + " " + answer.body());
                    }
                    return new SimulatedHost(id, kind, group, token.group(1), report(id, index, versions),
                            index % 30 == 29);
                }));
            }
            for (Future<SimulatedHost> future : futures) {
                hosts.add(future.get());
            }
        } finally {
            pool.shutdownNow();
        }
        return hosts;
    }

    /** The report of host {@code i}: see the class's description. */
    static String report(String id, int i, Versions v) {
        String courrier = i % 50 == 7 ? v.revoked() : i % 40 == 5 ? v.failed() : i % 5 == 1 ? v.older() : v.stable();
        String health = i % 20 == 3 ? "DOWN" : i % 20 == 13 ? "DEGRADED" : "UP";
        StringBuilder modules = new StringBuilder("{\"name\":\"").append(v.module())
                .append("\",\"groupId\":\"").append(v.group()).append("\",\"version\":\"")
                .append(courrier).append("\",\"enabled\":true,\"health\":\"").append(health).append('"');
        if (!health.equals("UP")) {
            modules.append(",\"reason\":\"la base de données répond en ").append(2 + i % 7).append(" s\"");
        }
        modules.append('}');
        if (i % 2 == 0) {
            modules.append(",{\"name\":\"conseil\",\"groupId\":\"").append(v.group()).append("\",\"version\":\"")
                    .append(v.conseil())
                    .append("\",\"enabled\":true,\"health\":\"UP\"}");
        }
        String failures = i == 3 ? "{\"name\":\"" + v.module() + "\",\"groupId\":\"" + v.group() + "\",\"kind\":"
                + "\"rolled_back\",\"version\":\"" + v.failed() + "\",\"at\":\""
                + Instant.now().minusSeconds(3600) + "\",\"reason\":\"le module n'a pas démarré / the module did not start\"}"
                : "";
        return "{\"host\":\"" + id + "\",\"generatedAt\":\"" + Instant.now() + "\",\"platformVersion\":\""
                + (i % 10 == 0 ? "0.0.9" : "0.1.0") + "\",\"syncSource\":\"https://depot.imio.be\",\"lastSync\":\""
                + Instant.now().minusSeconds(60) + "\",\"offlineSince\":null,\"targetsVersion\":12,\"health\":\""
                + health + "\",\"modules\":[" + modules + "],\"failedReleases\":[" + failures + "]}";
    }

    /** What the view must show once every host but the silent ones reported. */
    public static Expected expected(List<SimulatedHost> hosts, Versions v) {
        Map<String, Map<String, Integer>> versions = new TreeMap<>();
        int behind = 0;
        int revoked = 0;
        int failedElsewhere = 0;
        int unhealthy = 0;
        int never = 0;
        Map<String, Integer> kinds = new LinkedHashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            SimulatedHost host = hosts.get(i);
            kinds.merge(host.kind(), 1, Integer::sum);
            if (host.silent()) {
                never++;
                continue;
            }
            String courrier = i % 50 == 7 ? v.revoked() : i % 40 == 5 ? v.failed() : i % 5 == 1 ? v.older() : v.stable();
            versions.computeIfAbsent(v.module(), k -> new TreeMap<>()).merge(courrier, 1, Integer::sum);
            if (i % 2 == 0) {
                versions.computeIfAbsent("conseil", k -> new TreeMap<>()).merge(v.conseil(), 1, Integer::sum);
            }
            behind += courrier.equals(v.older()) || courrier.equals(v.revoked()) ? 1 : 0;
            revoked += courrier.equals(v.revoked()) ? 1 : 0;
            failedElsewhere += courrier.equals(v.failed()) && i != 3 ? 1 : 0;
            unhealthy += i % 20 == 3 || i % 20 == 13 ? 1 : 0;
        }
        return new Expected(versions, behind, revoked, failedElsewhere, unhealthy, never, kinds);
    }

    /** Posts every host's report once (the silent ones aside), four at a time; answers the HTTP statuses seen. */
    public Map<Integer, Integer> reportAll(List<SimulatedHost> hosts) throws Exception {
        Map<Integer, Integer> statuses = new TreeMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Integer>> futures = new ArrayList<>();
            for (SimulatedHost host : hosts) {
                if (!host.silent()) {
                    futures.add(pool.submit(() -> report(host).statusCode()));
                }
            }
            for (Future<Integer> future : futures) {
                statuses.merge(future.get(), 1, Integer::sum);
            }
        } finally {
            pool.shutdownNow();
        }
        return statuses;
    }

    /** Posts {@code host}'s report with its credential, as a host does. */
    public HttpResponse<String> report(SimulatedHost host) throws IOException, InterruptedException {
        return send("POST", "/repository/reports", host.report(), host.id() + ":" + host.token());
    }

    private HttpResponse<String> send(String method, String path, String body, String credentials)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        credentials.getBytes(StandardCharsets.UTF_8)));
        if (body != null) {
            request.header("Content-Type", "application/json").method(method,
                    HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** {@code URL ADMIN PASSWORD HOSTS}: registers that many hosts (prefix {@code sim}) and reports each once. */
    public static void main(String[] args) throws Exception {
        if (args.length < 4) {
            System.err.println("usage: java FleetSimulator.java URL ADMIN PASSWORD HOSTS");
            System.exit(2);
        }
        FleetSimulator simulator = new FleetSimulator(args[0], args[1], args[2]);
        Versions versions = new Versions("1.1.0", "1.0.0", "1.0.1", "1.2.0", "1.0.0");
        long start = System.nanoTime();
        List<SimulatedHost> hosts = simulator.register("sim", Integer.parseInt(args[3]), versions);
        System.out.printf("registered %d hosts in %.1f s%n", hosts.size(), (System.nanoTime() - start) / 1e9);
        start = System.nanoTime();
        System.out.printf("reports: %s in %.1f s%n", simulator.reportAll(hosts), (System.nanoTime() - start) / 1e9);
    }
}
