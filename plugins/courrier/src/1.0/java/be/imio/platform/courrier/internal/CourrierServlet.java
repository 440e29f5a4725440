package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
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
 * The register's pages under {@code /modules/courrier/}: the staff page ({@code /}) and the JSON
 * API ({@code /api/mails}: search, register, read one, change its status or service), in the
 * reader's language.
 */
@Component(service = Servlet.class)
@ImioModule(CourrierDatabase.MODULE)
@MenuEntry(fr = "Registre du courrier", en = "Mail registry", de = "Postregister")
public final class CourrierServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MailRegister register;
    private final transient Clock clock = Clock.systemDefaultZone();
    private final transient Texts texts;
    private final transient Router router;

    @Activate
    public CourrierServlet(@Reference CourrierDatabase database, BundleContext context) {
        this.register = database.register();
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/", this::page))
                .route(Route.get("/api/mails", this::search))
                .route(Route.post("/api/mails", this::create))
                .route(Route.get("/api/mails/{reference}", this::one))
                .route(Route.post("/api/mails/{reference}/status", this::changeStatus));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(MailRoutes more) {
        router.add(more, more.routes(register));
    }

    void removeRoutes(MailRoutes more) {
        router.remove(more);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response);
    }

    private void search(Call call) throws IOException, SQLException {
        Integer year = null;
        if (!call.query("year").isEmpty()) {
            if (!call.query("year").matches("\\d{4}")) {
                call.error(400, "bad_year", "error.bad_year");
                return;
            }
            year = Integer.parseInt(call.query("year"));
        }
        Status status = null;
        if (!call.query("status").isEmpty()) {
            status = Status.parse(call.query("status"));
            if (status == null) {
                call.error(400, "bad_status", "error.bad_status");
                return;
            }
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("mails");
        for (Mail mail : register.search(call.request().getParameter("q"), year, call.request().getParameter("service"),
                status, 500)) {
            list.add(MailJson.of(mail, texts, call.language()));
        }
        call.json(200, body);
    }

    private void create(Call call) throws IOException, SQLException {
        JsonNode body = call.adminChange(16 * 1024);
        if (body == null) {
            return;
        }
        try {
            Mail mail = register.register(MailDraft.parse(body, clock, texts), call.user());
            call.response().setHeader("Location", call.request().getContextPath() + call.request().getServletPath()
                    + "/api/mails/" + mail.reference());
            call.json(201, MailJson.of(mail, texts, call.language()));
        } catch (InvalidInput invalid) {
            call.invalid(invalid.fields());
        }
    }

    /** The letter the path names, or empty once 404 {@code unknown_mail} is answered. */
    private Optional<Mail> mail(Call call) throws IOException, SQLException {
        MailReference reference = MailReference.parse(call.path("reference"));
        Optional<Mail> mail = reference == null ? Optional.empty() : register.find(reference);
        if (mail.isEmpty()) {
            call.error(404, "unknown_mail", "error.unknown_mail", call.path("reference"));
        }
        return mail;
    }

    private void one(Call call) throws IOException, SQLException {
        Optional<Mail> mail = mail(call);
        if (mail.isPresent()) {
            call.json(200, MailJson.of(mail.get(), texts, call.language()));
        }
    }

    private void changeStatus(Call call) throws IOException, SQLException {
        Optional<Mail> found = mail(call);
        JsonNode body = found.isEmpty() ? null : call.adminChange(16 * 1024);
        if (body == null) {
            return;
        }
        Mail mail = found.get();
        Status next = Status.parse(body.path("status").asText(null));
        if (next == null) {
            call.error(400, "bad_status", "error.bad_status");
            return;
        }
        if (!mail.status().next().contains(next)) {
            call.error(409, "bad_transition", "error.bad_transition", texts.message(mail.status().key()),
                    texts.message(next.key()));
            return;
        }
        String service = null;
        if (body.hasNonNull("service")) {
            JsonFields fields = new JsonFields(body);
            service = fields.text("service", 100, texts.message("field.service"));
            if (!fields.valid()) {
                call.invalid(fields);
                return;
            }
        }
        register.change(mail.reference(), next, service);
        call.json(200, MailJson.of(register.find(mail.reference()).orElseThrow(), texts, call.language()));
    }

    /** The staff page: the latest letters, or those found, in a table, in the reader's language. */
    private void page(Call call) throws IOException, SQLException {
        Locale language = call.language();
        String query = call.request().getParameter("q") == null ? "" : call.request().getParameter("q");
        StringBuilder rows = new StringBuilder();
        for (Mail mail : register.search(query, null, null, null, 100)) {
            rows.append("<tr><td>").append(mail.reference()).append("</td><td>")
                    .append(escape(call.text("direction." + mail.direction().id()))).append("</td><td>")
                    .append(escape(mail.correspondent())).append("</td><td>").append(escape(mail.subject()))
                    .append("</td><td>").append(BelgianFormats.date(language, mail.date())).append("</td><td>")
                    .append(escape(mail.service())).append("</td><td>")
                    .append(escape(call.text(mail.status().key()))).append("</td></tr>");
        }
        StringBuilder header = new StringBuilder();
        for (String column : new String[] {"reference", "direction", "correspondent", "subject", "date", "service", "status"}) {
            header.append("<th scope=\"col\">").append(escape(call.text("column." + column))).append("</th>");
        }
        call.html("<!DOCTYPE html><html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + escape(call.text("page.title")) + "</title></head><body><main><h1>"
                + escape(call.text("page.title")) + "</h1><p>" + Html.languageLinks(language) + "</p>"
                + "<form method=\"get\"><input type=\"hidden\" name=\"lang\" value=\"" + language.getLanguage() + "\">"
                + "<label for=\"q\">" + escape(call.text("search.label")) + "</label> "
                + "<input id=\"q\" name=\"q\" value=\"" + escape(query) + "\"> <button>"
                + escape(call.text("search.button")) + "</button></form>"
                + "<table><caption>" + escape(call.text("table.caption")) + "</caption><thead><tr>" + header
                + "</tr></thead><tbody>" + rows + "</tbody></table></main></body></html>");
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
