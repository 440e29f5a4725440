package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Form;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * The register's pages for staff, in the platform's frame: the register with its search
 * ({@code /}), the form that registers a letter ({@code /new}, posted to {@code /mails}), and a
 * letter's page ({@code /mails/<reference>}) with the form that moves it on (status, service)
 * and what later releases add ({@link MailRoutes#section}). Every change is checked as the JSON
 * API checks it, answered by the page again with each problem next to its field, or confirmed on
 * the page it leads to.
 */
final class MailPages {

    private static final int LISTED = 100;

    private final MailRegister register;
    private final Texts texts;
    private final Clock clock;
    private final Supplier<List<MailRoutes>> sections;

    MailPages(MailRegister register, Texts texts, Clock clock, Supplier<List<MailRoutes>> sections) {
        this.register = register;
        this.texts = texts;
        this.clock = clock;
        this.sections = sections;
    }

    void addTo(Router router) {
        router.route(Route.get("/", this::list).listed("nav.register"))
                .route(Route.get("/new", call -> registerForm(call, null, null, 200)).listed("nav.new"))
                .route(Route.post("/mails", this::registerLetter))
                .route(Route.get("/mails/{reference}", call -> letter(call, null, null, 200)))
                .route(Route.post("/mails/{reference}/status", this::moveOn));
    }

    /** The register: the latest letters, or those the search finds, newest first. */
    private void list(Call call) throws IOException, SQLException {
        String query = call.query("q");
        String service = call.query("service");
        Status status = Status.parse(call.query("status"));
        StringBuilder main = new StringBuilder(4096).append(call.confirmation());
        main.append("<form method=\"get\" class=\"filters\" role=\"search\" action=\"").append(Html.escape(call.href("/")))
                .append("\"><p><label for=\"q\">").append(escape(call.text("search.label"))).append("</label>")
                .append("<input type=\"text\" id=\"q\" name=\"q\" value=\"").append(escape(query)).append("\"></p>")
                .append("<p><label for=\"service\">").append(escape(call.text("column.service"))).append("</label>")
                .append("<input type=\"text\" id=\"service\" name=\"service\" value=\"").append(escape(service))
                .append("\"></p><p><label for=\"status\">").append(escape(call.text("column.status")))
                .append("</label><select id=\"status\" name=\"status\"><option value=\"\">")
                .append(escape(call.text("search.any"))).append("</option>");
        for (Status each : Status.values()) {
            main.append("<option value=\"").append(each.id()).append('"').append(each == status ? " selected" : "")
                    .append('>').append(escape(call.text(each.key()))).append("</option>");
        }
        main.append("</select></p><p><button type=\"submit\">").append(escape(call.text("search.button")))
                .append("</button></p></form>");
        List<Mail> found = register.search(query, null, service, status, LISTED);
        main.append(table(call, found, call.text("table.caption"), null, List.of()));
        call.page(call.text("page.title"), main.toString());
    }

    /**
     * The letters {@code mails} in a table: reference (a link to the letter's page), direction,
     * correspondent, subject, date, service, status, then, when {@code extraHead} is not null, one
     * more column: its head, and its cell per letter in {@code extra}, in the same order.
     */
    static String table(Call call, List<Mail> mails, String caption, String extraHead, List<String> extra) {
        if (mails.isEmpty()) {
            return "<p>" + escape(call.text("table.empty")) + "</p>";
        }
        StringBuilder html = new StringBuilder(4096).append("<table><caption>").append(escape(caption))
                .append("</caption><thead><tr>");
        for (String column : new String[] {"reference", "direction", "correspondent", "subject", "date", "service",
                "status"}) {
            html.append("<th scope=\"col\">").append(escape(call.text("column." + column))).append("</th>");
        }
        if (extraHead != null) {
            html.append("<th scope=\"col\">").append(escape(extraHead)).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        for (int i = 0; i < mails.size(); i++) {
            Mail mail = mails.get(i);
            html.append("<tr><th scope=\"row\"><a href=\"").append(Html.escape(call.href("/mails/" + mail.reference())))
                    .append("\">").append(mail.reference()).append("</a></th><td>")
                    .append(escape(call.text("direction." + mail.direction().id()))).append("</td><td>")
                    .append(escape(mail.correspondent())).append("</td><td>").append(escape(mail.subject()))
                    .append("</td><td>").append(BelgianFormats.date(call.language(), mail.date())).append("</td><td>")
                    .append(escape(mail.service())).append("</td><td>").append(escape(call.text(mail.status().key())))
                    .append("</td>");
            if (extraHead != null) {
                html.append("<td>").append(escape(extra.get(i))).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</tbody></table>").toString();
    }

    /** The form that registers a letter; {@code sent} and {@code checked} when it comes back refused. */
    private void registerForm(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException {
        List<Form.Option> directions = new ArrayList<>();
        for (Direction direction : Direction.values()) {
            directions.add(new Form.Option(direction.id(), call.text("direction." + direction.id())));
        }
        String form = new Form(call, "/mails").id("register").problems(checked).values(sent)
                .select("direction", "column.direction", directions, Direction.INCOMING.id())
                .text("correspondent", "label.correspondent", "", 200)
                .text("subject", "column.subject", "", 300)
                .date("date", "label.date", LocalDate.now(clock))
                .text("service", "column.service", "", 100)
                .html("button.register");
        call.page(status, call.text("page.new"), form.isEmpty() ? readOnly(call) : form);
    }

    private void registerLetter(Call call) throws IOException, SQLException {
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(sent);
        try {
            Mail mail = register.register(MailDraft.parse(sent, fields, clock, texts), call.user());
            call.seeOther("/mails/" + mail.reference() + "?done=registered");
        } catch (InvalidInput invalid) {
            registerForm(call, sent, fields, 400);
        }
    }

    /** A letter's page: what the register holds, the form that moves it on, what later releases add. */
    private void letter(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        Optional<Mail> found = find(call);
        if (found.isEmpty()) {
            return;
        }
        Mail mail = found.get();
        StringBuilder main = new StringBuilder(4096).append(call.confirmation()).append("<dl class=\"facts\">");
        fact(main, call.text("column.direction"), call.text("direction." + mail.direction().id()));
        fact(main, call.text("column.correspondent"), mail.correspondent());
        fact(main, call.text("column.subject"), mail.subject());
        fact(main, call.text("column.date"), BelgianFormats.date(call.language(), mail.date()));
        fact(main, call.text("column.service"), mail.service());
        fact(main, call.text("column.status"), call.text(mail.status().key()));
        fact(main, call.text("label.registered"), call.text("label.registered_by", mail.registeredBy(),
                BelgianFormats.dateTime(call.language(), mail.registeredAt())));
        main.append("</dl>");
        if (!mail.status().next().isEmpty()) {
            List<Form.Option> next = new ArrayList<>();
            for (Status each : Status.values()) {
                if (mail.status().next().contains(each)) {
                    next.add(new Form.Option(each.id(), call.text(each.key())));
                }
            }
            String form = new Form(call, "/mails/" + mail.reference() + "/status").id("move").problems(checked)
                    .values(sent).select("status", "label.next_status", next, next.get(0).value())
                    .text("service", "label.new_service", "", 100).optional()
                    .html("button.move");
            if (!form.isEmpty()) {
                main.append("<h2>").append(escape(call.text("heading.move"))).append("</h2>").append(form);
            }
        }
        for (MailRoutes more : sections.get()) {
            main.append(more.section(call, mail, register));
        }
        main.append("<p><a href=\"").append(Html.escape(call.href("/"))).append("\">")
                .append(escape(call.text("link.back"))).append("</a></p>");
        call.page(status, call.text("page.letter", mail.reference()), main.toString());
    }

    private void moveOn(Call call) throws IOException, SQLException {
        Optional<Mail> found = find(call);
        ObjectNode sent = found.isEmpty() ? null : call.form();
        if (sent == null) {
            return;
        }
        if (sent.path("service").asText("").isBlank()) {
            sent.remove("service"); // left empty: the letter stays with its service
        }
        JsonFields fields = JsonFields.ofForm(sent);
        try {
            StatusChange change = StatusChange.parse(sent, fields, found.get(), texts);
            register.change(found.get().reference(), change.status(), change.service());
            call.seeOther("/mails/" + found.get().reference() + "?done=moved");
        } catch (InvalidInput invalid) {
            letter(call, sent, fields, invalid.conflict() ? 409 : 400);
        }
    }

    /** The letter the path names, or empty once a page saying it is unknown is answered (404). */
    private Optional<Mail> find(Call call) throws IOException, SQLException {
        MailReference reference = MailReference.parse(call.path("reference"));
        Optional<Mail> mail = reference == null ? Optional.empty() : register.find(reference);
        if (mail.isEmpty()) {
            call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">"
                    + escape(call.text("error.unknown_mail", call.path("reference"))) + "</p><p><a href=\""
                    + Html.escape(call.href("/")) + "\">" + escape(call.text("link.back")) + "</a></p>");
        }
        return mail;
    }

    static String readOnly(Call call) {
        return "<p>" + escape(call.text("page.read_only")) + "</p>";
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}
