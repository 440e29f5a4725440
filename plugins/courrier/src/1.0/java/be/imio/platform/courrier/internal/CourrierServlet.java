package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
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
 * The register under {@code /modules/courrier/}: its pages ({@link MailPages}) and the JSON API
 * ({@code /api/mails}: search, register, read one, change its status or service), in the reader's
 * language; the routes of later releases ({@link MailRoutes}) are added while they are there.
 */
@Component(service = Servlet.class)
@ImioModule(CourrierDatabase.MODULE)
@MenuEntry(fr = "Registre du courrier", en = "Mail registry", de = "Postregister")
public final class CourrierServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient MailRegister register;
    // Brussels, whatever the machine's zone: "not in the future" is the commune's today.
    private final transient Clock clock = Clock.system(BelgianFormats.BRUSSELS);
    private final transient Texts texts;
    private final transient Router router;
    private final transient java.util.List<MailRoutes> sections = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public CourrierServlet(@Reference CourrierDatabase database, BundleContext context) {
        this.register = database.register();
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/api/mails", this::search))
                .route(Route.post("/api/mails", this::create))
                .route(Route.get("/api/mails/{reference}", this::one))
                .route(Route.post("/api/mails/{reference}/status", this::changeStatus));
        new MailPages(register, texts, clock, () -> sections).addTo(router);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(MailRoutes more) {
        router.add(more, more.routes(register));
        sections.add(more);
    }

    void removeRoutes(MailRoutes more) {
        router.remove(more);
        sections.remove(more);
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
        try {
            StatusChange change = StatusChange.parse(body, new JsonFields(body), mail, texts);
            register.change(mail.reference(), change.status(), change.service());
            call.json(200, MailJson.of(register.find(mail.reference()).orElseThrow(), texts, call.language()));
        } catch (InvalidInput invalid) {
            // As 1.0.0 answered: the status's problems with their own codes, the service's as a field.
            if (invalid.conflict()) {
                call.error(409, "bad_transition", invalid.fields().problems().get("status"));
            } else if (invalid.fields().problems().containsKey("status")) {
                call.error(400, "bad_status", invalid.fields().problems().get("status"));
            } else {
                call.invalid(invalid.fields());
            }
        }
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
