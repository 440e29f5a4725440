package be.imio.platform.salles.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Since 1.1.0: what each room offers ({@code POST /api/rooms/<id>/equipment} with
 * {@code {"equipment": ["projecteur", "accès PMR"]}}), and the rooms free for a slot, large
 * enough and with the equipment asked ({@code GET /api/available?startsAt=&endsAt=&capacity=&equipment=}).
 */
@Component(service = SallesRoutes.class)
public final class Equipment implements SallesRoutes {

    static final int MAX_ITEMS = 20;
    static final int MAX_LENGTH = 50;

    @Override
    public List<Route> routes(Bookings bookings) {
        return List.of(Route.get("/api/available", call -> available(call, bookings)),
                Route.post("/api/rooms/{room:\\d{1,18}}/equipment", call -> equip(call, bookings)));
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
        List<String> items = new ArrayList<>();
        JsonNode list = body.path("equipment");
        for (JsonNode item : list) {
            String text = item.asText("").strip();
            if (!item.isTextual() || text.isEmpty() || text.length() > MAX_LENGTH || text.contains("\n")) {
                items = null;
                break;
            }
            items.add(text);
        }
        if (!list.isArray() || items == null || items.size() > MAX_ITEMS) {
            JsonFields fields = new JsonFields(body);
            fields.reject("equipment", call.message("error.equipment", MAX_ITEMS, MAX_LENGTH));
            call.invalid(fields);
            return;
        }
        try (Connection c = bookings.dataSource().getConnection();
                PreparedStatement update = c.prepareStatement("UPDATE SALLES_ROOM SET EQUIPMENT = ? WHERE ID = ?")) {
            update.setString(1, String.join("\n", items));
            update.setLong(2, room);
            update.executeUpdate();
        }
        ObjectNode answer = SallesServlet.json(bookings.room(room).orElseThrow());
        items.forEach(answer.putArray("equipment")::add);
        call.json(200, answer);
    }

    private static void available(Call call, Bookings bookings) throws IOException, SQLException {
        String capacityText = call.query("capacity");
        JsonFields fields = new JsonFields(Json.object().put("startsAt", call.query("startsAt"))
                .put("endsAt", call.query("endsAt"))
                .put("capacity", capacityText.matches("\\d{1,6}") ? Integer.parseInt(capacityText) : -1));
        LocalDateTime starts = fields.dateTime("startsAt");
        LocalDateTime ends = fields.dateTime("endsAt");
        int capacity = capacityText.isEmpty() ? 1 : fields.number("capacity", 1, 100_000);
        if (fields.valid() && !ends.isAfter(starts)) {
            fields.reject("endsAt", call.message("slot.end_before_start"));
        }
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        String wanted = call.query("equipment").toLowerCase(Locale.ROOT);
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        try (Connection c = bookings.dataSource().getConnection();
                PreparedStatement select = c.prepareStatement("SELECT ID, EQUIPMENT FROM SALLES_ROOM WHERE CAPACITY >= ?"
                        + " AND NOT EXISTS (SELECT 1 FROM SALLES_BOOKING B WHERE B.ROOM_ID = SALLES_ROOM.ID"
                        + " AND B.STARTS_AT < ? AND B.ENDS_AT > ?) ORDER BY CAPACITY, NAME")) {
            select.setInt(1, capacity);
            select.setTimestamp(2, java.sql.Timestamp.valueOf(ends));
            select.setTimestamp(3, java.sql.Timestamp.valueOf(starts));
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    String equipment = rows.getString(2) == null ? "" : rows.getString(2);
                    if (wanted.isEmpty() || List.of(equipment.toLowerCase(Locale.ROOT).split("\n")).contains(wanted)) {
                        ObjectNode room = SallesServlet.json(bookings.room(rows.getLong(1)).orElseThrow());
                        List.of(equipment.split("\n")).stream().filter(e -> !e.isEmpty()).forEach(room.putArray("equipment")::add);
                        list.add(room);
                    }
                }
            }
        }
        call.json(200, body);
    }
}
