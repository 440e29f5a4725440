package be.imio.platform.repository.internal.rollout;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
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

import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.repository.internal.Reasons;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.HostRegistry;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * REST for staged rollouts, under {@code /api/repository/rollouts} (logged-in staff):
 * {@code GET} lists them, newest first, with their progress ring by ring ({@link RolloutProgress});
 * an administrator {@code POST}s {@code {"release": "g:a:v", "rings": [{"group": "pilote",
 * "soakMinutes": 60}, {"percent": 25, "soakMinutes": 120}, {"percent": 100}], "maxRollbacks": 1,
 * "maxUnhealthyPercent": 10}} to start one (a ring names {@code hosts}, a {@code group} or a
 * {@code percent}), and {@code POST .../ID/widen}, {@code .../ID/resume} ({@code {}}) or
 * {@code .../ID/abort} ({@code {"reason": "..."}}) to change one.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.rollouts")
@HttpWhiteboardServletPattern("/repository/rollouts/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class RolloutsApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern ACT = Pattern.compile("/(\\d{1,18})/(widen|resume|abort)");

    private final transient RolloutDesk desk;
    private final transient HostRegistry hosts;

    @Activate
    public RolloutsApi(@Reference RolloutDesk desk, @Reference RepositoryDatabase database) {
        this.desk = desk;
        this.hosts = database.hosts();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            List<Fleet.HostRow> fleet = Fleet.of(hosts.all(), List.of(), Instant.now()).hosts();
            for (RolloutRow row : desk.ledger().all()) {
                list.add(RolloutProgress.of(row, fleet).toJson());
            }
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().set("rollouts", list));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Matcher act = ACT.matcher(path);
        if (!path.equals("/") && !act.matches()) {
            refuse(request, response, 404, "not_found", "rollout.action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 64 * 1024);
        if (body == null) {
            return;
        }
        String actor = request.getRemoteUser();
        String address = (String) request.getAttribute(WebContexts.CLIENT_ADDRESS);
        try {
            RolloutRow row;
            if (act.matches()) {
                long id = Long.parseLong(act.group(1));
                row = switch (act.group(2)) {
                    case "widen" -> desk.widen(id, actor, address);
                    case "resume" -> desk.resume(id, actor, address);
                    default -> {
                        String reason = Reasons.of(body.path("reason").asText(""));
                        if (reason == null) {
                            throw new RolloutRefused(400, "reason_required", "rollout.reason");
                        }
                        yield desk.abort(id, reason, actor, address);
                    }
                };
            } else {
                row = desk.start(body.path("release").asText(""), rings(body.path("rings")),
                        body.path("maxRollbacks").asInt(1), body.path("maxUnhealthyPercent").asInt(10), actor, address);
            }
            List<Fleet.HostRow> fleet = Fleet.of(hosts.all(), List.of(), Instant.now()).hosts();
            send(response, act.matches() ? 200 : 201, RolloutProgress.of(row, fleet).toJson());
        } catch (RolloutRefused e) {
            refuse(request, response, e.status(), e.code(), e.key(), e.arguments());
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
        } catch (MetadataException | IOException e) {
            // Recorded but not signed: the next check signs it (see RolloutDesk).
            refuse(request, response, 503, "cannot_sign", "problem.cannot-now", e.getMessage());
        }
    }

    /** The rings of a request; a ring of another shape is refused by {@link RolloutDesk#start}. */
    static List<RolloutDesk.RingRequest> rings(JsonNode rings) throws RolloutRefused {
        if (!rings.isArray()) {
            throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", RolloutDesk.MAX_RINGS);
        }
        List<RolloutDesk.RingRequest> list = new ArrayList<>();
        for (JsonNode ring : rings) {
            List<String> named = new ArrayList<>();
            ring.path("hosts").forEach(host -> named.add(host.asText()));
            JsonNode percent = ring.path("percent");
            JsonNode soak = ring.path("soakMinutes");
            if (!ring.isObject() || !percent.isMissingNode() && !percent.isInt() || !soak.isMissingNode() && !soak.isInt()
                    || ring.has("hosts") && !ring.path("hosts").isArray()) {
                throw new RolloutRefused(400, "bad_rings", "rollout.bad-rings", RolloutDesk.MAX_RINGS);
            }
            list.add(new RolloutDesk.RingRequest(named, ring.path("group").asText(null), percent.asInt(0),
                    soak.asInt(0)));
        }
        return list;
    }
}
