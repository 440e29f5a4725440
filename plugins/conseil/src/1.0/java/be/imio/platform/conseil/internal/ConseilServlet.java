package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.ImioModule;
import be.imio.platform.api.MenuEntry;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * The council's pages under {@code /modules/conseil/}: the public agenda for citizens
 * ({@code /public/}), and the JSON API for staff ({@code /api/meetings}: plan a meeting, add,
 * order and decide agenda items), in the reader's language.
 */
@Component(service = Servlet.class)
@ImioModule(ConseilDatabase.MODULE)
@MenuEntry(fr = "Séances du conseil", en = "Council meetings", de = "Ratssitzungen")
public final class ConseilServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 16 * 1024;
    private static final String ITEM = "/api/meetings/{meeting}/items/{item}/";

    private final transient Council council;
    private final transient Texts texts;
    private final transient Router router;

    @Activate
    public ConseilServlet(@Reference ConseilDatabase database, BundleContext context) {
        this.council = database.council();
        this.texts = Texts.of(context.getBundle(), ConseilDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/", this::staffPage))
                .route(Route.get("/public/", this::publicAgenda))
                .route(Route.get("/public", this::publicAgenda))
                .route(Route.get("/api/meetings", this::list))
                .route(Route.post("/api/meetings", this::plan))
                .route(Route.get("/api/meetings/{meeting}", this::one))
                .route(Route.post("/api/meetings/{meeting}/items", this::addItem))
                .route(Route.post(ITEM + "move", this::move))
                .route(Route.post(ITEM + "decision", this::decide));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(ConseilRoutes more) {
        router.add(more, more.routes(council));
    }

    void removeRoutes(ConseilRoutes more) {
        router.remove(more);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response);
    }

    private void plan(Call call) throws IOException, SQLException {
        JsonNode body = call.adminChange(MAX_BODY);
        if (body == null) {
            return;
        }
        JsonFields fields = new JsonFields(body);
        MeetingDraft draft = MeetingDraft.parse(fields, Clock.systemDefaultZone(), texts);
        if (draft == null) {
            call.invalid(fields);
            return;
        }
        long id = council.createMeeting(draft.title(), draft.heldAt(), draft.place(), call.user());
        call.json(201, MeetingJson.of(council.meeting(id).orElseThrow()));
    }

    private void list(Call call) throws IOException, SQLException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("meetings");
        for (Meeting meeting : council.meetings(null)) {
            list.add(MeetingJson.of(meeting));
        }
        call.json(200, body);
    }

    /** The meeting the path names, or empty once 404 {@code unknown_meeting} is answered. */
    private Optional<Meeting> meeting(Call call) throws IOException, SQLException {
        String id = call.path("meeting");
        Optional<Meeting> meeting = id.matches("\\d{1,18}") ? council.meeting(Long.parseLong(id)) : Optional.empty();
        if (meeting.isEmpty()) {
            call.error(404, "unknown_meeting", "error.unknown_meeting");
        }
        return meeting;
    }

    private void one(Call call) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        if (meeting.isPresent()) {
            call.json(200, MeetingJson.of(meeting.get()));
        }
    }

    private void addItem(Call call) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        JsonNode body = meeting.isEmpty() ? null : call.adminChange(MAX_BODY);
        if (body == null) {
            return;
        }
        JsonFields fields = new JsonFields(body);
        String title = fields.text("title", 300, call.message("field.item_title"));
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        council.addItem(meeting.get().id(), title, !body.path("public").isBoolean() || body.path("public").asBoolean());
        call.json(201, MeetingJson.of(council.meeting(meeting.get().id()).orElseThrow()));
    }

    /** A change to one agenda item: the meeting, then an administrator's JSON body, then the item, or answered. */
    private interface ItemChange {
        void apply(Meeting meeting, AgendaItem item, JsonFields fields) throws SQLException;
    }

    private void changeItem(Call call, ItemChange change) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        JsonNode body = meeting.isEmpty() ? null : call.adminChange(MAX_BODY);
        if (body == null) {
            return;
        }
        String id = call.path("item");
        Optional<AgendaItem> item = id.matches("\\d{1,18}")
                ? meeting.get().agenda().stream().filter(i -> i.id() == Long.parseLong(id)).findFirst() : Optional.empty();
        if (item.isEmpty()) {
            call.error(404, "unknown_item", "error.unknown_item");
            return;
        }
        JsonFields fields = new JsonFields(body);
        change.apply(meeting.get(), item.get(), fields);
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        call.json(200, MeetingJson.of(council.meeting(meeting.get().id()).orElseThrow()));
    }

    private void move(Call call) throws IOException, SQLException {
        changeItem(call, (meeting, item, fields) -> {
            int position = fields.number("position", 1, meeting.agenda().size());
            if (fields.valid()) {
                council.move(meeting, item.id(), position);
            }
        });
    }

    private void decide(Call call) throws IOException, SQLException {
        changeItem(call, (meeting, item, fields) -> {
            String decision = fields.text("decision", 2000, call.message("field.decision"));
            if (fields.valid()) {
                council.decide(item.id(), decision, call.user());
            }
        });
    }

    /** For citizens: the coming meetings and their public items, in order; closed-door items are not shown. */
    /** Staff's page, where the console's menu leads: every meeting, the newest first, with its agenda's size. */
    private void staffPage(Call call) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder rows = new StringBuilder();
        for (Meeting summary : council.meetings(null)) {
            Meeting meeting = council.meeting(summary.id()).orElseThrow();
            long open = meeting.agenda().stream().filter(AgendaItem::isPublic).count();
            rows.append("<tr><td>").append(Html.escape(meeting.title())).append("</td><td>")
                    .append(Html.escape(BelgianFormats.date(language, meeting.heldAt().toLocalDate()) + " "
                            + BelgianFormats.time(language, meeting.heldAt().toLocalTime())))
                    .append("</td><td>").append(Html.escape(meeting.place())).append("</td><td>")
                    .append(Html.escape(call.text("page.items", open, meeting.agenda().size() - open)))
                    .append("</td></tr>");
        }
        StringBuilder header = new StringBuilder();
        for (String column : new String[] {"column.meeting", "column.when", "column.place", "column.agenda"}) {
            header.append("<th scope=\"col\">").append(Html.escape(call.text(column))).append("</th>");
        }
        call.html("<!DOCTYPE html><html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + Html.escape(call.text("page.title")) + "</title></head><body><main><h1>"
                + Html.escape(call.text("page.title")) + "</h1><p>" + Html.languageLinks(language) + "</p>"
                + "<p><a href=\"public/\">" + Html.escape(call.text("agenda.title")) + "</a></p>"
                + (rows.length() == 0 ? "<p>" + Html.escape(call.text("page.none")) + "</p>"
                        : "<table><caption>" + Html.escape(call.text("page.caption")) + "</caption><thead><tr>" + header
                                + "</tr></thead><tbody>" + rows + "</tbody></table>")
                + "</main></body></html>");
    }

    private void publicAgenda(Call call) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(language.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(call.text("agenda.title")))
                .append("</title></head><body><main><h1>").append(Html.escape(call.text("agenda.title")))
                .append("</h1><p>").append(Html.languageLinks(language)).append("</p>");
        List<Meeting> coming = council.meetings(LocalDate.now(BelgianFormats.BRUSSELS).atStartOfDay());
        if (coming.isEmpty()) {
            html.append("<p>").append(Html.escape(call.text("agenda.none"))).append("</p>");
        }
        for (Meeting summary : coming) {
            Meeting meeting = council.meeting(summary.id()).orElseThrow();
            html.append("<section><h2>").append(Html.escape(meeting.title())).append("</h2><p>")
                    .append(Html.escape(call.text("meeting.when", BelgianFormats.date(language, meeting.heldAt().toLocalDate()),
                            BelgianFormats.time(language, meeting.heldAt().toLocalTime()))))
                    .append(", ").append(Html.escape(meeting.place())).append("</p><ol>");
            for (AgendaItem item : meeting.agenda()) {
                if (item.isPublic()) {
                    html.append("<li>").append(Html.escape(item.title())).append("</li>");
                }
            }
            html.append("</ol></section>");
        }
        html.append("</main></body></html>");
        // Shared caches keep one copy per language: the language comes from these headers.
        call.response().setHeader("Cache-Control", "public, max-age=60");
        call.response().setHeader("Vary", "Accept-Language, Cookie");
        call.html(html.toString());
    }
}
