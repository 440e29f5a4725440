package be.imio.platform.distribution;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;

import be.imio.platform.trust.Rollout;

/**
 * The load of a fleet on a central repository, for {@code distribution/bench/fleet.sh}: each
 * simulated host polls the timestamp every {@code poll} seconds (a conditional GET, as a host does),
 * reads the targets when the timestamp changed, takes a release when a staged rollout offers it to
 * it (from the signed {@code rollout} field, as a host decides) and reports at once, and otherwise
 * reports every {@code report} seconds. Records each poll's and report's latency and when each
 * host took the release.
 */
public final class FleetLoad {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .executor(Executors.newFixedThreadPool(16, FleetLoad::daemon)).build();
    private final String base;
    private final FleetSimulator.Versions versions;
    final List<Long> polls = new CopyOnWriteArrayList<>();
    final List<Long> reports = new CopyOnWriteArrayList<>();
    final AtomicInteger errors = new AtomicInteger();
    /** When each host took {@link #watched}, in nanoseconds of {@link System#nanoTime()}. */
    final Map<String, Long> took = new ConcurrentHashMap<>();
    private final Map<String, String> etags = new ConcurrentHashMap<>();
    private final Map<String, String> running = new ConcurrentHashMap<>();
    private volatile String watched;

    FleetLoad(String base, FleetSimulator.Versions versions) {
        this.base = base;
        this.versions = versions;
    }

    /** The release (its features XML's path) whose rollout the hosts follow. */
    void watch(String featuresPath) {
        this.watched = featuresPath;
    }

    /** Runs the load of {@code hosts} until {@code seconds} have passed. */
    void run(List<FleetSimulator.SimulatedHost> hosts, int seconds, int poll, int report, boolean reportsToo)
            throws InterruptedException {
        ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(8, FleetLoad::daemon);
        for (FleetSimulator.SimulatedHost host : hosts) {
            long pollOffset = ThreadLocalRandom.current().nextLong(poll * 1000L);
            scheduler.scheduleAtFixedRate(() -> poll(host), pollOffset, poll * 1000L, TimeUnit.MILLISECONDS);
            if (reportsToo && !host.silent()) {
                long reportOffset = ThreadLocalRandom.current().nextLong(report * 1000L);
                scheduler.scheduleAtFixedRate(() -> report(host), reportOffset, report * 1000L, TimeUnit.MILLISECONDS);
            }
        }
        scheduler.awaitTermination(seconds, TimeUnit.SECONDS);
        scheduler.shutdownNow();
    }

    private void poll(FleetSimulator.SimulatedHost host) {
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + "/repository/metadata/timestamp.json"))
                    .timeout(Duration.ofSeconds(30));
            String etag = etags.get(host.id());
            if (etag != null) {
                request.header("If-None-Match", etag);
            }
            long start = System.nanoTime();
            HttpResponse<byte[]> answer = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            polls.add(System.nanoTime() - start);
            if (answer.statusCode() == 200) {
                answer.headers().firstValue("ETag").ifPresent(tag -> etags.put(host.id(), tag));
                if (watched != null && !took.containsKey(host.id()) && offered(host.id())) {
                    running.put(host.id(), watchedVersion());
                    took.put(host.id(), System.nanoTime());
                    report(host);
                }
            } else if (answer.statusCode() != 304) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    private String watchedVersion() {
        String[] parts = watched.split("/");
        return parts[parts.length - 2];
    }

    /** True when the targets' rollout of the watched release offers it to {@code hostId} (or none holds it). */
    private boolean offered(String hostId) throws Exception {
        HttpResponse<byte[]> targets = http.send(HttpRequest.newBuilder(URI.create(base
                + "/repository/metadata/targets.json")).build(), HttpResponse.BodyHandlers.ofByteArray());
        JsonNode target = JSON.readTree(targets.body()).path("signed").path("targets").path(watched);
        if (target.isMissingNode()) {
            return false;
        }
        if (!"stable".equals(target.path("custom").path("channel").asText())) {
            return false;
        }
        Rollout rollout = Rollout.of(target.path("custom"));
        return rollout == null || rollout.offers(hostId);
    }

    private void report(FleetSimulator.SimulatedHost host) {
        String body = host.report();
        String version = running.get(host.id());
        if (version != null) {
            String named = "\"name\":\"" + versions.module() + "\",\"groupId\":\"" + versions.group() + "\",\"version\":\"";
            body = body.replaceFirst(java.util.regex.Pattern.quote(named) + "[^\"]+\"", named + version + "\"");
        }
        try {
            long start = System.nanoTime();
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(base + "/repository/reports"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((host.id() + ":" + host.token())
                            .getBytes(StandardCharsets.UTF_8)))
                    .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
            reports.add(System.nanoTime() - start);
            if (answer.statusCode() != 204) {
                errors.incrementAndGet();
            }
        } catch (Exception e) {
            errors.incrementAndGet();
        }
    }

    /** The load's threads do not keep the program alive once it printed its figures. */
    private static Thread daemon(Runnable task) {
        Thread thread = new Thread(task);
        thread.setDaemon(true);
        return thread;
    }

    static String percentiles(List<Long> nanos) {
        if (nanos.isEmpty()) {
            return "n=0";
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        return String.format(Locale.ROOT, "n=%d p50=%.1f ms p99=%.1f ms max=%.1f ms", sorted.size(),
                sorted.get(sorted.size() / 2) / 1e6, sorted.get(Math.min(sorted.size() - 1, (int) (sorted.size() * 0.99))) / 1e6,
                sorted.get(sorted.size() - 1) / 1e6);
    }

    private static HttpResponse<String> admin(HttpClient http, String method, String url, String credentials, String body)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * {@code URL ADMIN PASSWORD HOSTS SECONDS POLL REPORT}: registers the hosts, runs
     * the load, starts a staged rollout of {@code be.imio.solutions:swap:1.2.0} (pilot group,
     * then everyone, widened by hand once the pilots took it) and prints the figures. With
     * {@code --peer URL HOSTS SECONDS POLL}, polls a plain web server serving the same timestamp.
     */
    public static void main(String[] args) throws Exception {
        if (args[0].equals("--peer")) {
            peer(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        String url = args[0];
        String credentials = args[1] + ":" + args[2];
        int n = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        int poll = Integer.parseInt(args[5]);
        int report = Integer.parseInt(args[6]);
        FleetSimulator.Versions versions = new FleetSimulator.Versions("be.imio.solutions", "swap", "1.1.0", "1.0.0", "1.0.1",
                "1.2.0", "1.0.0");
        List<FleetSimulator.SimulatedHost> hosts = new FleetSimulator(url, args[1], args[2]).register("load", n, versions);
        new FleetSimulator(url, args[1], args[2]).reportAll(hosts);
        FleetLoad load = new FleetLoad(url, versions);
        load.watch("be/imio/solutions/swap/1.2.0/swap-1.2.0-features.xml");
        HttpClient client = HttpClient.newHttpClient();
        Thread rollout = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L / 4);
                long started = System.nanoTime();
                HttpResponse<String> answer = admin(client, "POST", url + "/api/repository/rollouts/", credentials,
                        "{\"release\":\"be.imio.solutions:swap:1.2.0\",\"rings\":[{\"group\":\"pilote\","
                                + "\"soakMinutes\":60},{\"percent\":100}],\"maxUnhealthyPercent\":50}");
                long id = JSON.readTree(answer.body()).path("id").asLong();
                while (load.took.size() < 10 && System.nanoTime() - started < TimeUnit.SECONDS.toNanos(seconds / 2)) {
                    Thread.sleep(200);
                }
                long pilots = System.nanoTime();
                System.out.printf(Locale.ROOT, "rollout: the pilot ring (10 hosts) took it in %.1f s%n", (pilots - started) / 1e9);
                admin(client, "POST", url + "/api/repository/rollouts/" + id + "/widen", credentials, "{}");
                long widened = System.nanoTime();
                while (load.took.size() < n && System.nanoTime() - widened < TimeUnit.SECONDS.toNanos(seconds)) {
                    Thread.sleep(200);
                }
                System.out.printf(Locale.ROOT, "rollout: widened to every host, %d of %d took it in %.1f s%n",
                        load.took.size(), n, (System.nanoTime() - widened) / 1e9);
            } catch (Exception e) {
                System.out.println("rollout: failed: " + e);
            }
        });
        rollout.start();
        load.run(hosts, seconds, poll, report, true);
        rollout.join(TimeUnit.SECONDS.toMillis(seconds));
        System.out.println("polls:   " + percentiles(load.polls));
        System.out.println("reports: " + percentiles(load.reports));
        System.out.println("errors:  " + load.errors.get());
        System.exit(0);
    }

    /** {@code --peer URL HOSTS SECONDS POLL}: the same polls of the timestamp, to a plain web server. */
    private static void peer(String url, int n, int seconds, int poll) throws InterruptedException {
        List<FleetSimulator.SimulatedHost> hosts = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            hosts.add(new FleetSimulator.SimulatedHost(String.format("load-%04d", i), "commune", null, "", "", false));
        }
        FleetLoad peer = new FleetLoad(url, null);
        peer.run(hosts, seconds, poll, 1, false);
        System.out.println("polls:   " + percentiles(peer.polls) + ", errors " + peer.errors.get());
        System.exit(0);
    }
}
