package be.imio.platform.salles.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

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
 * Since 1.1.0: what each room offers, and the rooms free for a slot, large enough and with the
 * equipment asked. In the JSON API: {@code POST /api/rooms/<id>/equipment} with
 * {@code {"equipment": ["projecteur", "accès PMR"]}}, and {@code GET
 * /api/available?startsAt=&endsAt=&capacity=&equipment=}; on the pages: a section of the room's
 * page with its form (the equipment separated by commas, posted to {@code /rooms/<id>/equipment})
 * and the search for a free room ({@code /free}), each found room with a link that books it.
 */
@Component(service = SallesRoutes.class)
public final class Equipment implements SallesRoutes {

    static final int MAX_ITEMS = 20;
    static final int MAX_LENGTH = 50;

    /** A room free for the slot asked, with what it offers. */
    record Free(Room room, List<String> equipment) {
    }

    /** A search for a free room, as checked: the slot, the smallest capacity, the equipment wanted ("" for any). */
    record Search(LocalDateTime starts, LocalDateTime ends, int capacity, String equipment) {
    }

    private final Texts texts;
    private final OpeningHours hours;

    @Activate
    public Equipment(BundleContext context, @Reference OpeningHours hours) {
        this.texts = Texts.of(context.getBundle(), SallesDatabase.MODULE);
        this.hours = hours;
    }

    @Override
    public List<Route> routes(Bookings bookings) {
        return List.of(Route.get("/api/available", call -> available(call, bookings)),
                Route.post("/api/rooms/{room:\\d{1,18}}/equipment", call -> equip(call, bookings)),
                Route.post("/rooms/{room:\\d{1,18}}/equipment", call -> equipForm(call, bookings)),
                Route.get("/free", call -> freePage(call, bookings)).listed("nav.free"));
    }

    /** The equipment {@code list} names (texts, at most {@value #MAX_ITEMS} of {@value #MAX_LENGTH} characters), or null. */
    private static List<String> items(JsonNode list) {
        if (!list.isArray() || list.size() > MAX_ITEMS) {
            return null;
        }
        List<String> items = new ArrayList<>();
        for (JsonNode item : list) {
            String text = item.asText("").strip();
            if (!item.isTextual() || text.isEmpty() || text.length() > MAX_LENGTH || text.chars().anyMatch(c -> c < 0x20)) {
                return null;
            }
            items.add(text);
        }
        return items;
    }

    private static void store(Bookings bookings, long room, List<String> items) throws SQLException {
        try (Connection c = bookings.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE SALLES_ROOM SET EQUIPMENT = ? WHERE ID = ?")) {
            update.setString(1, String.join("\n", items));
            update.setLong(2, room);
            update.executeUpdate();
        }
    }

    private static List<String> equipmentOf(Bookings bookings, long room) throws SQLException {
        try (Connection c = bookings.dataSource().getConnection();
                PreparedStatement query = c.prepareStatement("SELECT EQUIPMENT FROM SALLES_ROOM WHERE ID = ?")) {
            query.setLong(1, room);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next() ? split(rows.getString(1)) : List.of();
            }
        }
    }

    private static List<String> split(String stored) {
        return stored == null ? List.of() : List.of(stored.split("\n")).stream().filter(e -> !e.isEmpty()).toList();
    }

    private static void equip(Call call, Bookings bookings) throws IOException, SQLException {
        long room = Long.parseLong(call.path("room"));
        if (bookings.room(room).isEmpty()) {
            call.error(404, "unknown_room", "error.unknown_room");
            return;
        }
        JsonNode body = call.adminChange(16 * 1024);
        if (body == null) {
            return;
        }
        List<String> items = items(body.path("equipment"));
        if (items == null) {
            JsonFields fields = new JsonFields(body);
            fields.reject("equipment", call.message("error.equipment", MAX_ITEMS, MAX_LENGTH));
            call.invalid(fields);
            return;
        }
        store(bookings, room, items);
        ObjectNode answer = SallesServlet.json(bookings.room(room).orElseThrow());
        items.forEach(answer.putArray("equipment")::add);
        call.json(200, answer);
    }

    private static void equipForm(Call call, Bookings bookings) throws IOException, SQLException {
        long id = Long.parseLong(call.path("room"));
        var room = bookings.room(id);
        if (room.isEmpty()) {
            call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">"
                    + Html.escape(call.text("error.unknown_room")) + "</p>");
            return;
        }
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        // The form's one field lists the equipment separated by commas; the API's is a list.
        ArrayNode list = Json.array();
        for (String item : sent.path("equipment").asText("").split(",")) {
            if (!item.isBlank()) {
                list.add(item.strip());
            }
        }
        List<String> items = items(list);
        if (items == null) {
            JsonFields fields = JsonFields.ofForm(sent);
            fields.reject("equipment", call.message("error.equipment", MAX_ITEMS, MAX_LENGTH));
            call.page(400, room.get().name(), section(call, room.get(), equipmentOf(bookings, id), sent, fields));
            return;
        }
        store(bookings, id, items);
        call.seeOther("/rooms/" + id + "?done=equipped");
    }

    @Override
    public String section(Call call, Room room, Bookings bookings) throws SQLException {
        return section(call, room, equipmentOf(bookings, room.id()), null, null);
    }

    private static String section(Call call, Room room, List<String> equipment, ObjectNode sent, JsonFields checked) {
        return "<h2>" + Html.escape(call.text("heading.equipment")) + "</h2><p>"
                + Html.escape(equipment.isEmpty() ? call.text("equipment.none") : String.join(", ", equipment)) + "</p>"
                + new Form(call, "/rooms/" + room.id() + "/equipment").id("equip").problems(checked).values(sent)
                        .text("equipment", "label.equipment", String.join(", ", equipment), MAX_ITEMS * (MAX_LENGTH + 2))
                        .optional().html("button.equip");
    }

    /**
     * The search {@code fields} ask for, each problem recorded there; null when there is one. The
     * slot follows the booking's rules ({@link Slot#check}: one day, within the opening hours, not
     * in the past), so that every room found can be booked.
     */
    private Search search(JsonFields fields, JsonNode asked) {
        LocalDateTime starts = fields.dateTime("startsAt");
        LocalDateTime ends = fields.dateTime("endsAt");
        int capacity = asked.path("capacity").asText("").isBlank() ? 1 : fields.number("capacity", 1, 100_000);
        Slot slot = Slot.check(starts, ends, LocalDateTime.now(BelgianFormats.BRUSSELS), hours.opens(), hours.closes(),
                fields, texts);
        return fields.valid() ? new Search(slot.starts(), slot.ends(), capacity, asked.path("equipment").asText("").strip())
                : null;
    }

    /** The rooms free from {@code search}'s start to its end, large enough and with the equipment asked, smallest first. */
    private static List<Free> free(Bookings bookings, Search search) throws SQLException {
        String wanted = search.equipment().toLowerCase(Locale.ROOT);
        List<Free> found = new ArrayList<>();
        try (Connection c = bookings.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT ID, EQUIPMENT FROM SALLES_ROOM WHERE CAPACITY >= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM SALLES_BOOKING B WHERE B.ROOM_ID = SALLES_ROOM.ID"
                        + " AND B.STARTS_AT < ? AND B.ENDS_AT > ?) ORDER BY CAPACITY, NAME")) {
            select.setInt(1, search.capacity());
            select.setTimestamp(2, java.sql.Timestamp.valueOf(search.ends()));
            select.setTimestamp(3, java.sql.Timestamp.valueOf(search.starts()));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    List<String> equipment = split(rows.getString(2));
                    if (wanted.isEmpty() || equipment.stream().anyMatch(e -> e.toLowerCase(Locale.ROOT).equals(wanted))) {
                        found.add(new Free(bookings.room(rows.getLong(1)).orElseThrow(), equipment));
                    }
                }
            }
        }
        return found;
    }

    private void available(Call call, Bookings bookings) throws IOException, SQLException {
        String capacityText = call.query("capacity");
        ObjectNode asked = Json.object().put("startsAt", call.query("startsAt")).put("endsAt", call.query("endsAt"))
                .put("equipment", call.query("equipment"));
        if (!capacityText.isEmpty()) {
            asked.put("capacity", capacityText.matches("\\d{1,6}") ? Integer.parseInt(capacityText) : -1);
        }
        JsonFields fields = new JsonFields(asked);
        Search search = search(fields, asked);
        if (search == null) {
            call.invalid(fields);
            return;
        }
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        for (Free free : free(bookings, search)) {
            ObjectNode room = SallesServlet.json(free.room());
            free.equipment().forEach(room.putArray("equipment")::add);
            list.add(room);
        }
        call.json(200, body);
    }

    /** The search for a free room: the form, then the rooms found, each with a link that books it. */
    private void freePage(Call call, Bookings bookings) throws IOException, SQLException {
        ObjectNode asked = call.queryFields();
        boolean searched = asked.has("startsAt");
        JsonFields fields = JsonFields.ofForm(asked);
        Search search = searched ? search(fields, asked) : null;
        StringBuilder main = new StringBuilder(4096).append(new Form(call, "/free").id("free").searching()
                .problems(searched ? fields : null).values(searched ? asked : null)
                .dateTime("startsAt", "label.starts_at", null)
                .dateTime("endsAt", "label.ends_at", null)
                .number("capacity", "label.capacity", null, 1, 100_000).optional()
                .text("equipment", "label.one_equipment", "", MAX_LENGTH).optional()
                .html("button.search"));
        if (search != null) {
            List<Free> found = free(bookings, search);
            if (found.isEmpty()) {
                main.append("<p role=\"status\">").append(Html.escape(call.text("free.none"))).append("</p>");
            } else {
                main.append("<table><caption>").append(Html.escape(call.text("free.caption",
                        BelgianFormats.dateTime(call.language(), search.starts()),
                        BelgianFormats.time(call.language(), search.ends().toLocalTime())))).append("</caption><thead><tr>");
                for (String column : new String[] {"column.room", "column.capacity", "heading.equipment"}) {
                    main.append("<th scope=\"col\">").append(Html.escape(call.text(column))).append("</th>");
                }
                if (call.admin()) {
                    main.append("<th scope=\"col\">").append(Html.escape(call.text("nav.book"))).append("</th>");
                }
                main.append("</tr></thead><tbody>");
                for (Free free : found) {
                    main.append("<tr><th scope=\"row\">").append(Html.escape(free.room().name())).append("</th><td>")
                            .append(Html.escape(BelgianFormats.number(call.language(), free.room().capacity())))
                            .append("</td><td>").append(Html.escape(String.join(", ", free.equipment()))).append("</td>");
                    if (call.admin()) {
                        String book = "/book?room=" + free.room().id() + "&startsAt=" + encode(BelgianFormats.dateTime(
                                Texts.FRENCH, search.starts())) + "&endsAt=" + encode(BelgianFormats.dateTime(Texts.FRENCH,
                                search.ends()));
                        main.append("<td><a href=\"").append(Html.escape(call.href(book))).append("\">")
                                .append(Html.escape(call.text("free.book", free.room().name()))).append("</a></td>");
                    }
                    main.append("</tr>");
                }
                main.append("</tbody></table>");
            }
        }
        call.page(call.text("page.free"), main.toString());
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
