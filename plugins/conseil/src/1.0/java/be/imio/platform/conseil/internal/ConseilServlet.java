package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Html;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.json.JsonFields;

/**
 * The council's pages under {@code /modules/conseil/}: the public agenda for citizens
 * ({@code /public/}), and the JSON API for staff ({@code /api/meetings}: plan a meeting, add,
 * order and decide agenda items).
 */
@Component(service = Servlet.class, property = {WebContexts.MODULE + "=" + ConseilDatabase.MODULE,
        "imio.menu.fr=Séances du conseil", "imio.menu.en=Council meetings"})
public final class ConseilServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("dd/MM/yyyy 'à' HH'h'mm");

    private final transient Council council;
    private final transient List<ConseilRoute> routes = new CopyOnWriteArrayList<>();

    @Activate
    public ConseilServlet(@Reference ConseilDatabase database) {
        this.council = database.council();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(ConseilRoute route) {
        routes.add(route);
    }

    void removeRoute(ConseilRoute route) {
        routes.remove(route);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            for (ConseilRoute route : routes) {
                if (route.answers(method, path)) {
                    route.answer(request, response, council);
                    return;
                }
            }
            String[] parts = path.split("/");
            if ("GET".equals(method) && (path.equals("/public/") || path.equals("/public"))) {
                publicAgenda(response);
            } else if (path.equals("/api/meetings")) {
                if ("POST".equals(method)) {
                    plan(request, response);
                } else {
                    list(response);
                }
            } else if (parts.length >= 4 && parts[1].equals("api") && parts[2].equals("meetings")) {
                meeting(method, parts, request, response);
            } else {
                JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            }
        } catch (SQLException e) {
            JsonAnswers.error(response, 503, "unavailable", "séances indisponibles / meetings unavailable");
        }
    }

    private void plan(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        MeetingDraft draft = MeetingDraft.parse(body, Clock.systemDefaultZone(), errors);
        if (draft == null) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        long id = council.createMeeting(draft.title(), draft.heldAt(), draft.place(), request.getRemoteUser());
        JsonAnswers.send(response, 201, ConseilJson.of(council.meeting(id).orElseThrow()));
    }

    private void list(HttpServletResponse response) throws IOException, SQLException {
        ObjectNode body = ConseilJson.JSON.createObjectNode();
        ArrayNode list = body.putArray("meetings");
        for (Meeting meeting : council.meetings(null)) {
            list.add(ConseilJson.of(meeting));
        }
        JsonAnswers.send(response, 200, body);
    }

    /** {@code /api/meetings/<id>}, {@code .../items}, {@code .../items/<item>/move}, {@code .../items/<item>/decision}. */
    private void meeting(String method, String[] parts, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException {
        Optional<Meeting> meeting = parts[3].matches("\\d{1,18}") ? council.meeting(Long.parseLong(parts[3])) : Optional.empty();
        if (meeting.isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_meeting", "séance inconnue / unknown meeting");
            return;
        }
        if (parts.length == 4 && "GET".equals(method)) {
            JsonAnswers.send(response, 200, ConseilJson.of(meeting.get()));
            return;
        }
        JsonNode body = "POST".equals(method) && parts.length >= 5 && parts[4].equals("items")
                ? JsonAnswers.adminChange(request, response, 16 * 1024) : null;
        if (body == null) {
            if (!response.isCommitted() && response.getStatus() < 400) {
                JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            }
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        if (parts.length == 5) {
            String title = JsonFields.text(body, "title", 300, "l'intitulé du point", "the item's title", errors);
            if (!errors.isEmpty()) {
                JsonAnswers.invalid(response, errors);
                return;
            }
            council.addItem(meeting.get().id(), title, !body.path("public").isBoolean() || body.path("public").asBoolean());
            JsonAnswers.send(response, 201, ConseilJson.of(council.meeting(meeting.get().id()).orElseThrow()));
            return;
        }
        Optional<AgendaItem> item = parts.length == 7 && parts[5].matches("\\d{1,18}")
                ? meeting.get().agenda().stream().filter(i -> i.id() == Long.parseLong(parts[5])).findFirst()
                : Optional.empty();
        if (item.isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_item", "point inconnu / unknown agenda item");
            return;
        }
        if (parts[6].equals("move")) {
            int position = JsonFields.number(body, "position", 1, meeting.get().agenda().size(), errors);
            if (errors.isEmpty()) {
                council.move(meeting.get(), item.get().id(), position);
            }
        } else if (parts[6].equals("decision")) {
            String decision = JsonFields.text(body, "decision", 2000, "la décision", "the decision", errors);
            if (errors.isEmpty()) {
                council.decide(item.get().id(), decision, request.getRemoteUser());
            }
        } else {
            JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            return;
        }
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        JsonAnswers.send(response, 200, ConseilJson.of(council.meeting(meeting.get().id()).orElseThrow()));
    }

    /** For citizens: the coming meetings and their public items, in order; closed-door items are not shown. */
    private void publicAgenda(HttpServletResponse response) throws IOException, SQLException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<title>Ordre du jour du conseil communal</title></head><body><main>"
                + "<h1>Ordre du jour du conseil communal</h1><p lang=\"en\">Council agenda</p>");
        List<Meeting> coming = council.meetings(LocalDate.now().atStartOfDay());
        if (coming.isEmpty()) {
            html.append("<p>Aucune séance prévue. <span lang=\"en\">No meeting planned.</span></p>");
        }
        for (Meeting summary : coming) {
            Meeting meeting = council.meeting(summary.id()).orElseThrow();
            html.append("<section><h2>").append(Html.escape(meeting.title())).append("</h2><p>")
                    .append(WHEN.format(meeting.heldAt())).append(", ").append(Html.escape(meeting.place()))
                    .append("</p><ol>");
            for (AgendaItem item : meeting.agenda()) {
                if (item.isPublic()) {
                    html.append("<li>").append(Html.escape(item.title())).append("</li>");
                }
            }
            html.append("</ol></section>");
        }
        html.append("</main></body></html>");
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "public, max-age=60");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
