package be.imio.platform.repository.internal.fleet;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;

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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.api.web.Languages;
import be.imio.platform.web.whiteboard.LiveContext;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.RepositoryTexts;


/**
 * REST for the fleet, under {@code /api/repository/hosts} (logged-in staff): {@code GET} lists the
 * registered hosts with their filing and latest report; {@code POST} with {@code {"id": "namur",
 * "kind": "commune", "group": "pilote", "label": "Ville de Namur"}} registers a host (admin) and
 * answers its credential, once, for the member's local IT; {@code POST /namur/disable} with
 * {@code {"reason": "..."}} disables it (admin): its credential is refused from then on.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.hosts")
@HttpWhiteboardServletPattern("/repository/hosts/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class HostsApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HostsApi.class);

    private static final java.util.regex.Pattern DISABLE = java.util.regex.Pattern.compile("/([a-z0-9-]{2,63})/disable");

    private final transient HostRegistry hosts;

    @Activate
    public HostsApi(@Reference RepositoryDatabase database) {
        this.hosts = database.hosts();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        // One reader for the whole list: each one handed out has a JSON factory of its own.
        ObjectReader reports = Json.reader();
        try {
            for (HostRegistry.Host host : hosts.all()) {
                ObjectNode item = list.addObject().put("id", host.id()).put("kind", host.kind().id())
                        .put("group", host.group()).put("label", host.label()).put("registeredBy", host.registeredBy())
                        .put("registeredAt", host.registeredAt().toString())
                        .put("disabledAt", host.disabledAt() == null ? null : host.disabledAt().toString())
                        .put("reportsReceived", host.reportsReceived());
                if (host.lastReportAt() != null) {
                    item.put("lastReportAt", host.lastReportAt().toString()).put("lastReportFrom", host.lastReportFrom())
                            .put("lastReportMadeAt", host.lastReportMadeAt() == null ? null
                                    : host.lastReportMadeAt().toString());
                    try {
                        item.set("lastReport", reports.readTree(host.lastReport()));
                    } catch (IOException unreadable) {
                        // One report that no longer reads does not hide the others.
                        item.putNull("lastReport");
                    }
                }
            }
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().set("hosts", list));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        java.util.regex.Matcher disable = DISABLE.matcher(path);
        if (!path.equals("/") && !disable.matches()) {
            refuse(request, response, 404, "not_found", "problem.host-action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 4096);
        if (body == null) {
            return;
        }
        String by = request.getRemoteUser();
        String address = (String) request.getAttribute(WebContexts.CLIENT_ADDRESS);
        try {
            if (disable.matches()) {
                String reason = body.path("reason").asText("").strip();
                if (Reasons.of(reason) == null) {
                    refuse(request, response, 400, "reason_required", "problem.disable-reason");
                } else if (!hosts.disable(disable.group(1), reason, by, address, Instant.now())) {
                    refuse(request, response, 409, "no_change", "problem.host-not-disabled");
                } else {
                    LOG.info("Disabled host {} ({} from {}): {}", disable.group(1), by, address, reason);
                    send(response, 200, JsonNodeFactory.instance.objectNode().put("id", disable.group(1))
                            .put("disabled", true));
                }
                return;
            }
            HostFiling filing;
            try {
                filing = HostFiling.of(body.path("id").asText(""), body.path("kind").asText(""),
                        body.path("group").asText(""), body.path("label").asText(""));
            } catch (HostFiling.Refused e) {
                refuse(request, response, 400, e.code(), e.key());
                return;
            }
            String token = hosts.register(filing, by, address, Instant.now());
            if (token == null) {
                refuse(request, response, 409, "host_exists", "problem.host-exists");
                return;
            }
            LOG.info("Registered host {} ({} from {})", filing.id(), by, address);
            send(response, 201, JsonNodeFactory.instance.objectNode().put("id", filing.id()).put("token", token)
                    .put("message", Languages.words(request, RepositoryTexts.message("fleet.secret-once")::in)));
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
        }
    }
}
