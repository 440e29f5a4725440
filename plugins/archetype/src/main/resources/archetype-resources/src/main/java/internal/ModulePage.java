package ${package}.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

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

import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.json.JsonAnswers;

/**
 * The module's pages under {@code /modules/${artifactId}/} (staff log in; the host serves them and
 * keeps them answering while the module is updated): the page ({@code /}, French, or English with
 * {@code ?lang=en} or the browser's language) and the JSON API ({@code GET /api/notes}, and
 * {@code POST /api/notes} with {@code {"text": "..."}} for an administrator).
 */
@Component(service = Servlet.class, property = {WebContexts.MODULE + "=" + ModuleDatabase.MODULE,
        WebContexts.MENU_FR + "=${title}", WebContexts.MENU_EN + "=${titleEn}"})
public final class ModulePage extends HttpServlet {

    private static final long serialVersionUID = 1L;
    /** Dates and times as Belgian staff read them. */
    private static final DateTimeFormatter BELGIAN = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm")
            .withZone(ZoneId.of("Europe/Brussels"));

    private final transient ModuleDatabase database;
    private final transient Texts texts;
    private final transient Clock clock = Clock.systemUTC();

    @Activate
    public ModulePage(@Reference ModuleDatabase database, BundleContext context) {
        this.database = database;
        this.texts = Texts.of(context.getBundle(), ModuleDatabase.MODULE);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            if ("GET".equals(method) && path.equals("/")) {
                page(request, response);
            } else if ("GET".equals(method) && path.equals("/api/notes")) {
                list(response);
            } else if ("POST".equals(method) && path.equals("/api/notes")) {
                add(request, response);
            } else {
                JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            }
        } catch (SQLException e) {
            JsonAnswers.error(response, 503, "unavailable", "notes indisponibles / notes unavailable");
        }
    }

    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        Locale language = Texts.language(request.getParameter("lang"), request.getHeader("Accept-Language"));
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(language.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(texts.get(language, "page.title")))
                .append("</title></head><body><main><h1>").append(Html.escape(texts.get(language, "page.title")))
                .append("</h1><p>").append(Html.escape(texts.get(language, "page.intro"))).append("</p>");
        var notes = database.newest(50);
        if (notes.isEmpty()) {
            html.append("<p>").append(Html.escape(texts.get(language, "page.empty"))).append("</p>");
        } else {
            html.append("<ul>");
            for (Note note : notes) {
                html.append("<li>").append(Html.escape(note.text())).append(" <small>")
                        .append(Html.escape(texts.get(language, "note.written", note.writtenBy(),
                                BELGIAN.format(note.writtenAt()))))
                        .append("</small></li>");
            }
            html.append("</ul>");
        }
        html.append("</main></body></html>\n");
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write(html.toString());
    }

    private void list(HttpServletResponse response) throws IOException, SQLException {
        ObjectNode body = JsonAnswers.JSON.createObjectNode();
        ArrayNode list = body.putArray("notes");
        for (Note note : database.newest(500)) {
            list.addObject().put("text", note.text()).put("writtenBy", note.writtenBy())
                    .put("writtenAt", note.writtenAt().toString());
        }
        JsonAnswers.send(response, 200, body);
    }

    private void add(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return; // answered: not an administrator, not JSON, or not readable
        }
        String text = body.path("text").isTextual() ? body.path("text").asText() : null;
        var problem = Note.problemWith(text);
        if (problem.isPresent()) {
            JsonAnswers.invalid(response, Map.of("text", texts.get(Texts.FRENCH, problem.get(), Note.MAX_LENGTH)
                    + " / " + texts.get(Texts.ENGLISH, problem.get(), Note.MAX_LENGTH)));
            return;
        }
        Note note = new Note(text.strip(), request.getRemoteUser(), clock.instant());
        database.add(note);
        ObjectNode saved = JsonAnswers.JSON.createObjectNode().put("text", note.text())
                .put("writtenBy", note.writtenBy()).put("writtenAt", note.writtenAt().toString());
        JsonAnswers.send(response, 201, saved);
    }
}
