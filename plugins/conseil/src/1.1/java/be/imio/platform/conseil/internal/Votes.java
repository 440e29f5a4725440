package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Since 1.1.0: how the council voted on a decided item ({@code POST
 * /api/meetings/<m>/items/<i>/vote} with {@code {"for": 15, "against": 3, "abstained": 1}}), and
 * for citizens the public decisions with their votes ({@code /public/decisions}).
 */
@Component(service = ConseilRoutes.class)
public final class Votes implements ConseilRoutes {

    /** A council of a Walloon commune has at most 55 members (Liège, Charleroi...); room to spare. */
    static final int MAX_MEMBERS = 100;

    @Override
    public List<Route> routes(Council council) {
        return List.of(Route.get("/public/decisions", call -> decisions(call, council)),
                Route.post("/api/meetings/{meeting:\\d{1,18}}/items/{item:\\d{1,18}}/vote", call -> vote(call, council)));
    }

    private static void vote(Call call, Council council) throws IOException, SQLException {
        long item = Long.parseLong(call.path("item"));
        var found = council.meeting(Long.parseLong(call.path("meeting")))
                .flatMap(m -> m.agenda().stream().filter(i -> i.id() == item).findFirst());
        if (found.isEmpty()) {
            call.error(404, "unknown_item", "error.unknown_item");
            return;
        }
        JsonNode body = call.adminChange(16 * 1024);
        if (body == null) {
            return;
        }
        if (found.get().decision() == null) {
            call.error(409, "no_decision", "error.no_decision");
            return;
        }
        JsonFields fields = new JsonFields(body);
        int yes = fields.number("for", 0, MAX_MEMBERS);
        int no = fields.number("against", 0, MAX_MEMBERS);
        int abstained = fields.number("abstained", 0, MAX_MEMBERS);
        if (fields.valid() && yes + no + abstained == 0) {
            fields.reject("for", call.message("error.no_vote"));
        }
        if (!fields.valid()) {
            call.invalid(fields);
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
        call.json(200, Json.object().put("item", item).put("for", yes).put("against", no).put("abstained", abstained));
    }

    private static void decisions(Call call, Council council) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(language.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(call.text("decisions.title")))
                .append("</title></head><body><main><h1>").append(Html.escape(call.text("decisions.title")))
                .append("</h1><p>").append(Html.languageLinks(language)).append("</p><table><caption>")
                .append(Html.escape(call.text("decisions.caption"))).append("</caption><thead><tr>");
        for (String column : new String[] {"meeting", "item", "decision", "for", "against", "abstained"}) {
            html.append("<th scope=\"col\">").append(Html.escape(call.text("column." + column))).append("</th>");
        }
        html.append("</tr></thead><tbody>");
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT M.TITLE, I.TITLE, I.DECISION, I.VOTES_FOR,"
                        + " I.VOTES_AGAINST, I.VOTES_ABSTAINED FROM CONSEIL_ITEM I JOIN CONSEIL_MEETING M ON M.ID = I.MEETING_ID"
                        + " WHERE I.IS_PUBLIC = 1 AND I.DECISION IS NOT NULL AND I.VOTES_FOR IS NOT NULL"
                        + " ORDER BY M.HELD_AT DESC, I.POSITION");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                html.append("<tr><td>").append(Html.escape(rows.getString(1))).append("</td><td>")
                        .append(Html.escape(rows.getString(2))).append("</td><td>").append(Html.escape(rows.getString(3)));
                for (int column = 4; column <= 6; column++) {
                    html.append("</td><td>").append(BelgianFormats.number(language, rows.getInt(column)));
                }
                html.append("</td></tr>");
            }
        }
        html.append("</tbody></table></main></body></html>");
        call.response().setHeader("Vary", "Accept-Language, Cookie");
        call.html(html.toString());
    }
}
