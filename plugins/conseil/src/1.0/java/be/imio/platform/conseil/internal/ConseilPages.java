package be.imio.platform.conseil.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Collections;
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
 * The council's pages, in the platform's frame. For staff: the meetings ({@code /}), the form that
 * plans one ({@code /plan}), a meeting's page with its agenda, in order, each item moved up or down
 * and new items added, public or behind closed doors ({@code /meetings/<m>}), and an item's page
 * where its decision is recorded ({@code /meetings/<m>/items/<i>}, with what later releases add:
 * {@link ConseilRoutes#section}). For citizens: the coming meetings' public agenda
 * ({@code /public/}) and the public decisions ({@code /public/decisions}); closed-door items are
 * never shown there. Every change is checked as the JSON API checks it ({@link AgendaChanges},
 * {@link MeetingDraft}).
 */
final class ConseilPages {

    private final Council council;
    private final Texts texts;
    private final Clock clock = Clock.system(BelgianFormats.BRUSSELS);
    private final Supplier<List<ConseilRoutes>> sections;

    ConseilPages(Council council, Texts texts, Supplier<List<ConseilRoutes>> sections) {
        this.council = council;
        this.texts = texts;
        this.sections = sections;
    }

    void addTo(Router router) {
        router.route(Route.get("/", this::meetings).listed("nav.meetings"))
                .route(Route.get("/plan", call -> planForm(call, null, null, 200)).listed("nav.plan"))
                .route(Route.post("/meetings", this::plan))
                .route(Route.get("/meetings/{meeting}", call -> meetingPage(call, null, null, 200)))
                .route(Route.post("/meetings/{meeting}/items", this::addItem))
                .route(Route.post("/meetings/{meeting}/items/{item}/move", this::move))
                .route(Route.get("/meetings/{meeting}/items/{item}", call -> itemPage(call, null, null, 200)))
                .route(Route.post("/meetings/{meeting}/items/{item}/decision", this::decide))
                .route(Route.get("/public/", this::publicAgenda).listed("nav.public_agenda"))
                .route(Route.get("/public", call -> call.seeOther("/public/")))
                .route(Route.get("/public/decisions", this::publicDecisions).listed("nav.public_decisions"));
    }

    private void meetings(Call call) throws IOException, SQLException {
        List<Meeting> all = new ArrayList<>(council.meetings(null));
        Collections.reverse(all);
        StringBuilder main = new StringBuilder(4096).append(call.confirmation());
        if (all.isEmpty()) {
            main.append("<p>").append(escape(call.text("page.none"))).append("</p>");
        } else {
            main.append("<table><caption>").append(escape(call.text("page.caption"))).append("</caption><thead><tr>");
            for (String column : new String[] {"column.meeting", "column.when", "column.place", "column.agenda"}) {
                main.append("<th scope=\"col\">").append(escape(call.text(column))).append("</th>");
            }
            main.append("</tr></thead><tbody>");
            for (Meeting summary : all) {
                Meeting meeting = council.meeting(summary.id()).orElseThrow();
                long open = meeting.agenda().stream().filter(AgendaItem::isPublic).count();
                main.append("<tr><th scope=\"row\"><a href=\"").append(escape(call.href("/meetings/" + meeting.id())))
                        .append("\">").append(escape(meeting.title())).append("</a></th><td>")
                        .append(escape(BelgianFormats.dateTime(call.language(), meeting.heldAt()))).append("</td><td>")
                        .append(escape(meeting.place())).append("</td><td>")
                        .append(escape(call.text("page.items", open, meeting.agenda().size() - open))).append("</td></tr>");
            }
            main.append("</tbody></table>");
        }
        call.page(call.text("page.title"), main.toString());
    }

    private void planForm(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException {
        String form = new Form(call, "/meetings").id("plan").problems(checked).values(sent)
                .text("title", "label.meeting_title", call.text("label.meeting_title_default"), 300)
                .dateTime("heldAt", "label.held_at", null)
                .text("place", "column.place", "", 200)
                .html("button.plan");
        call.page(status, call.text("page.plan"), form.isEmpty() ? readOnly(call) : form);
    }

    private void plan(Call call) throws IOException, SQLException {
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(sent);
        MeetingDraft draft = MeetingDraft.parse(fields, clock, texts);
        if (draft == null) {
            planForm(call, sent, fields, 400);
            return;
        }
        long id = council.createMeeting(draft.title(), draft.heldAt(), draft.place(), call.user());
        call.seeOther("/meetings/" + id + "?done=planned");
    }

    /** A meeting's page: when and where, its agenda with each item's place, and the form that adds one. */
    private void meetingPage(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        Optional<Meeting> found = meeting(call);
        if (found.isEmpty()) {
            return;
        }
        Meeting meeting = found.get();
        StringBuilder main = new StringBuilder(4096).append(call.confirmation()).append("<p>")
                .append(escape(call.text("meeting.when", BelgianFormats.date(call.language(), meeting.heldAt().toLocalDate()),
                        BelgianFormats.time(call.language(), meeting.heldAt().toLocalTime()))))
                .append(", ").append(escape(meeting.place())).append("</p><h2 id=\"agenda\" tabindex=\"-1\">")
                .append(escape(call.text("heading.agenda")))
                .append("</h2>");
        if (meeting.agenda().isEmpty()) {
            main.append("<p>").append(escape(call.text("agenda.empty"))).append("</p>");
        } else {
            main.append("<table><caption>").append(escape(call.text("agenda.caption"))).append("</caption><thead><tr>");
            for (String column : new String[] {"column.position", "column.item", "column.session", "column.decision"}) {
                main.append("<th scope=\"col\">").append(escape(call.text(column))).append("</th>");
            }
            if (call.admin()) {
                main.append("<th scope=\"col\">").append(escape(call.text("column.order"))).append("</th>");
            }
            main.append("</tr></thead><tbody>");
            int size = meeting.agenda().size();
            for (AgendaItem item : meeting.agenda()) {
                String base = "/meetings/" + meeting.id() + "/items/" + item.id();
                main.append("<tr><td>").append(item.position()).append("</td><th scope=\"row\"><a href=\"")
                        .append(escape(call.href(base))).append("\">").append(escape(item.title())).append("</a></th><td>")
                        .append(escape(call.text(item.isPublic() ? "session.public" : "session.closed"))).append("</td><td>")
                        .append(escape(item.decision() == null ? call.text("decision.none") : item.decision())).append("</td>");
                if (call.admin()) {
                    main.append("<td class=\"actions\">");
                    if (item.position() > 1) {
                        main.append(new Form(call, base + "/move").id("up-" + item.id()).inline()
                                .hidden("position", Integer.toString(item.position() - 1)).html("button.up", item.position()));
                    }
                    if (item.position() < size) {
                        main.append(new Form(call, base + "/move").id("down-" + item.id()).inline()
                                .hidden("position", Integer.toString(item.position() + 1)).html("button.down", item.position()));
                    }
                    main.append("</td>");
                }
                main.append("</tr>");
            }
            main.append("</tbody></table>");
        }
        String add = new Form(call, "/meetings/" + meeting.id() + "/items").id("item").problems(checked).values(sent)
                .text("title", "label.item_title", "", 300)
                .checkbox("closed", "label.closed", false)
                .html("button.add_item");
        if (!add.isEmpty()) {
            main.append("<h2>").append(escape(call.text("heading.add_item"))).append("</h2>").append(add);
        }
        main.append(back(call));
        call.page(status, meeting.title(), main.toString());
    }

    private void addItem(Call call) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        ObjectNode sent = meeting.isEmpty() ? null : call.form();
        if (sent == null) {
            return;
        }
        // The form's box says "behind closed doors"; the API's field says "public".
        ObjectNode asked = sent.deepCopy();
        asked.put("public", !sent.has("closed"));
        JsonFields fields = JsonFields.ofForm(asked);
        AgendaChanges.NewItem item = AgendaChanges.item(asked, fields, texts);
        if (!fields.valid()) {
            meetingPage(call, sent, fields, 400);
            return;
        }
        council.addItem(meeting.get().id(), item.title(), item.isPublic());
        call.seeOther("/meetings/" + meeting.get().id() + "?done=added");
    }

    private void move(Call call) throws IOException, SQLException {
        ItemForm posted = itemForm(call);
        if (posted == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(posted.sent());
        int position = AgendaChanges.position(fields, posted.meeting());
        if (!fields.valid()) {
            call.page(400, posted.meeting().title(), "<p class=\"error\" role=\"alert\">"
                    + escape(fields.problems().get("position").in(call.language())) + "</p>" + back(call));
            return;
        }
        council.move(posted.meeting(), posted.item().id(), position);
        call.seeOther("/meetings/" + posted.meeting().id() + "?done=moved#agenda");
    }

    /** An item's page: its place, its session, its decision and the form that records it, what later releases add. */
    private void itemPage(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        Optional<AgendaItem> found = meeting.isEmpty() ? Optional.empty() : item(call, meeting.get());
        if (found.isEmpty()) {
            return;
        }
        AgendaItem item = found.get();
        StringBuilder main = new StringBuilder(4096).append(call.confirmation()).append("<dl class=\"facts\">");
        fact(main, call.text("column.meeting"), meeting.get().title() + ", " + BelgianFormats.dateTime(call.language(),
                meeting.get().heldAt()));
        fact(main, call.text("column.position"), Integer.toString(item.position()));
        fact(main, call.text("column.session"), call.text(item.isPublic() ? "session.public" : "session.closed"));
        fact(main, call.text("column.decision"), item.decision() == null ? call.text("decision.none") : item.decision());
        if (item.decidedBy() != null) {
            fact(main, call.text("label.decided"), call.text("label.decided_by", item.decidedBy(),
                    BelgianFormats.dateTime(call.language(), item.decidedAt())));
        }
        main.append("</dl>");
        String form = new Form(call, "/meetings/" + meeting.get().id() + "/items/" + item.id() + "/decision").id("decision")
                .problems(checked).values(sent)
                .textarea("decision", "label.decision", item.decision() == null ? "" : item.decision(), 2000)
                .html("button.decide");
        if (!form.isEmpty()) {
            main.append("<h2>").append(escape(call.text("heading.decision"))).append("</h2>").append(form);
        }
        for (ConseilRoutes more : sections.get()) {
            main.append(more.section(call, meeting.get(), item, council));
        }
        main.append("<p><a href=\"").append(escape(call.href("/meetings/" + meeting.get().id()))).append("\">")
                .append(escape(call.text("link.meeting", meeting.get().title()))).append("</a></p>");
        call.page(status, call.text("page.item", item.position(), item.title()), main.toString());
    }

    private void decide(Call call) throws IOException, SQLException {
        ItemForm posted = itemForm(call);
        if (posted == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(posted.sent());
        String decision = AgendaChanges.decision(fields, texts);
        if (!fields.valid()) {
            itemPage(call, posted.sent(), fields, 400);
            return;
        }
        council.decide(posted.item().id(), decision, call.user());
        call.seeOther("/meetings/" + posted.meeting().id() + "/items/" + posted.item().id() + "?done=decided");
    }

    /** A form posted about one agenda item: its meeting, the item, the fields sent. */
    private record ItemForm(Meeting meeting, AgendaItem item, ObjectNode sent) {
    }

    /** The form posted about the item the path names, or null once the request is answered (unknown, refused). */
    private ItemForm itemForm(Call call) throws IOException, SQLException {
        Optional<Meeting> meeting = meeting(call);
        Optional<AgendaItem> item = meeting.isEmpty() ? Optional.empty() : item(call, meeting.get());
        ObjectNode sent = item.isEmpty() ? null : call.form();
        return sent == null ? null : new ItemForm(meeting.get(), item.get(), sent);
    }

    /** For citizens: the coming meetings and their public items, in order; closed-door items are not shown. */
    private void publicAgenda(Call call) throws IOException, SQLException {
        StringBuilder main = new StringBuilder(4096);
        List<Meeting> coming = council.meetings(LocalDate.now(clock).atStartOfDay());
        if (coming.isEmpty()) {
            main.append("<p>").append(escape(call.text("agenda.none"))).append("</p>");
        }
        for (Meeting summary : coming) {
            Meeting meeting = council.meeting(summary.id()).orElseThrow();
            main.append("<section><h2>").append(escape(meeting.title())).append("</h2><p>")
                    .append(escape(call.text("meeting.when", BelgianFormats.date(call.language(), meeting.heldAt().toLocalDate()),
                            BelgianFormats.time(call.language(), meeting.heldAt().toLocalTime()))))
                    .append(", ").append(escape(meeting.place())).append("</p><ol>");
            for (AgendaItem item : meeting.agenda()) {
                if (item.isPublic()) {
                    // The item's own number, as the council's minutes give it, closed-door items left out.
                    main.append("<li value=\"").append(item.position()).append("\">").append(escape(item.title()))
                            .append("</li>");
                }
            }
            main.append("</ol></section>");
        }
        openToEveryone(call);
        call.page(call.text("agenda.title"), main.toString());
    }

    /** For citizens: the decisions on public items, the latest meeting first. */
    private void publicDecisions(Call call) throws IOException, SQLException {
        List<Meeting> all = new ArrayList<>(council.meetings(null));
        Collections.reverse(all);
        StringBuilder rows = new StringBuilder();
        LocalDateTime now = LocalDateTime.now(clock);
        for (Meeting summary : all) {
            if (summary.heldAt().isAfter(now)) {
                continue; // a decision is the council's once it sits: before, it is a draft
            }
            Meeting meeting = council.meeting(summary.id()).orElseThrow();
            for (AgendaItem item : meeting.agenda()) {
                if (item.isPublic() && item.decision() != null) {
                    rows.append("<tr><td>").append(escape(meeting.title() + ", "
                            + BelgianFormats.date(call.language(), meeting.heldAt().toLocalDate()))).append("</td><td>")
                            .append(escape(item.title())).append("</td><td>").append(escape(item.decision())).append("</td></tr>");
                }
            }
        }
        StringBuilder main = new StringBuilder(4096);
        if (rows.length() == 0) {
            main.append("<p>").append(escape(call.text("decisions.none"))).append("</p>");
        } else {
            main.append("<table><caption>").append(escape(call.text("decisions.caption_plain"))).append("</caption><thead><tr>");
            for (String column : new String[] {"column.meeting", "column.item", "column.decision"}) {
                main.append("<th scope=\"col\">").append(escape(call.text(column))).append("</th>");
            }
            main.append("</tr></thead><tbody>").append(rows).append("</tbody></table>");
        }
        openToEveryone(call);
        call.page(call.text("decisions.title"), main.toString());
    }

    /** A citizens' page is the same for everyone in a language: shared caches keep one copy per language. */
    static void openToEveryone(Call call) {
        call.response().setHeader("Cache-Control", "public, max-age=60");
        call.response().setHeader("Vary", "Accept-Language, Cookie");
    }

    /** The meeting the path names, or empty once a page saying it is unknown is answered (404). */
    private Optional<Meeting> meeting(Call call) throws IOException, SQLException {
        String id = call.path("meeting");
        Optional<Meeting> meeting = id.matches("\\d{1,18}") ? council.meeting(Long.parseLong(id)) : Optional.empty();
        if (meeting.isEmpty()) {
            unknown(call, "error.unknown_meeting");
        }
        return meeting;
    }

    private Optional<AgendaItem> item(Call call, Meeting meeting) throws IOException {
        String id = call.path("item");
        Optional<AgendaItem> item = id.matches("\\d{1,18}")
                ? meeting.agenda().stream().filter(i -> i.id() == Long.parseLong(id)).findFirst() : Optional.empty();
        if (item.isEmpty()) {
            unknown(call, "error.unknown_item");
        }
        return item;
    }

    private static void unknown(Call call, String key) throws IOException {
        call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">" + escape(call.text(key)) + "</p>"
                + back(call));
    }

    private static String readOnly(Call call) {
        return "<p>" + escape(call.text("page.read_only")) + "</p>";
    }

    private static String back(Call call) {
        return "<p><a href=\"" + escape(call.href("/")) + "\">" + escape(call.text("link.back")) + "</a></p>";
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<dt>").append(escape(name)).append("</dt><dd>").append(escape(value)).append("</dd>");
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}
