package ${package}.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

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
import be.imio.platform.api.web.Form;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * The module's pages under {@code /modules/${artifactId}/} (staff log in; the host serves them and
 * keeps them answering while the module is updated): the page ({@code /}, in the platform's frame,
 * with the form that keeps a note, posted to {@code /notes}) and the JSON API ({@code GET
 * /api/notes}, and {@code POST /api/notes} with {@code {"text": "..."}} for an administrator), in
 * French, English or German: {@code ?lang=}, the reader's choice in the console or the browser's
 * language. The form and the API check a note the same way. The SDK's router answers unknown pages
 * and an unreachable database.
 */
@Component(service = Servlet.class)
@ImioModule(ModuleDatabase.MODULE)
@MenuEntry(fr = "${title}", en = "${titleEn}", de = "${titleDe}")
public final class ModulePage extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient ModuleDatabase database;
    private final transient Clock clock = Clock.systemUTC();
    private final transient Router router;

    @Activate
    public ModulePage(@Reference ModuleDatabase database, BundleContext context) {
        this.database = database;
        this.router = new Router(Texts.of(context.getBundle(), ModuleDatabase.MODULE)).unavailable("notes.unavailable")
                .route(Route.get("/", call -> page(call, null, null, 200)).listed("nav.notes"))
                .route(Route.post("/notes", this::keep))
                .route(Route.get("/api/notes", this::list))
                .route(Route.post("/api/notes", this::add));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response);
    }

    /** The notes, newest first, and the form that keeps one ({@code sent} and {@code checked} when it was refused). */
    private void page(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder main = new StringBuilder(call.confirmation()).append("<p>")
                .append(Html.escape(call.text("page.intro"))).append("</p>")
                .append(new Form(call, "/notes").id("note").problems(checked).values(sent)
                        .textarea("text", "note.label", "", Note.MAX_LENGTH).html("note.keep"));
        var notes = database.newest(50);
        if (notes.isEmpty()) {
            main.append("<p>").append(Html.escape(call.text("page.empty"))).append("</p>");
        } else {
            main.append("<ul>");
            for (Note note : notes) {
                main.append("<li>").append(Html.escape(note.text())).append(" <small>")
                        .append(Html.escape(call.text("note.written", note.writtenBy(),
                                BelgianFormats.dateTime(language, note.writtenAt()))))
                        .append("</small></li>");
            }
            main.append("</ul>");
        }
        call.page(status, call.text("page.title"), main.toString());
    }

    /** The form's note: checked as the API checks it, kept, then the page says so. */
    private void keep(Call call) throws IOException, SQLException {
        ObjectNode sent = call.form();
        if (sent == null) {
            return; // answered: not an administrator, or not a form
        }
        JsonFields fields = JsonFields.ofForm(sent);
        Note note = note(sent, fields, call);
        if (note == null) {
            page(call, sent, fields, 400);
            return;
        }
        database.add(note);
        call.seeOther("/?done=kept");
    }

    /** The note {@code body} asks for, or null with its problem in {@code fields}. */
    private Note note(JsonNode body, JsonFields fields, Call call) {
        String text = body.path("text").isTextual() ? body.path("text").asText() : null;
        var problem = Note.problemWith(text);
        if (problem.isPresent()) {
            fields.reject("text", call.message(problem.get(), Note.MAX_LENGTH));
            return null;
        }
        return new Note(text.strip(), call.user(), clock.instant());
    }

    private void list(Call call) throws IOException, SQLException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("notes");
        for (Note note : database.newest(500)) {
            list.add(json(note));
        }
        call.json(200, body);
    }

    private void add(Call call) throws IOException, SQLException {
        JsonNode body = call.adminChange(16 * 1024);
        if (body == null) {
            return; // answered: not an administrator, not JSON, or not readable
        }
        JsonFields fields = new JsonFields(body);
        Note note = note(body, fields, call);
        if (note == null) {
            call.invalid(fields);
            return;
        }
        database.add(note);
        call.json(201, json(note));
    }

    private static ObjectNode json(Note note) {
        return Json.object().put("text", note.text()).put("writtenBy", note.writtenBy())
                .put("writtenAt", note.writtenAt().toString());
    }
}
