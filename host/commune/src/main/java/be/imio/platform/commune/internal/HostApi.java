package be.imio.platform.commune.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * The host's REST API under {@code /api/host}: sync status and sync now, the catalogue, the
 * modules with their health, operations on them and the audit log. Reading needs a viewer or
 * administrator; every change needs an administrator and a JSON body.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.host.api")
@HttpWhiteboardServletPattern("/host/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class HostApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** A module by short name or as {@code GROUP:ARTIFACT}, then the action. */
    private static final Pattern MODULE_ACTION = Pattern.compile("/modules/(" + ModuleId.REFERENCE + ")/([a-z]+)");
    private static final Pattern OPERATION = Pattern.compile("/operations/(\\d{1,18})");
    private static final int MAX_BODY = 4096;

    private final transient ModuleEngine engine;
    private final transient CatalogueSync sync;
    private final transient HostSettings settings;

    @Activate
    public HostApi(@Reference ModuleEngine engine, @Reference CatalogueSync sync, @Reference HostSettings settings) {
        this.engine = engine;
        this.sync = sync;
        this.settings = settings;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            Matcher operation = OPERATION.matcher(path);
            if (path.equals("/status")) {
                JsonAnswers.send(response, 200, status());
            } else if (path.equals("/catalogue")) {
                JsonAnswers.send(response, 200, catalogue());
            } else if (path.equals("/modules")) {
                JsonAnswers.send(response, 200, modules());
            } else if (path.equals("/operations")) {
                int limit = parseLimit(request.getParameter("limit"));
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                ArrayNode list = body.putArray("operations");
                engine.ledger().operations(blankToNull(request.getParameter("module")), limit)
                        .forEach(o -> list.add(operationJson(o)));
                JsonAnswers.send(response, 200, body);
            } else if (operation.matches()) {
                var found = engine.ledger().operation(Long.parseLong(operation.group(1)));
                if (found.isPresent()) {
                    JsonAnswers.send(response, 200, operationJson(found.get()));
                } else {
                    JsonAnswers.send(response, 404, JsonAnswers.error("unknown_operation",
                            "opération inconnue / unknown operation"));
                }
            } else {
                JsonAnswers.send(response, 404, JsonAnswers.error("not_found", "ressource inconnue / unknown resource"));
            }
        } catch (SQLException e) {
            unavailable(response, e);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = JsonAnswers.adminChange(request, response, MAX_BODY);
        if (body == null) {
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (path.equals("/sync")) {
            if (sync.trySyncNow().isEmpty()) {
                ObjectNode busy = JsonAnswers.error("sync_running", "une synchronisation est déjà en cours, réessayez"
                        + " dans un instant / a sync is already running, try again in a moment");
                busy.set("status", status());
                JsonAnswers.send(response, 409, busy);
                return;
            }
            JsonAnswers.send(response, 200, status());
            return;
        }
        Matcher m = MODULE_ACTION.matcher(path);
        Operation.Action action = m.matches() ? actionOf(m.group(2)) : null;
        if (action == null) {
            JsonAnswers.send(response, 404, JsonAnswers.error("not_found", "ressource inconnue / unknown resource"));
            return;
        }
        JsonNode argument = action == Operation.Action.POLICY ? body.path("policy") : body.path("version");
        if (!argument.isMissingNode() && !argument.isNull() && (!argument.isTextual()
                || !argument.asText().matches("[A-Za-z0-9_.-]{1,100}"))) {
            JsonAnswers.send(response, 400, JsonAnswers.error("bad_version", "version invalide / invalid version"));
            return;
        }
        String value = argument.isTextual() ? argument.asText() : null;
        try {
            Operation planned = engine.request(action, m.group(1), value, request.getRemoteUser(),
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            response.setHeader("Location", request.getContextPath() + "/host/operations/" + planned.id());
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("operation", operationJson(planned));
            JsonAnswers.send(response, 202, answer);
        } catch (OperationRefused refused) {
            ObjectNode error = JsonAnswers.error(refused.code(), refused.getMessage());
            if (refused instanceof OperationPlanner.Ambiguous ambiguous) {
                ArrayNode candidates = error.putArray("candidates");
                ambiguous.candidates().forEach(candidates::add);
            }
            JsonAnswers.send(response, refused.status(), error);
        } catch (SQLException e) {
            unavailable(response, e);
        }
    }

    private ObjectNode status() {
        SyncStatus status = sync.status();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("repository", status.repositoryUrl());
        body.put("channel", settings.channel().id());
        body.put("policy", settings.policy().id());
        body.put("maintenanceWindow", settings.maintenanceWindow());
        body.put("syncIntervalSeconds", settings.syncInterval().toSeconds());
        body.put("hostApi", engine.hostApiVersion().toString());
        body.putObject("trustedRoot").put("version", status.rootVersion()).put("fingerprint", status.rootFingerprint());
        body.put("lastSync", text(status.lastSync()));
        body.put("lastAttempt", text(status.lastAttempt()));
        body.put("offlineSince", text(status.offlineSince()));
        body.put("warning", status.warning());
        body.put("syncing", sync.syncing());
        body.put("timestampVersion", status.timestampVersion());
        body.put("targetsVersion", status.targetsVersion());
        Operation current = engine.current();
        if (current == null) {
            body.putNull("operation");
        } else {
            body.set("operation", operationJson(current));
        }
        body.put("queued", engine.queued());
        return body;
    }

    private ObjectNode catalogue() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode modules = body.putArray("modules");
        sync.catalogue().modules().forEach((id, releases) -> {
            ObjectNode module = modules.addObject().put("name", id.name()).put("groupId", id.groupId())
                    .put("id", id.toString());
            ArrayNode publishers = module.putArray("publishers");
            ModuleInfo.publishers(releases).forEach(publishers::add);
            ArrayNode list = module.putArray("releases");
            for (ModuleRelease release : releases) {
                if (!engine.offer().listed(release)) {
                    continue;
                }
                list.addObject().put("version", release.version()).put("groupId", release.groupId())
                        .put("channel", release.channel()).put("revoked", release.revoked())
                        .put("revokedReason", release.revokedReason()).put("hostApi", release.hostApi())
                        .put("compatible", engine.offer().compatible(release))
                        .put("releasedBy", release.releasedBy()).put("releasedAt", release.releasedAt());
            }
            if (list.isEmpty()) {
                modules.remove(modules.size() - 1);
            }
        });
        return body;
    }

    private ObjectNode modules() throws SQLException {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("modules");
        for (InstalledModule module : engine.ledger().modules()) {
            ObjectNode json = list.addObject().put("name", module.name()).put("groupId", module.groupId())
                    .put("id", module.id().toString())
                    .put("version", module.version()).put("previousVersion", module.previousVersion())
                    .put("enabled", module.enabled()).put("pinned", module.pinnedVersion())
                    .put("policy", module.policyOr(settings.policy()).id())
                    .put("changedAt", text(module.changedAt()));
            HealthStatus health = engine.healthOf(module);
            json.putObject("health").put("state", health.state().name()).put("message", health.message());
            var release = sync.catalogue().release(module.id(), module.version());
            json.put("revoked", release.map(ModuleRelease::revoked).orElse(false));
            json.put("revokedReason", release.map(ModuleRelease::revokedReason).orElse(null));
            json.put("updateAvailable", engine.updateFor(module).orElse(null));
            ArrayNode failed = json.putArray("failedReleases");
            for (FailedRelease failure : engine.failedReleases(module)) {
                Bilingual text = OperationTexts.failedHere(failure);
                failed.addObject().put("version", failure.version()).put("failedAt", text(failure.failedAt()))
                        .put("operation", failure.operation()).put("reason", failure.reason())
                        .put("detail", failure.detail()).put("message", text.fr()).put("message_en", text.en());
            }
        }
        return body;
    }

    static ObjectNode operationJson(Operation o) {
        return JsonNodeFactory.instance.objectNode().put("id", o.id()).put("module", o.module()).put("groupId", o.groupId())
                .put("action", o.action().id()).put("fromVersion", o.fromVersion()).put("toVersion", o.toVersion())
                .put("state", o.state().id()).put("requestedBy", o.requestedBy()).put("requestedFrom", o.requestedFrom())
                .put("requestedAt", text(o.requestedAt())).put("startedAt", text(o.startedAt()))
                .put("finishedAt", text(o.finishedAt())).put("reason", o.reason()).put("detail", o.detail())
                .put("policy", o.policy() == null ? null : o.policy().id());
    }

    private static Operation.Action actionOf(String id) {
        return List.of(Operation.Action.values()).stream().filter(a -> a != Operation.Action.SETTINGS && a.id().equals(id))
                .findFirst().orElse(null);
    }

    private static int parseLimit(String text) {
        try {
            return text == null ? 100 : Math.max(1, Math.min(1000, Integer.parseInt(text)));
        } catch (NumberFormatException e) {
            return 100;
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    private static String text(Instant instant) {
        return instant == null ? null : instant.toString();
    }

    private static void unavailable(HttpServletResponse response, SQLException e) throws IOException {
        JsonAnswers.send(response, 503, JsonAnswers.error("unavailable",
                "base de données indisponible / database unavailable: " + e.getMessage()));
    }
}
