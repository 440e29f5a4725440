package be.imio.platform.salles.internal;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
 * Since 1.1.0: what each room offers ({@code POST /api/rooms/<id>/equipment} with
 * {@code {"equipment": ["projecteur", "accès PMR"]}}), and the rooms free for a slot, large
 * enough and with the equipment asked ({@code GET /api/available?startsAt=&endsAt=&capacity=&equipment=}).
 */
@Component(service = SallesRoute.class)
public final class Equipment implements SallesRoute {

    static final int MAX_ITEMS = 20;

    @Override
    public boolean answers(String method, String path) {
        return "GET".equals(method) && path.equals("/api/available")
                || "POST".equals(method) && path.matches("/api/rooms/\\d{1,18}/equipment");
    }

    @Override
    public void answer(HttpServletRequest request, HttpServletResponse response, Bookings bookings)
            throws IOException, SQLException {
        String path = request.getPathInfo();
        if (path.equals("/api/available")) {
            available(request, response, bookings);
            return;
        }
        long room = Long.parseLong(path.split("/")[3]);
        if (bookings.room(room).isEmpty()) {
            JsonAnswers.error(response, 404, "unknown_room", "salle inconnue / unknown room");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        List<String> items = new ArrayList<>();
        JsonNode list = body.path("equipment");
        for (JsonNode item : list) {
            String text = item.asText("").strip();
            if (!item.isTextual() || text.isEmpty() || text.length() > 50 || text.contains("\n")) {
                items = null;
                break;
            }
            items.add(text);
        }
        if (!list.isArray() || items == null || items.size() > MAX_ITEMS) {
            JsonAnswers.invalid(response, Map.of("equipment", "une liste de " + MAX_ITEMS + " mots au plus, de 50"
                    + " caractères chacun / a list of at most " + MAX_ITEMS + " words of 50 characters"));
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
        JsonAnswers.send(response, 200, answer);
    }

    private static void available(HttpServletRequest request, HttpServletResponse response, Bookings bookings)
            throws IOException, SQLException {
        Map<String, String> errors = new LinkedHashMap<>();
        ObjectNode query = JsonAnswers.JSON.createObjectNode().put("startsAt", value(request, "startsAt"))
                .put("endsAt", value(request, "endsAt"));
        LocalDateTime starts = JsonFields.dateTime(query, "startsAt", errors);
        LocalDateTime ends = JsonFields.dateTime(query, "endsAt", errors);
        int capacity = 1;
        if (!value(request, "capacity").isEmpty()) {
            capacity = JsonFields.number(JsonAnswers.JSON.createObjectNode().put("capacity",
                    value(request, "capacity").matches("\\d{1,6}") ? Integer.parseInt(value(request, "capacity")) : -1),
                    "capacity", 1, 100_000, errors);
        }
        if (errors.isEmpty() && !ends.isAfter(starts)) {
            errors.put("endsAt", "la fin doit suivre le début / the end must come after the start");
        }
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        String wanted = value(request, "equipment").toLowerCase(Locale.ROOT);
        ObjectNode body = JsonAnswers.JSON.createObjectNode();
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
        JsonAnswers.send(response, 200, body);
    }

    private static String value(HttpServletRequest request, String name) {
        return request.getParameter(name) == null ? "" : request.getParameter(name).strip();
    }
}
