package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

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

import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.json.JsonFields;

/**
 * The register's pages under {@code /modules/courrier/}: the staff page ({@code /}) and the JSON
 * API ({@code /api/mails}: search, register, read one, change its status or service).
 */
@Component(service = Servlet.class, property = {WebContexts.MODULE + "=" + CourrierDatabase.MODULE,
        "imio.menu.fr=Registre du courrier", "imio.menu.en=Mail registry"})
public final class CourrierServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter BELGIAN = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    private final transient MailRegister register;
    private final transient Clock clock = Clock.systemDefaultZone();
    private final transient List<MailRoute> routes = new CopyOnWriteArrayList<>();

    private final transient Texts texts;

    @Activate
    public CourrierServlet(@Reference CourrierDatabase database, BundleContext context) {
        this.register = database.register();
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(MailRoute route) {
        routes.add(route);
    }

    void removeRoute(MailRoute route) {
        routes.remove(route);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            for (MailRoute route : routes) {
                if (route.answers(method, path)) {
                    route.answer(request, response, register);
                    return;
                }
            }
            if ("GET".equals(method) && path.equals("/")) {
                page(request, response);
            } else if ("GET".equals(method) && path.equals("/api/mails")) {
                search(request, response);
            } else if ("POST".equals(method) && path.equals("/api/mails")) {
                create(request, response);
            } else if (path.startsWith("/api/mails/")) {
                one(method, path.substring("/api/mails/".length()), request, response);
            } else {
                JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            }
        } catch (SQLException e) {
            JsonAnswers.error(response, 503, "unavailable", "registre indisponible / register unavailable");
        }
    }

    private void search(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        Integer year = null;
        String yearText = request.getParameter("year");
        if (yearText != null && !yearText.isBlank()) {
            if (!yearText.strip().matches("\\d{4}")) {
                JsonAnswers.error(response, 400, "bad_year", "année sur quatre chiffres / a four-digit year");
                return;
            }
            year = Integer.parseInt(yearText.strip());
        }
        Status status = null;
        if (request.getParameter("status") != null && !request.getParameter("status").isBlank()) {
            status = Status.parse(request.getParameter("status"));
            if (status == null) {
                JsonAnswers.error(response, 400, "bad_status", "statut inconnu / unknown status");
                return;
            }
        }
        ObjectNode body = MailJson.JSON.createObjectNode();
        ArrayNode list = body.putArray("mails");
        for (Mail mail : register.search(request.getParameter("q"), year, request.getParameter("service"), status, 500)) {
            list.add(MailJson.of(mail));
        }
        JsonAnswers.send(response, 200, body);
    }

    private void create(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        try {
            Mail mail = register.register(MailDraft.parse(body, clock), request.getRemoteUser());
            response.setHeader("Location", request.getContextPath() + request.getServletPath() + "/api/mails/"
                    + mail.reference());
            JsonAnswers.send(response, 201, MailJson.of(mail));
        } catch (InvalidInput invalid) {
            JsonAnswers.invalid(response, invalid.fields());
        }
    }

    private void one(String method, String rest, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException {
        String[] parts = rest.split("/", 2);
        MailReference reference = MailReference.parse(parts[0]);
        var mail = reference == null ? java.util.Optional.<Mail>empty() : register.find(reference);
        if (mail.isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_mail", "référence inconnue / unknown reference: " + parts[0]);
        } else if ("GET".equals(method) && parts.length == 1) {
            JsonAnswers.send(response, 200, MailJson.of(mail.get()));
        } else if ("POST".equals(method) && parts.length == 2 && parts[1].equals("status")) {
            changeStatus(mail.get(), request, response);
        } else {
            JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
        }
    }

    private void changeStatus(Mail mail, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        Status next = Status.parse(body.path("status").asText(null));
        if (next == null) {
            JsonAnswers.error(response, 400, "bad_status", "statut inconnu : enregistre, attribue, en_traitement, cloture"
                    + " / unknown status");
            return;
        }
        if (!mail.status().next().contains(next)) {
            JsonAnswers.error(response, 409, "bad_transition", "un courrier « " + mail.status().french()
                    + " » ne peut passer à « " + next.french() + " » / a letter " + mail.status().english()
                    + " cannot become " + next.english());
            return;
        }
        String service = null;
        if (body.hasNonNull("service")) {
            java.util.Map<String, String> errors = new java.util.LinkedHashMap<>();
            service = JsonFields.text(body, "service", 100, "le service", "the service", errors);
            if (!errors.isEmpty()) {
                JsonAnswers.invalid(response, errors);
                return;
            }
        }
        register.change(mail.reference(), next, service);
        JsonAnswers.send(response, 200, MailJson.of(register.find(mail.reference()).orElseThrow()));
    }

    /** The staff page: the latest letters, or those found, in a table; French, or English on request. */
    private void page(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        Locale language = Texts.language(request.getParameter("lang"), request.getHeader("Accept-Language"));
        boolean english = language.equals(Texts.ENGLISH);
        String query = request.getParameter("q") == null ? "" : request.getParameter("q");
        StringBuilder rows = new StringBuilder();
        for (Mail mail : register.search(query, null, null, null, 100)) {
            rows.append("<tr><td>").append(mail.reference()).append("</td><td>")
                    .append(escape(texts.get(language, "direction." + mail.direction().id()))).append("</td><td>")
                    .append(escape(mail.correspondent())).append("</td><td>").append(escape(mail.subject()))
                    .append("</td><td>").append(BELGIAN.format(mail.date())).append("</td><td>")
                    .append(escape(mail.service())).append("</td><td>")
                    .append(escape(english ? mail.status().english() : mail.status().french())).append("</td></tr>");
        }
        StringBuilder header = new StringBuilder();
        for (String column : new String[] {"reference", "direction", "correspondent", "subject", "date", "service", "status"}) {
            header.append("<th scope=\"col\">").append(escape(texts.get(language, "column." + column))).append("</th>");
        }
        String other = english ? "fr" : "en";
        String html = "<!DOCTYPE html><html lang=\"" + language.getLanguage() + "\"><head><meta charset=\"utf-8\"><title>"
                + escape(texts.get(language, "page.title")) + "</title></head><body><main><h1>"
                + escape(texts.get(language, "page.title")) + "</h1><p><a href=\"?lang=" + other + "\" lang=\"" + other
                + "\">" + escape(texts.get(language, "page.other.language")) + "</a></p>"
                + "<form method=\"get\"><input type=\"hidden\" name=\"lang\" value=\"" + language.getLanguage() + "\">"
                + "<label for=\"q\">" + escape(texts.get(language, "search.label")) + "</label> "
                + "<input id=\"q\" name=\"q\" value=\"" + escape(query) + "\"> <button>"
                + escape(texts.get(language, "search.button")) + "</button></form>"
                + "<table><caption>" + escape(texts.get(language, "table.caption")) + "</caption><thead><tr>" + header
                + "</tr></thead><tbody>" + rows + "</tbody></table></main></body></html>";
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Content-Language", language.getLanguage());
        response.getOutputStream().write(html.getBytes(StandardCharsets.UTF_8));
    }

    static String escape(String text) {
        return Html.escape(text);
    }
}
