package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Since 1.1.0: how the council voted on a decided item. In the JSON API: {@code POST
 * /api/meetings/<m>/items/<i>/vote} with {@code {"for": 15, "against": 3, "abstained": 1}}; on the
 * pages: a section of the item's page with its form (posted to {@code /meetings/<m>/items/<i>/vote}),
 * and for citizens the public decisions with their votes ({@code /public/decisions}, in place of
 * 1.0.0's page).
 */
@Component(service = ConseilRoutes.class)
public final class Votes implements ConseilRoutes {

    /** A council of a Walloon commune has at most 55 members (Liège, Charleroi...); room to spare. */
    static final int MAX_MEMBERS = 100;

    /** The votes on one item. */
    record Count(int yes, int no, int abstained) {
    }

    private final Texts texts;

    @Activate
    public Votes(BundleContext context) {
        this.texts = Texts.of(context.getBundle(), ConseilDatabase.MODULE);
    }

    @Override
    public List<Route> routes(Council council) {
        return List.of(Route.get("/public/decisions", call -> decisions(call, council)).listed("nav.public_decisions"),
                Route.post("/api/meetings/{meeting:\\d{1,18}}/items/{item:\\d{1,18}}/vote", call -> vote(call, council)),
                Route.post("/meetings/{meeting:\\d{1,18}}/items/{item:\\d{1,18}}/vote", call -> voteForm(call, council)));
    }

    /** The votes {@code fields} give (a JSON body's or a form's), each problem recorded there; null when there is one. */
    private Count parse(JsonFields fields) {
        int yes = fields.number("for", 0, MAX_MEMBERS);
        int no = fields.number("against", 0, MAX_MEMBERS);
        int abstained = fields.number("abstained", 0, MAX_MEMBERS);
        if (fields.valid() && yes + no + abstained == 0) {
            fields.reject("for", texts.message("error.no_vote"));
        } else if (fields.valid() && yes + no + abstained > MAX_MEMBERS) {
            fields.reject("for", texts.message("error.too_many_votes", MAX_MEMBERS));
        }
        return fields.valid() ? new Count(yes, no, abstained) : null;
    }

    private static Optional<AgendaItem> item(Call call, Council council) throws SQLException {
        long item = Long.parseLong(call.path("item"));
        return council.meeting(Long.parseLong(call.path("meeting")))
                .flatMap(m -> m.agenda().stream().filter(i -> i.id() == item).findFirst());
    }

    private void vote(Call call, Council council) throws IOException, SQLException {
        Optional<AgendaItem> found = item(call, council);
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
        Count count = parse(fields);
        if (count == null) {
            call.invalid(fields);
            return;
        }
        store(council, found.get().id(), count);
        call.json(200, Json.object().put("item", found.get().id()).put("for", count.yes()).put("against", count.no())
                .put("abstained", count.abstained()));
    }

    private void voteForm(Call call, Council council) throws IOException, SQLException {
        Optional<AgendaItem> found = item(call, council);
        if (found.isEmpty()) {
            call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(call.text("error.unknown_item")) + "</p>");
            return;
        }
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        String itemPage = "/meetings/" + call.path("meeting") + "/items/" + found.get().id();
        JsonFields fields = JsonFields.ofForm(sent);
        if (found.get().decision() == null) {
            fields.reject("for", texts.message("error.no_decision"));
        }
        Count count = fields.valid() ? parse(fields) : null;
        if (count == null) {
            call.page(400, call.text("page.item", found.get().position(), found.get().title()),
                    voteSection(call, found.get(), Optional.empty(), sent, fields) + "<p><a href=\""
                    + Html.escape(call.href(itemPage)) + "\">" + Html.escape(found.get().title()) + "</a></p>");
            return;
        }
        store(council, found.get().id(), count);
        call.seeOther(itemPage + "?done=voted");
    }

    private static void store(Council council, long item, Count count) throws SQLException {
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE CONSEIL_ITEM SET VOTES_FOR = ?, VOTES_AGAINST = ?,"
                        + " VOTES_ABSTAINED = ? WHERE ID = ?")) {
            update.setInt(1, count.yes());
            update.setInt(2, count.no());
            update.setInt(3, count.abstained());
            update.setLong(4, item);
            update.executeUpdate();
        }
    }

    private static Optional<Count> votes(Council council, long item) throws SQLException {
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT VOTES_FOR, VOTES_AGAINST, VOTES_ABSTAINED"
                        + " FROM CONSEIL_ITEM WHERE ID = ? AND VOTES_FOR IS NOT NULL")) {
            query.setLong(1, item);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? Optional.of(new Count(rows.getInt(1), rows.getInt(2), rows.getInt(3))) : Optional.empty();
            }
        }
    }

    /** An item's page: its votes once recorded, and the form that records them once it is decided. */
    @Override
    public String section(Call call, Meeting meeting, AgendaItem item, Council council) throws SQLException {
        return voteSection(call, item, votes(council, item.id()), null, null);
    }

    private String voteSection(Call call, AgendaItem item, Optional<Count> votes, ObjectNode sent, JsonFields checked) {
        Locale language = call.language();
        StringBuilder html = new StringBuilder("<h2>").append(Html.escape(call.text("heading.votes"))).append("</h2><p>")
                .append(Html.escape(votes.map(v -> call.text("votes.result", BelgianFormats.number(language, v.yes()),
                        BelgianFormats.number(language, v.no()), BelgianFormats.number(language, v.abstained())))
                        .orElse(call.text("votes.none")))).append("</p>");
        if (item.decision() == null && checked == null) {
            return html.append("<p>").append(Html.escape(call.text("error.no_decision"))).append("</p>").toString();
        }
        return html.append(new Form(call, "/meetings/" + call.path("meeting") + "/items/" + item.id() + "/vote").id("vote")
                .problems(checked).values(sent)
                .number("for", "column.for", votes.map(Count::yes).orElse(null), 0, MAX_MEMBERS)
                .number("against", "column.against", votes.map(Count::no).orElse(null), 0, MAX_MEMBERS)
                .number("abstained", "column.abstained", votes.map(Count::abstained).orElse(null), 0, MAX_MEMBERS)
                .html("button.vote")).toString();
    }

    private static void decisions(Call call, Council council) throws IOException, SQLException {
        Locale language = call.language();
        StringBuilder rows = new StringBuilder();
        try (Connection c = council.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT M.TITLE, M.HELD_AT, I.TITLE, I.DECISION, I.VOTES_FOR,"
                        + " I.VOTES_AGAINST, I.VOTES_ABSTAINED FROM CONSEIL_ITEM I JOIN CONSEIL_MEETING M ON M.ID = I.MEETING_ID"
                        + " WHERE I.IS_PUBLIC = 1 AND I.DECISION IS NOT NULL AND M.HELD_AT <= ?"
                        + " ORDER BY M.HELD_AT DESC, I.POSITION")) {
            // A decision is the council's once it sits: before, it is a draft.
            query.setTimestamp(1, java.sql.Timestamp.valueOf(java.time.LocalDateTime.now(BelgianFormats.BRUSSELS)));
            try (ResultSet found = query.executeQuery()) {
                while (found.next()) {
                    rows.append("<tr><td>").append(Html.escape(found.getString(1) + ", "
                            + BelgianFormats.date(language, found.getTimestamp(2).toLocalDateTime().toLocalDate())))
                            .append("</td><td>").append(Html.escape(found.getString(3))).append("</td><td>")
                            .append(Html.escape(found.getString(4)));
                    for (int column = 5; column <= 7; column++) {
                        int count = found.getInt(column);
                        cell(rows, found.wasNull() ? "—" : BelgianFormats.number(language, count));
                    }
                    rows.append("</td></tr>");
                }
            }
        }
        StringBuilder main = new StringBuilder();
        if (rows.length() == 0) {
            main.append("<p>").append(Html.escape(call.text("decisions.none"))).append("</p>");
        } else {
            main.append("<table><caption>").append(Html.escape(call.text("decisions.caption"))).append("</caption><thead><tr>");
            for (String column : new String[] {"meeting", "item", "decision", "for", "against", "abstained"}) {
                main.append("<th scope=\"col\">").append(Html.escape(call.text("column." + column))).append("</th>");
            }
            main.append("</tr></thead><tbody>").append(rows).append("</tbody></table>");
        }
        ConseilPages.openToEveryone(call);
        call.page(call.text("decisions.title"), main.toString());
    }

    private static void cell(StringBuilder rows, String cell) {
        rows.append("</td><td>").append(Html.escape(cell));
    }
}
