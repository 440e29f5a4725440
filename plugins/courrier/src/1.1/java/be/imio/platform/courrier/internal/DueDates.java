package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Form;
import be.imio.platform.api.web.Route;

/**
 * Since 1.1.0: a due date per letter and the letters not closed past their due date, oldest due
 * first. In the JSON API: {@code POST /api/mails/<ref>/due} with {@code {"dueOn": "15/12/2026"}}
 * (or {@code null} to remove it) and {@code GET /api/overdue}; on the pages: a section of the
 * letter's page with its form (posted to {@code /mails/<ref>/due}, left empty to remove it) and
 * the page of late letters ({@code /late}).
 */
@Component(service = MailRoutes.class)
public final class DueDates implements MailRoutes {

    private final Clock clock = Clock.system(BelgianFormats.BRUSSELS);
    private final Texts texts;

    @Activate
    public DueDates(BundleContext context) {
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
    }

    @Override
    public List<Route> routes(MailRegister register) {
        return List.of(Route.get("/api/overdue", call -> overdue(call, register)),
                Route.post("/api/mails/{reference}/due", call -> due(call, register)),
                Route.get("/late", call -> latePage(call, register)).listed("nav.late"),
                Route.post("/mails/{reference}/due", call -> dueForm(call, register)));
    }

    /**
     * The due date {@code json} asks for {@code mail}, read through {@code fields}: null (no due
     * date) when it is null, absent or empty; never before the letter's own date.
     */
    private LocalDate parse(JsonNode json, JsonFields fields, Mail mail) throws InvalidInput {
        JsonNode value = json.path("dueOn");
        if (value.isNull() || value.isMissingNode() || value.isTextual() && value.asText().isBlank()) {
            return null;
        }
        LocalDate due = fields.date("dueOn");
        if (due != null && due.isBefore(mail.date())) {
            fields.reject("dueOn", texts.message("error.due_before_letter"));
        }
        if (!fields.valid()) {
            throw new InvalidInput(fields);
        }
        return due;
    }

    private void due(Call call, MailRegister register) throws IOException, SQLException {
        MailReference reference = MailReference.parse(call.path("reference"));
        if (reference == null || register.find(reference).isEmpty()) {
            call.error(404, "unknown_mail", "error.unknown_mail", call.path("reference"));
            return;
        }
        JsonNode body = call.adminChange(16 * 1024);
        if (body == null) {
            return;
        }
        JsonFields fields = new JsonFields(body);
        try {
            LocalDate due = parse(body, fields, register.find(reference).orElseThrow());
            store(register, reference, due);
            ObjectNode mail = MailJson.of(register.find(reference).orElseThrow(), texts, call.language());
            mail.put("dueOn", due == null ? null : due.toString());
            call.json(200, mail);
        } catch (InvalidInput invalid) {
            call.invalid(fields);
        }
    }

    private void dueForm(Call call, MailRegister register) throws IOException, SQLException {
        MailReference reference = MailReference.parse(call.path("reference"));
        if (reference == null || register.find(reference).isEmpty()) {
            call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(call.text("error.unknown_mail", call.path("reference"))) + "</p>");
            return;
        }
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(sent);
        try {
            store(register, reference, parse(sent, fields, register.find(reference).orElseThrow()));
            call.seeOther("/mails/" + reference + "?done=due");
        } catch (InvalidInput invalid) {
            Mail mail = register.find(reference).orElseThrow();
            call.page(400, call.text("page.letter", reference), dueSection(call, mail, dueOn(register, reference),
                    sent, fields) + "<p><a href=\"" + Html.escape(call.href("/mails/" + reference)) + "\">"
                    + Html.escape(call.text("page.letter", reference)) + "</a></p>");
        }
    }

    private static void store(MailRegister register, MailReference reference, LocalDate due) throws SQLException {
        try (Connection c = register.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE COURRIER_MAIL SET DUE_ON = ? WHERE REF_YEAR = ? AND REF_NUMBER = ?")) {
            update.setDate(1, due == null ? null : Date.valueOf(due));
            update.setInt(2, reference.year());
            update.setInt(3, reference.number());
            update.executeUpdate();
        }
    }

    private static Optional<LocalDate> dueOn(MailRegister register, MailReference reference) throws SQLException {
        try (Connection c = register.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement(
                        "SELECT DUE_ON FROM COURRIER_MAIL WHERE REF_YEAR = ? AND REF_NUMBER = ?")) {
            query.setInt(1, reference.year());
            query.setInt(2, reference.number());
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() && rows.getDate(1) != null ? Optional.of(rows.getDate(1).toLocalDate()) : Optional.empty();
            }
        }
    }

    /** A letter's page: its due date, and the form that sets it. */
    @Override
    public String section(Call call, Mail mail, MailRegister register) throws SQLException {
        return dueSection(call, mail, dueOn(register, mail.reference()), null, null);
    }

    private String dueSection(Call call, Mail mail, Optional<LocalDate> due, ObjectNode sent, JsonFields checked) {
        boolean late = due.isPresent() && due.get().isBefore(LocalDate.now(clock)) && mail.status() != Status.CLOSED;
        String state = due.isEmpty() ? call.text("due.none")
                : call.text(late ? "due.late" : "due.current", BelgianFormats.date(call.language(), due.get()));
        return "<h2>" + Html.escape(call.text("heading.due")) + "</h2><p" + (late ? " class=\"error\"" : "") + ">"
                + Html.escape(state) + "</p>"
                + new Form(call, "/mails/" + mail.reference() + "/due").id("due").problems(checked).values(sent)
                        .date("dueOn", "label.due", due.orElse(null)).optional().html("button.due");
    }

    /** The letters not closed past their due date, oldest due first, with it. */
    private List<Object[]> late(MailRegister register) throws SQLException {
        List<Object[]> late = new ArrayList<>();
        try (Connection c = register.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT REF_YEAR, REF_NUMBER, DUE_ON FROM COURRIER_MAIL"
                        + " WHERE DUE_ON < ? AND STATUS <> ? ORDER BY DUE_ON, REF_YEAR, REF_NUMBER")) {
            query.setDate(1, Date.valueOf(LocalDate.now(clock)));
            query.setString(2, Status.CLOSED.id());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    MailReference reference = new MailReference(rows.getInt(1), rows.getInt(2));
                    Optional<Mail> found = register.find(reference);
                    if (found.isPresent()) {
                        late.add(new Object[] {found.get(), rows.getDate(3).toLocalDate()});
                    }
                }
            }
        }
        return late;
    }

    private void overdue(Call call, MailRegister register) throws IOException, SQLException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("mails");
        for (Object[] letter : late(register)) {
            list.add(MailJson.of((Mail) letter[0], texts, call.language()).put("dueOn", letter[1].toString()));
        }
        call.json(200, body);
    }

    private void latePage(Call call, MailRegister register) throws IOException, SQLException {
        List<Mail> mails = new ArrayList<>();
        List<String> due = new ArrayList<>();
        for (Object[] letter : late(register)) {
            mails.add((Mail) letter[0]);
            due.add(BelgianFormats.date(call.language(), (LocalDate) letter[1]));
        }
        call.page(call.text("page.late"), mails.isEmpty() ? "<p>" + Html.escape(call.text("late.none")) + "</p>"
                : MailPages.table(call, mails, call.text("late.caption"), call.text("column.due"), due));
    }
}
