package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.internal.ledger.Deferral;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * Tells the central repository what this host runs (platform version, modules, versions, health
 * and why, releases that failed here, last sync), with the host id and credential iMio gave local
 * IT: at once when it changes, and at least every {@link HostSettings#reportInterval()}. Without them, or without network, nothing is
 * sent and the host carries on.
 *
 * <p>The report goes to {@code reportUrl}, set when the host was created, never to
 * {@code repositoryUrl}: the host syncs from whatever mirror its settings name (signatures make
 * that safe), but its credential would let that mirror report in its name. And only over HTTPS,
 * or plain HTTP to this machine, where no one on the network reads it.
 */
public final class FleetReport {

    private static final Logger LOG = LoggerFactory.getLogger(FleetReport.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The repository's bounds on a report: see its {@code HostReport}. */
    static final int MAX_MODULES = 200;
    static final int MAX_FAILURES = 50;
    static final int MAX_REASON = 500;
    /** Below the repository's 32 000 bytes, with room for the time and the host's id. */
    static final int MAX_BYTES = 30_000;

    private final HostSettings settings;
    private final Clock clock;
    private final String platformVersion;
    private volatile int lastStatus;
    /** The last address refused by {@link #safeToSend}, so that it is logged once. */
    private volatile String refused;
    /** What the repository last took (without its time), and when: the next report goes when it changes or ages. */
    private ObjectNode lastAccepted;
    private Instant lastAcceptedAt;

    public FleetReport(HostSettings settings, Clock clock, String platformVersion) {
        this.settings = settings;
        this.clock = clock;
        this.platformVersion = platformVersion;
    }

    /**
     * Sends this host's report if what it runs changed since the repository last took one, or that
     * was {@link HostSettings#reportInterval()} ago or more; a report the repository did not take
     * (it was down, the network was) is made again and sent at the next call, so that the latest
     * always arrives.
     */
    public void send(SyncStatus status, Map<InstalledModule, HealthStatus> modules,
            Map<InstalledModule, List<FailedRelease>> failures) {
        send(status, modules, failures, List.of());
    }

    /** {@link #send(SyncStatus, Map, Map)}, with the mandatory updates deferred here that are still pending. */
    public synchronized void send(SyncStatus status, Map<InstalledModule, HealthStatus> modules,
            Map<InstalledModule, List<FailedRelease>> failures, List<Deferral> deferrals) {
        String url = settings.reportUrl();
        if (url.isEmpty() || settings.hostId().isEmpty() || settings.hostToken().isEmpty()) {
            return;
        }
        if (!safeToSend(url)) {
            if (!url.equals(refused)) {
                LOG.warn("The fleet report is not sent to {}: the host's credential goes over https only (or http on"
                        + " this machine); set reportUrl in etc/be.imio.platform.host.cfg to iMio's https address", url);
                refused = url;
            }
            return;
        }
        ObjectNode content = body(settings.hostId(), platformVersion, syncSource(settings.repositoryUrl()), status,
                modules, failures, deferrals);
        Instant now = clock.instant();
        // What the host runs, without the sync's own time, which changes at every sync.
        ObjectNode runs = content.deepCopy();
        runs.remove(List.of("lastSync", "targetsVersion"));
        if (runs.equals(lastAccepted) && lastAcceptedAt != null
                && lastAcceptedAt.plus(settings.reportInterval()).isAfter(now)) {
            return;
        }
        ObjectNode report = content.deepCopy().put("generatedAt", now.toString());
        RepositoryClient client = new RepositoryClient(url, settings.downloadTimeout());
        try {
            int answer = client.report(settings.hostId(), settings.hostToken(), JSON.writeValueAsBytes(report));
            if (answer != lastStatus && answer >= 300 && answer < 400) {
                LOG.warn("The central repository redirects this host's report to another address (HTTP {}); the"
                        + " credential is sent to the configured origin only: set reportUrl to the new address",
                        answer);
            } else if (answer != lastStatus && answer >= 500) {
                LOG.warn("The central repository could not take this host's report (HTTP {}); it is sent again at the"
                        + " next sync", answer);
            } else if (answer != lastStatus && (answer == 401 || answer == 403)) {
                LOG.warn("The central repository refused this host's report: HTTP {} (check hostId and hostToken; a"
                        + " host iMio disabled gets 403)", answer);
            } else if (answer != lastStatus && answer != 204) {
                LOG.warn("The central repository refused this host's report: HTTP {} (a report it does not take: see"
                        + " its answer in the repository's log)", answer);
            }
            lastStatus = answer;
            if (answer == 204) {
                lastAccepted = runs;
                lastAcceptedAt = now;
            }
        } catch (IOException e) {
            LOG.debug("Report not sent: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The address the host syncs from, without what it may carry besides (user info, query). */
    static String syncSource(String repositoryUrl) {
        try {
            java.net.URI uri = java.net.URI.create(repositoryUrl);
            if (uri.getHost() == null) {
                return null;
            }
            return new java.net.URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null)
                    .toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return null;
        }
    }

    /** True for an https address, or an http one on this machine (localhost, 127.0.0.0/8, ::1). */
    static boolean safeToSend(String url) {
        java.net.URI uri;
        try {
            uri = java.net.URI.create(url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String host = uri.getHost() == null ? "" : uri.getHost().toLowerCase(java.util.Locale.ROOT);
        return "https".equalsIgnoreCase(uri.getScheme()) || "http".equalsIgnoreCase(uri.getScheme())
                && (host.equals("localhost") || host.matches("127(\\.\\d{1,3}){3}") || host.equals("[::1]"));
    }

    /** The report without its time: {@code HostReport} at the repository says what each field is. */
    static ObjectNode body(String hostId, String platformVersion, String syncSource, SyncStatus status,
            Map<InstalledModule, HealthStatus> modules, Map<InstalledModule, List<FailedRelease>> failures) {
        return body(hostId, platformVersion, syncSource, status, modules, failures, List.of());
    }

    /**
     * The report without its time, with {@code deferrals}: each mandatory update an administrator
     * deferred here and still pending ({@code name}, {@code groupId}, {@code version}, {@code requiredBy}:
     * the deadline it answers, {@code until}, {@code reason}, {@code by}, {@code at}), so that iMio sees
     * who deferred what, until when, and why.
     */
    static ObjectNode body(String hostId, String platformVersion, String syncSource, SyncStatus status,
            Map<InstalledModule, HealthStatus> modules, Map<InstalledModule, List<FailedRelease>> failures,
            List<Deferral> deferrals) {
        ObjectNode body = JSON.createObjectNode();
        body.put("host", hostId);
        body.put("platformVersion", platformVersion);
        body.put("syncSource", syncSource);
        body.put("lastSync", status.lastSync() == null ? null : status.lastSync().toString());
        body.put("offlineSince", status.offlineSince() == null ? null : status.offlineSince().toString());
        body.put("targetsVersion", status.targetsVersion());
        HealthStatus overall = HealthStatus.up("");
        ArrayNode list = body.putArray("modules");
        for (Map.Entry<InstalledModule, HealthStatus> entry : modules.entrySet()) {
            InstalledModule module = entry.getKey();
            HealthStatus health = entry.getValue();
            ObjectNode item = list.addObject().put("name", module.name()).put("groupId", module.groupId())
                    .put("version", module.version()).put("enabled", module.enabled()).put("health", health.state().name());
            if (module.enabled() && health.state() != HealthStatus.State.UP) {
                item.put("reason", reason(health.message()));
            }
            if (module.enabled()) {
                overall = overall.worst(health);
            }
            if (list.size() == MAX_MODULES) {
                break;
            }
        }
        body.put("health", overall.state().name());
        // Newest first, so that the failure of the release rolling out now is never the one left out.
        List<Map.Entry<InstalledModule, FailedRelease>> all = new java.util.ArrayList<>();
        failures.forEach((module, ofModule) -> ofModule.forEach(failure -> all.add(Map.entry(module, failure))));
        all.sort(java.util.Comparator.comparing((Map.Entry<InstalledModule, FailedRelease> e) -> e.getValue().failedAt(),
                java.util.Comparator.nullsLast(java.util.Comparator.reverseOrder())));
        ArrayNode failed = body.putArray("failedReleases");
        for (Map.Entry<InstalledModule, FailedRelease> entry : all.subList(0, Math.min(MAX_FAILURES, all.size()))) {
            FailedRelease failure = entry.getValue();
            failed.addObject().put("name", entry.getKey().name()).put("groupId", entry.getKey().groupId())
                    .put("version", failure.version()).put("kind", failure.rolledBack() ? "rolled_back" : "not_installed")
                    .put("at", failure.failedAt() == null ? null : failure.failedAt().toString())
                    .put("reason", reason(failure.reason()));
        }
        ArrayNode deferred = body.putArray("deferrals");
        for (Deferral deferral : deferrals.subList(0, Math.min(MAX_MODULES, deferrals.size()))) {
            deferred.addObject().put("name", deferral.module().name()).put("groupId", deferral.module().groupId())
                    .put("version", deferral.version()).put("requiredBy", deferral.requiredBy().toString())
                    .put("until", deferral.until().toString())
                    .put("reason", reason(deferral.reason())).put("by", deferral.by()).put("at", deferral.at().toString());
        }
        fit(body);
        return body;
    }

    /**
     * Keeps {@code body} within what the repository takes ({@value #MAX_BYTES} bytes of UTF-8):
     * reasons are shortened first, then the oldest failures left out, then the modules' reasons:
     * a report the repository refused for its size would never arrive, failures and all.
     */
    static void fit(ObjectNode body) {
        for (int pass = 0; bytes(body) > MAX_BYTES && pass < 3; pass++) {
            ArrayNode failed = (ArrayNode) body.get("failedReleases");
            ArrayNode modules = (ArrayNode) body.get("modules");
            if (pass == 0) {
                failed.forEach(f -> ((ObjectNode) f).put("reason", shorten(f.path("reason").asText(null), 120)));
                body.path("deferrals").forEach(d -> ((ObjectNode) d).put("reason", shorten(d.path("reason").asText(null), 120)));
                modules.forEach(m -> ((ObjectNode) m).put("reason", shorten(m.path("reason").asText(null), 120)));
            } else if (pass == 1) {
                while (failed.size() > 10) {
                    failed.remove(failed.size() - 1);
                }
            } else {
                failed.forEach(f -> ((ObjectNode) f).remove("reason"));
                modules.forEach(m -> ((ObjectNode) m).remove("reason"));
            }
        }
    }

    private static int bytes(ObjectNode body) {
        try {
            return JSON.writeValueAsBytes(body).length;
        } catch (java.io.IOException e) {
            return Integer.MAX_VALUE;
        }
    }

    private static String shorten(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * A reason as the repository keeps one: at most 500 characters, one line per line, no other
     * control character (a tab, a carriage return would have the whole report refused).
     */
    static String reason(String text) {
        if (text == null) {
            return null;
        }
        String clean = text.replace("\r\n", "\n").codePoints()
                .map(c -> Character.isISOControl(c) && c != '\n' ? ' ' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString().strip();
        return clean.length() <= MAX_REASON ? clean : clean.substring(0, MAX_REASON - 1) + "…";
    }
}
