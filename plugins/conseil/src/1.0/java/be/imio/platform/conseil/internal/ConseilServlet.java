package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
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

import be.imio.platform.api.ImioModule;
import be.imio.platform.api.MenuEntry;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * The council under {@code /modules/conseil/}: its pages ({@link ConseilPages}: staff's, and the
 * public agenda and decisions for citizens under {@code /public/}) and the JSON API for staff
 * ({@code /api/meetings}: plan a meeting, add, order and decide agenda items), in the reader's
 * language; the routes of later releases ({@link ConseilRoutes}) are added while they are there.
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
    private final transient List<ConseilRoutes> sections = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public ConseilServlet(@Reference ConseilDatabase database, BundleContext context) {
        this.council = database.council();
        this.texts = Texts.of(context.getBundle(), ConseilDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/api/meetings", this::list))
                .route(Route.post("/api/meetings", this::plan))
                .route(Route.get("/api/meetings/{meeting}", this::one))
                .route(Route.post("/api/meetings/{meeting}/items", this::addItem))
                .route(Route.post(ITEM + "move", this::move))
                .route(Route.post(ITEM + "decision", this::decide));
        new ConseilPages(council, texts, () -> sections).addTo(router);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(ConseilRoutes more) {
        router.add(more, more.routes(council));
        sections.add(more);
    }

    void removeRoutes(ConseilRoutes more) {
        router.remove(more);
        sections.remove(more);
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
        MeetingDraft draft = MeetingDraft.parse(fields, Clock.system(be.imio.platform.api.BelgianFormats.BRUSSELS), texts);
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
        AgendaChanges.NewItem item = AgendaChanges.item(body, fields, texts);
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        council.addItem(meeting.get().id(), item.title(), item.isPublic());
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
            int position = AgendaChanges.position(fields, meeting);
            if (fields.valid()) {
                council.move(meeting, item.id(), position);
            }
        });
    }

    private void decide(Call call) throws IOException, SQLException {
        changeItem(call, (meeting, item, fields) -> {
            String decision = AgendaChanges.decision(fields, texts);
            if (fields.valid()) {
                council.decide(item.id(), decision, call.user());
            }
        });
    }
}
