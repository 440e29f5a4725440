package be.imio.platform.commune.internal.sync;

import java.io.IOException;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.internal.settings.HostSettings;

/**
 * Tells the central repository what this host runs (modules, versions, health, last sync), with
 * the host id and credential iMio gave local IT. Without them, or without network, nothing is
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

    private final HostSettings settings;
    private volatile int lastStatus;
    /** The last address refused by {@link #safeToSend}, so that it is logged once. */
    private volatile String refused;

    public FleetReport(HostSettings settings) {
        this.settings = settings;
    }

    public void send(SyncStatus status, Map<InstalledModule, HealthStatus> modules) {
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
        RepositoryClient client = new RepositoryClient(url, settings.downloadTimeout());
        try {
            int answer = client.report(settings.hostId(), settings.hostToken(), JSON.writeValueAsBytes(body(status, modules)));
            if (answer != lastStatus && answer >= 300 && answer < 400) {
                LOG.warn("The central repository redirects this host's report to another address (HTTP {}); the"
                        + " credential is sent to the configured origin only: set reportUrl to the new address",
                        answer);
            } else if (answer != lastStatus && answer != 204) {
                LOG.warn("The central repository refused this host's report: HTTP {} (check hostId and hostToken)", answer);
            }
            lastStatus = answer;
        } catch (IOException e) {
            LOG.debug("Report not sent: {}", e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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

    static ObjectNode body(SyncStatus status, Map<InstalledModule, HealthStatus> modules) {
        ObjectNode body = JSON.createObjectNode();
        body.put("lastSync", status.lastSync() == null ? null : status.lastSync().toString());
        body.put("offlineSince", status.offlineSince() == null ? null : status.offlineSince().toString());
        body.put("targetsVersion", status.targetsVersion());
        HealthStatus overall = HealthStatus.up("");
        ArrayNode list = body.putArray("modules");
        for (Map.Entry<InstalledModule, HealthStatus> entry : modules.entrySet()) {
            InstalledModule module = entry.getKey();
            list.addObject().put("name", module.name()).put("groupId", module.groupId()).put("version", module.version())
                    .put("enabled", module.enabled()).put("health", entry.getValue().state().name());
            if (module.enabled()) {
                overall = overall.worst(entry.getValue());
            }
        }
        body.put("health", overall.state().name());
        return body;
    }
}
