package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.Html;
import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.json.JsonFields;

/**
 * Since 1.1.0: how the council voted on a decided item ({@code POST
 * /api/meetings/<m>/items/<i>/vote} with {@code {"for": 15, "against": 3, "abstained": 1}}), and
 * for citizens the public decisions with their votes ({@code /public/decisions}).
 */
@Component(service = ConseilRoute.class)
public final class Votes implements ConseilRoute {

    /** A council of a Walloon commune has at most 55 members (Liège, Charleroi...); room to spare. */
    static final int MAX_MEMBERS = 100;

    @Override
    public boolean answers(String method, String path) {
        return "GET".equals(method) && path.equals("/public/decisions")
                || "POST".equals(method) && path.matches("/api/meetings/\\d{1,18}/items/\\d{1,18}/vote");
    }

    @Override
    public void answer(HttpServletRequest request, HttpServletResponse response, Council council)
            throws IOException, SQLException {
        String path = request.getPathInfo();
        if (path.equals("/public/decisions")) {
            decisions(response, council);
            return;
        }
        String[] parts = path.split("/");
        long meeting = Long.parseLong(parts[3]);
        long item = Long.parseLong(parts[5]);
        var found = council.meeting(meeting).flatMap(m -> m.agenda().stream().filter(i -> i.id() == item).findFirst());
        if (found.isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_item", "point inconnu / unknown agenda item");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        if (found.get().decision() == null) {
            JsonAnswers.error(response, 409, "no_decision", "enregistrez d'abord la décision / record the decision first");
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        int yes = JsonFields.number(body, "for", 0, MAX_MEMBERS, errors);
        int no = JsonFields.number(body, "against", 0, MAX_MEMBERS, errors);
        int abstained = JsonFields.number(body, "abstained", 0, MAX_MEMBERS, errors);
        if (errors.isEmpty() && yes + no + abstained == 0) {
            errors.put("for", "au moins un vote / at least one vote");
        }
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE CONSEIL_ITEM SET VOTES_FOR = ?, VOTES_AGAINST = ?,"
                        + " VOTES_ABSTAINED = ? WHERE ID = ?")) {
            update.setInt(1, yes);
            update.setInt(2, no);
            update.setInt(3, abstained);
            update.setLong(4, item);
            update.executeUpdate();
        }
        JsonAnswers.send(response, 200, ConseilJson.JSON.createObjectNode().put("item", item).put("for", yes)
                .put("against", no).put("abstained", abstained));
    }

    private static void decisions(HttpServletResponse response, Council council) throws IOException, SQLException {
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<title>Décisions du conseil communal</title></head><body><main><h1>Décisions du conseil communal</h1>"
                + "<p lang=\"en\">Council decisions</p><table><thead><tr><th scope=\"col\">Séance</th>"
                + "<th scope=\"col\">Point</th><th scope=\"col\">Décision</th><th scope=\"col\">Pour</th>"
                + "<th scope=\"col\">Contre</th><th scope=\"col\">Abstentions</th></tr></thead><tbody>");
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT M.TITLE, I.TITLE, I.DECISION, I.VOTES_FOR,"
                        + " I.VOTES_AGAINST, I.VOTES_ABSTAINED FROM CONSEIL_ITEM I JOIN CONSEIL_MEETING M ON M.ID = I.MEETING_ID"
                        + " WHERE I.IS_PUBLIC = 1 AND I.DECISION IS NOT NULL AND I.VOTES_FOR IS NOT NULL"
                        + " ORDER BY M.HELD_AT DESC, I.POSITION");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                html.append("<tr><td>").append(Html.escape(rows.getString(1))).append("</td><td>")
                        .append(Html.escape(rows.getString(2))).append("</td><td>").append(Html.escape(rows.getString(3)))
                        .append("</td><td>").append(rows.getInt(4)).append("</td><td>").append(rows.getInt(5))
                        .append("</td><td>").append(rows.getInt(6)).append("</td></tr>");
            }
        }
        html.append("</tbody></table></main></body></html>");
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }
}
