package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.json.JsonFields;

/**
 * Since 1.1.0: a due date per letter ({@code POST /api/mails/<ref>/due} with {@code {"dueOn":
 * "15/12/2026"}}, or {@code null} to remove it) and the letters not closed past their due date
 * ({@code GET /api/overdue}), oldest due first.
 */
@Component(service = MailRoute.class)
public final class DueDates implements MailRoute {

    private static final String DUE = "/due";

    private final Clock clock = Clock.systemDefaultZone();

    @Override
    public boolean answers(String method, String path) {
        return "GET".equals(method) && path.equals("/api/overdue")
                || "POST".equals(method) && path.startsWith("/api/mails/") && path.endsWith(DUE);
    }

    @Override
    public void answer(HttpServletRequest request, HttpServletResponse response, MailRegister register)
            throws IOException, SQLException {
        String path = request.getPathInfo();
        if (path.equals("/api/overdue")) {
            overdue(response, register);
            return;
        }
        MailReference reference = MailReference.parse(path.substring("/api/mails/".length(), path.length() - DUE.length()));
        if (reference == null || register.find(reference).isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_mail", "référence inconnue / unknown reference");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        LocalDate due = null;
        if (!body.path("dueOn").isNull() && !body.path("dueOn").isMissingNode()) {
            Map<String, String> errors = new LinkedHashMap<>();
            due = JsonFields.date(body, "dueOn", errors);
            if (!errors.isEmpty()) {
                JsonAnswers.invalid(response, errors);
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
        ObjectNode mail = MailJson.of(register.find(reference).orElseThrow());
        mail.put("dueOn", due == null ? null : due.toString());
        JsonAnswers.send(response, 200, mail);
    }

    private void overdue(HttpServletResponse response, MailRegister register) throws IOException, SQLException {
        ObjectNode body = MailJson.JSON.createObjectNode();
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
                        list.add(MailJson.of(found.get(0)).put("dueOn", rows.getDate(3).toLocalDate().toString()));
                    }
                }
            }
        }
        JsonAnswers.send(response, 200, body);
    }
}
