package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Since 1.1.0: a due date per letter ({@code POST /api/mails/<ref>/due} with {@code {"dueOn":
 * "15/12/2026"}}, or {@code null} to remove it) and the letters not closed past their due date
 * ({@code GET /api/overdue}), oldest due first.
 */
@Component(service = MailRoutes.class)
public final class DueDates implements MailRoutes {

    private final Clock clock = Clock.systemDefaultZone();
    private final Texts texts;

    @Activate
    public DueDates(BundleContext context) {
        this.texts = Texts.of(context.getBundle(), CourrierDatabase.MODULE);
    }

    @Override
    public List<Route> routes(MailRegister register) {
        return List.of(Route.get("/api/overdue", call -> overdue(call, register)),
                Route.post("/api/mails/{reference}/due", call -> due(call, register)));
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
        LocalDate due = null;
        if (!body.path("dueOn").isNull() && !body.path("dueOn").isMissingNode()) {
            JsonFields fields = new JsonFields(body);
            due = fields.date("dueOn");
            if (!fields.valid()) {
                call.invalid(fields);
                return;
            }
        }
        try (Connection c = register.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement(
                        "UPDATE COURRIER_MAIL SET DUE_ON = ? WHERE REF_YEAR = ? AND REF_NUMBER = ?")) {
            update.setDate(1, due == null ? null : Date.valueOf(due));
            update.setInt(2, reference.year());
            update.setInt(3, reference.number());
            update.executeUpdate();
        }
        ObjectNode mail = MailJson.of(register.find(reference).orElseThrow(), texts, call.language());
        mail.put("dueOn", due == null ? null : due.toString());
        call.json(200, mail);
    }

    private void overdue(Call call, MailRegister register) throws IOException, SQLException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("mails");
        try (Connection c = register.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT REF_YEAR, REF_NUMBER, DUE_ON FROM COURRIER_MAIL"
                        + " WHERE DUE_ON < ? AND STATUS <> ? ORDER BY DUE_ON, REF_YEAR, REF_NUMBER")) {
            query.setDate(1, Date.valueOf(LocalDate.now(clock)));
            query.setString(2, Status.CLOSED.id());
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    MailReference reference = new MailReference(rows.getInt(1), rows.getInt(2));
                    List<Mail> found = register.query("WHERE REF_YEAR = ? AND REF_NUMBER = ?",
                            List.of(reference.year(), reference.number()), 1);
                    if (!found.isEmpty()) {
                        list.add(MailJson.of(found.get(0), texts, call.language()).put("dueOn", rows.getDate(3).toLocalDate().toString()));
                    }
                }
            }
        }
        call.json(200, body);
    }
}
