package be.imio.platform.repository.internal.rollout;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
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

import be.imio.platform.api.WebContexts;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.fleet.Fleet;
import be.imio.platform.repository.internal.fleet.FleetReader;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.trust.MetadataException;

/**
 * REST for mandatory updates, under {@code /api/repository/required} (logged-in staff): {@code GET}
 * lists the required releases, soonest deadline first, each with where the fleet stands
 * ({@link RequiredStatus}); an administrator {@code POST}s {@code {"release": "g:a:v", "by":
 * "2026-12-15T22:00:00Z", "reason": "...", "deferDays": 30}} to require one ({@code by} an ISO-8601
 * instant or date and time with its offset; {@code deferDays} 0 to 90, 30 when absent), and
 * {@code POST .../g:a:v/withdraw} ({@code {"reason": "..."}}) to withdraw it.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context",
        service = be.imio.platform.web.whiteboard.LiveContext.class,
        target = "(" + be.imio.platform.web.whiteboard.LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.required")
@HttpWhiteboardServletPattern("/repository/required/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class RequiredApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern WITHDRAW = Pattern.compile("/([^/]{1,600})/withdraw");

    private final transient RequiredDesk desk;
    private final transient FleetReader fleet;

    @Activate
    public RequiredApi(@Reference RequiredDesk desk, @Reference RepositoryDatabase database,
            @Reference ReleaseDesk releases) {
        this.desk = desk;
        this.fleet = new FleetReader(database.hosts(), releases.ledger(), database.required(), database.rollouts()::published);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            Fleet now = fleet.now();
            for (RequiredLedger.Row row : desk.ledger().all()) {
                list.add(RequiredStatus.of(row, now).toJson());
            }
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().set("required", list));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        Matcher withdraw = WITHDRAW.matcher(path);
        if (!path.equals("/") && !withdraw.matches()) {
            refuse(request, response, 404, "not_found", "required.action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        String actor = request.getRemoteUser();
        String address = (String) request.getAttribute(WebContexts.CLIENT_ADDRESS);
        try {
            if (withdraw.matches()) {
                String release = withdraw.group(1); // the container decoded the path already
                desk.withdraw(release, body.path("reason").asText(""), actor, address);
                send(response, 200, JsonNodeFactory.instance.objectNode().put("release", release).put("withdrawn", true));
                return;
            }
            JsonNode deferDays = body.path("deferDays");
            if (!deferDays.isMissingNode() && !deferDays.isInt()) {
                throw new RolloutRefused(400, "bad_defer_days", "required.bad-defer-days", RequiredDesk.MAX_DEFER_DAYS);
            }
            RequiredLedger.Row row = desk.require(body.path("release").asText(""), by(body.path("by")),
                    body.path("reason").asText(""), deferDays.asInt(RequiredDesk.DEFAULT_DEFER_DAYS), actor, address);
            ObjectNode answer = RequiredStatus.of(row, fleet.now()).toJson();
            send(response, 201, answer);
        } catch (RolloutRefused e) {
            refuse(request, response, e.status(), e.code(), e.key(), e.arguments());
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
        } catch (MetadataException | IOException e) {
            refuse(request, response, 503, "cannot_sign", "problem.cannot-now", e.getMessage());
        }
    }

    /** A deadline as an ISO-8601 instant, or date and time with an offset; null for anything else. */
    static Instant by(JsonNode by) {
        if (!by.isTextual() || by.asText().length() > 40) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(by.asText().strip()).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
