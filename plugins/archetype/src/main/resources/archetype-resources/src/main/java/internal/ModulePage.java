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
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * The module's pages under {@code /modules/${artifactId}/} (staff log in; the host serves them and
 * keeps them answering while the module is updated): the page ({@code /}) and the JSON API
 * ({@code GET /api/notes}, and {@code POST /api/notes} with {@code {"text": "..."}} for an
 * administrator), in French, English or German: {@code ?lang=}, the reader's remembered choice or
 * the browser's language. The SDK's router answers unknown pages and an unreachable database.
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
                .route(Route.get("/", this::page))
                .route(Route.get("/api/notes", this::list))
                .route(Route.post("/api/notes", this::add));
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response);
    }

    private void page(Call call) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(language.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(call.text("page.title")))
                .append("</title></head><body><main><h1>").append(Html.escape(call.text("page.title")))
                .append("</h1><p>").append(Html.languageLinks(language)).append("</p><p>")
                .append(Html.escape(call.text("page.intro"))).append("</p>");
        var notes = database.newest(50);
        if (notes.isEmpty()) {
            html.append("<p>").append(Html.escape(call.text("page.empty"))).append("</p>");
        } else {
            html.append("<ul>");
            for (Note note : notes) {
                html.append("<li>").append(Html.escape(note.text())).append(" <small>")
                        .append(Html.escape(call.text("note.written", note.writtenBy(),
                                BelgianFormats.dateTime(language, note.writtenAt()))))
                        .append("</small></li>");
            }
            html.append("</ul>");
        }
        call.html(html.append("</main></body></html>\n").toString());
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
        String text = body.path("text").isTextual() ? body.path("text").asText() : null;
        var problem = Note.problemWith(text);
        if (problem.isPresent()) {
            JsonFields fields = new JsonFields(body);
            fields.reject("text", call.message(problem.get(), Note.MAX_LENGTH));
            call.invalid(fields);
            return;
        }
        Note note = new Note(text.strip(), call.user(), clock.instant());
        database.add(note);
        call.json(201, json(note));
    }

    private static ObjectNode json(Note note) {
        return Json.object().put("text", note.text()).put("writtenBy", note.writtenBy())
                .put("writtenAt", note.writtenAt().toString());
    }
}
