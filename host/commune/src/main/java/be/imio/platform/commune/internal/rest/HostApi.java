package be.imio.platform.commune.internal.rest;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
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
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.web.Languages;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.commune.api.CatalogueModule;
import be.imio.platform.commune.api.CatalogueService;
import be.imio.platform.commune.api.FailedRelease;
import be.imio.platform.commune.api.HostSettingsService;
import be.imio.platform.commune.api.InstalledModule;
import be.imio.platform.commune.api.ModuleId;
import be.imio.platform.commune.api.ModuleService;
import be.imio.platform.commune.api.ModuleStatus;
import be.imio.platform.commune.api.OfferedRelease;
import be.imio.platform.commune.api.Operation;
import be.imio.platform.commune.api.SyncStatus;
import be.imio.platform.commune.api.Refusal;

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

    private final transient ModuleService modules;
    private final transient CatalogueService catalogue;
    private final transient HostSettingsService settings;

    @Activate
    public HostApi(@Reference ModuleService modules, @Reference CatalogueService catalogue,
            @Reference HostSettingsService settings) {
        this.modules = modules;
        this.catalogue = catalogue;
        this.settings = settings;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            Matcher operation = OPERATION.matcher(path);
            if (path.equals("/status")) {
                JsonAnswers.send(response, 200, status(request));
            } else if (path.equals("/catalogue")) {
                JsonAnswers.send(response, 200, catalogue());
            } else if (path.equals("/modules")) {
                JsonAnswers.send(response, 200, modules(Languages.of(request)));
            } else if (path.equals("/mandatory-updates")) {
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                ArrayNode list = body.putArray("mandatoryUpdates");
                modules.mandatoryUpdates().forEach(pending -> list.add(MandatoryJson.of(pending)));
                JsonAnswers.send(response, 200, body);
            } else if (path.equals("/operations")) {
                int limit = parseLimit(request.getParameter("limit"));
                ObjectNode body = JsonNodeFactory.instance.objectNode();
                ArrayNode list = body.putArray("operations");
                modules.operations(blankToNull(request.getParameter("module")), limit)
                        .forEach(o -> list.add(OperationJson.of(o, Languages.of(request))));
                JsonAnswers.send(response, 200, body);
            } else if (operation.matches()) {
                Operation found = modules.operation(Long.parseLong(operation.group(1)))
                        .orElseThrow(() -> new Refusal(404, "unknown_operation", "refusal.unknown-operation"));
                JsonAnswers.send(response, 200, OperationJson.of(found, Languages.of(request)));
            } else {
                throw new Refusal(404, "not_found", "refusal.not-found");
            }
        } catch (Refusal refused) {
            refuse(request, response, refused, null);
        }
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode body = JsonAnswers.adminChange(request, response, MAX_BODY);
        if (body == null) {
            return;
        }
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        try {
            if (!body.isObject()) {
                throw new Refusal(400, "bad_json", "refusal.not-an-object");
            }
            if (path.equals("/sync")) {
                if (catalogue.syncNow().isEmpty()) {
                    refuse(request, response, new Refusal(409, "sync_running", "refusal.sync-running"), status(request));
                    return;
                }
                JsonAnswers.send(response, 200, status(request));
                return;
            }
            Matcher m = MODULE_ACTION.matcher(path);
            if (m.matches() && m.group(2).equals(Operation.Action.DEFER.id())) {
                Operation done = modules.defer(m.group(1), MandatoryJson.version(body), MandatoryJson.until(body),
                        MandatoryJson.reason(body), request.getRemoteUser(),
                        (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                answer.set("operation", OperationJson.of(done, Languages.of(request)));
                JsonAnswers.send(response, 200, answer);
                return;
            }
            Operation.Action action = m.matches() ? actionOf(m.group(2)) : null;
            if (action == null) {
                throw new Refusal(404, "not_found", "refusal.not-found");
            }
            JsonNode argument = action == Operation.Action.POLICY ? body.path("policy") : body.path("version");
            if (!argument.isMissingNode() && !argument.isNull() && (!argument.isTextual()
                    || !argument.asText().matches("[A-Za-z0-9_.-]{1,100}"))) {
                throw action == Operation.Action.POLICY ? new Refusal(400, "bad_policy", "refusal.bad-policy",
                        argument.toString()) : new Refusal(400, "bad_version", "refusal.bad-version");
            }
            String value = argument.isTextual() ? argument.asText() : null;
            Operation planned = modules.request(action, m.group(1), value, request.getRemoteUser(),
                    (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            response.setHeader("Location", request.getContextPath() + "/host/operations/" + planned.id());
            ObjectNode answer = JsonNodeFactory.instance.objectNode();
            answer.set("operation", OperationJson.of(planned, Languages.of(request)));
            JsonAnswers.send(response, 202, answer);
        } catch (Refusal refused) {
            refuse(request, response, refused, null);
        }
    }

    /**
     * A refusal as JSON: its code, its {@code message} in the language the request names
     * ({@code ?lang=}, else {@code Accept-Language}), or, when it names none, French then English
     * ("français / English") as this API has always answered; {@code message_en} in English.
     */
    private static void refuse(HttpServletRequest request, HttpServletResponse response, Refusal refused,
            ObjectNode status) throws IOException {
        ObjectNode error = JsonAnswers.error(request, refused.code(), refused.asMessage().words());
        if (!refused.candidates().isEmpty()) {
            ArrayNode candidates = error.putArray("candidates");
            refused.candidates().forEach(candidates::add);
        }
        if (status != null) {
            error.set("status", status);
        }
        JsonAnswers.send(response, refused.status(), error);
    }

    private ObjectNode status(HttpServletRequest request) {
        SyncStatus status = catalogue.status();
        Map<String, String> values = settings.effective();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("repository", status.repositoryUrl());
        body.put("channel", values.get(HostSettingsService.CHANNEL));
        body.put("policy", values.get(HostSettingsService.POLICY));
        body.put("maintenanceWindow", values.get(HostSettingsService.MAINTENANCE_WINDOW));
        body.put("syncIntervalSeconds", Long.parseLong(values.get(HostSettingsService.SYNC_INTERVAL_SECONDS)));
        body.put("hostApi", catalogue.hostApi().toString());
        body.putObject("trustedRoot").put("version", status.rootVersion()).put("fingerprint", status.rootFingerprint());
        body.put("lastSync", OperationJson.text(status.lastSync()));
        body.put("lastAttempt", OperationJson.text(status.lastAttempt()));
        body.put("offlineSince", OperationJson.text(status.offlineSince()));
        body.put("warning", status.warning() == null ? null : Languages.words(request, status.warning()::in));
        body.put("syncing", catalogue.syncing());
        body.put("timestampVersion", status.timestampVersion());
        body.put("targetsVersion", status.targetsVersion());
        body.set("operation", modules.current().<JsonNode>map(o -> OperationJson.of(o, Languages.of(request)))
                .orElse(JsonNodeFactory.instance.nullNode()));
        body.put("queued", modules.queued());
        return body;
    }

    private ObjectNode catalogue() {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("modules");
        for (CatalogueModule offered : catalogue.modules()) {
            ObjectNode module = list.addObject().put("name", offered.id().name()).put("groupId", offered.id().groupId())
                    .put("id", offered.id().toString());
            ArrayNode publishers = module.putArray("publishers");
            offered.publishers().forEach(publishers::add);
            ArrayNode releases = module.putArray("releases");
            for (OfferedRelease release : offered.releases()) {
                releases.addObject().put("version", release.version()).put("groupId", release.id().groupId())
                        .put("channel", release.channel()).put("revoked", release.revoked())
                        .put("revokedReason", release.revokedReason()).put("hostApi", release.hostApi())
                        .put("compatible", release.compatible()).put("rollout", release.rollout())
                        .put("releasedBy", release.releasedBy()).put("releasedAt", release.releasedAt());
            }
        }
        return body;
    }

    private ObjectNode modules(Locale language) throws Refusal {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("modules");
        for (ModuleStatus status : modules.modules()) {
            InstalledModule module = status.module();
            ObjectNode json = list.addObject().put("name", module.name()).put("groupId", module.groupId())
                    .put("id", module.id().toString())
                    .put("version", module.version()).put("previousVersion", module.previousVersion())
                    .put("enabled", module.enabled()).put("pinned", module.pinnedVersion())
                    .put("policy", status.policy().id())
                    .put("changedAt", OperationJson.text(module.changedAt()));
            HealthStatus health = status.health();
            json.putObject("health").put("state", health.state().name()).put("message", health.message(language));
            json.put("revoked", status.revoked());
            json.put("revokedReason", status.revokedReason());
            json.put("updateAvailable", status.updateAvailable());
            ArrayNode failed = json.putArray("failedReleases");
            for (FailedRelease failure : status.failedReleases()) {
                failed.addObject().put("version", failure.version()).put("failedAt", OperationJson.text(failure.failedAt()))
                        .put("operation", failure.operation()).put("reason", failure.reason())
                        .put("detail", failure.detail()).put("message", failure.message().in(language))
                        .put("message_en", failure.message().in(Texts.ENGLISH));
            }
        }
        return body;
    }

    private static Operation.Action actionOf(String id) {
        return List.of(Operation.Action.values()).stream().filter(a -> a != Operation.Action.SETTINGS && a != Operation.Action.DEFER && a.id().equals(id))
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
}
