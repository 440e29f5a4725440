package be.imio.platform.salles.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAdjusters;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.Html;
import be.imio.platform.api.WebContexts;
import be.imio.platform.web.json.JsonAnswers;
import be.imio.platform.web.json.JsonFields;

/**
 * Room booking under {@code /modules/salles/}: the week view for staff ({@code /?room=&date=}),
 * and the JSON API ({@code /api/rooms}, {@code /api/bookings}, {@code /api/week}).
 */
@Component(service = Servlet.class, property = {WebContexts.MODULE + "=" + SallesDatabase.MODULE,
        "imio.menu.fr=Réservation de salles", "imio.menu.en=Room booking"})
public final class SallesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE dd/MM", Locale.FRENCH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH'h'mm");
    private static final int MAX_BODY = 16 * 1024;

    private final transient Bookings bookings;
    private final transient List<SallesRoute> routes = new CopyOnWriteArrayList<>();

    private final transient OpeningHours hours;

    @Activate
    public SallesServlet(@Reference SallesDatabase database, @Reference OpeningHours hours) {
        this.bookings = database.bookings();
        this.hours = hours;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoute(SallesRoute route) {
        routes.add(route);
    }

    void removeRoute(SallesRoute route) {
        routes.remove(route);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String path = request.getPathInfo() == null ? "/" : request.getPathInfo();
        String method = request.getMethod();
        try {
            for (SallesRoute route : routes) {
                if (route.answers(method, path)) {
                    route.answer(request, response, bookings);
                    return;
                }
            }
            if ("GET".equals(method) && path.equals("/")) {
                weekPage(request, response);
            } else if (path.equals("/api/rooms")) {
                if ("POST".equals(method)) {
                    addRoom(request, response);
                } else {
                    rooms(response);
                }
            } else if ("POST".equals(method) && path.equals("/api/bookings")) {
                book(request, response);
            } else if ("POST".equals(method) && path.matches("/api/bookings/\\d{1,18}/cancel")) {
                cancel(Long.parseLong(path.split("/")[3]), request, response);
            } else if ("GET".equals(method) && path.equals("/api/week")) {
                week(request, response);
            } else {
                JsonAnswers.error(response, 404, "not_found", "page inconnue / unknown page");
            }
        } catch (SQLException e) {
            JsonAnswers.error(response, 503, "unavailable", "réservations indisponibles / bookings unavailable");
        }
    }

    private void addRoom(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, MAX_BODY);
        if (body == null) {
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        String name = JsonFields.text(body, "name", 100, "le nom de la salle", "the room's name", errors);
        int capacity = JsonFields.number(body, "capacity", 1, 5000, errors);
        String location = JsonFields.text(body, "location", 200, "l'adresse", "the address", errors);
        if (errors.isEmpty() && bookings.rooms().stream().anyMatch(r -> r.name().equalsIgnoreCase(name))) {
            errors.put("name", "une salle porte déjà ce nom / a room already has this name");
        }
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        long id = bookings.addRoom(name, capacity, location);
        JsonAnswers.send(response, 201, json(bookings.room(id).orElseThrow()));
    }

    private void rooms(HttpServletResponse response) throws IOException, SQLException {
        ObjectNode body = JsonAnswers.JSON.createObjectNode();
        ArrayNode list = body.putArray("rooms");
        bookings.rooms().forEach(room -> list.add(json(room)));
        JsonAnswers.send(response, 200, body);
    }

    private void book(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        JsonNode body = JsonAnswers.adminChange(request, response, MAX_BODY);
        if (body == null) {
            return;
        }
        Map<String, String> errors = new LinkedHashMap<>();
        long roomId = JsonFields.number(body, "room", 1, Integer.MAX_VALUE, errors);
        LocalDateTime starts = JsonFields.dateTime(body, "startsAt", errors);
        LocalDateTime ends = JsonFields.dateTime(body, "endsAt", errors);
        String purpose = JsonFields.text(body, "purpose", 300, "l'objet de la réservation", "the purpose", errors);
        String bookedFor = JsonFields.text(body, "bookedFor", 200, "pour qui (association, service)",
                "for whom (association, service)", errors);
        Slot slot = Slot.check(starts, ends, LocalDate.now(), hours.opens(), hours.closes(), errors);
        if (errors.isEmpty() && bookings.room(roomId).isEmpty()) {
            errors.put("room", "salle inconnue / unknown room");
        }
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        try {
            long id = bookings.book(roomId, slot.starts(), slot.ends(), purpose, bookedFor, request.getRemoteUser());
            JsonAnswers.send(response, 201, JsonAnswers.JSON.createObjectNode().put("id", id));
        } catch (Bookings.Conflict conflict) {
            Booking other = conflict.other();
            JsonAnswers.error(response, 409, "conflict", "la salle est déjà réservée de "
                    + HOUR.format(other.startsAt()) + " à " + HOUR.format(other.endsAt()) + " (" + other.purpose()
                    + ") / the room is already booked from " + other.startsAt() + " to " + other.endsAt());
        }
    }

    private void cancel(long booking, HttpServletRequest request, HttpServletResponse response)
            throws IOException, SQLException {
        if (JsonAnswers.adminChange(request, response, MAX_BODY) == null) {
            return;
        }
        if (bookings.cancel(booking)) {
            JsonAnswers.send(response, 200, JsonAnswers.JSON.createObjectNode().put("cancelled", booking));
        } else {
            JsonAnswers.error(response, 404, "unknown_booking", "réservation inconnue / unknown booking");
        }
    }

    /** {@code /api/week?date=29/11/2026[&room=id]}: the bookings of that date's week, Monday to Sunday. */
    private void week(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate monday = monday(request, errors);
        Long room = roomParameter(request, errors);
        if (!errors.isEmpty()) {
            JsonAnswers.invalid(response, errors);
            return;
        }
        ObjectNode body = JsonAnswers.JSON.createObjectNode().put("monday", monday.toString());
        ArrayNode list = body.putArray("bookings");
        for (Booking booking : bookings.between(room, monday.atStartOfDay(), monday.plusDays(7).atStartOfDay())) {
            list.addObject().put("id", booking.id()).put("room", booking.roomId()).put("roomName", booking.roomName())
                    .put("startsAt", booking.startsAt().toString()).put("endsAt", booking.endsAt().toString())
                    .put("purpose", booking.purpose()).put("bookedFor", booking.bookedFor())
                    .put("bookedBy", booking.bookedBy());
        }
        JsonAnswers.send(response, 200, body);
    }

    /** The week view: one column per day, each booking with its hours, room and purpose. */
    private void weekPage(HttpServletRequest request, HttpServletResponse response) throws IOException, SQLException {
        Map<String, String> errors = new LinkedHashMap<>();
        LocalDate monday = monday(request, errors);
        Long room = roomParameter(request, errors);
        if (!errors.isEmpty()) {
            monday = LocalDate.now().with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            room = null;
        }
        List<Booking> week = bookings.between(room, monday.atStartOfDay(), monday.plusDays(7).atStartOfDay());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<title>Réservation de salles</title></head><body><main><h1>Réservation de salles</h1>"
                + "<p lang=\"en\">Room booking</p><table><caption>Semaine du ")
                .append(monday.format(DateTimeFormatter.ofPattern("dd/MM/yyyy"))).append("</caption><thead><tr>");
        for (int d = 0; d < 7; d++) {
            html.append("<th scope=\"col\">").append(DAY.format(monday.plusDays(d))).append("</th>");
        }
        html.append("</tr></thead><tbody><tr>");
        for (int d = 0; d < 7; d++) {
            LocalDate day = monday.plusDays(d);
            html.append("<td><ul>");
            for (Booking booking : week) {
                if (booking.startsAt().toLocalDate().equals(day)) {
                    html.append("<li>").append(HOUR.format(booking.startsAt())).append("–").append(HOUR.format(booking.endsAt()))
                            .append(" ").append(Html.escape(booking.roomName())).append(" : ")
                            .append(Html.escape(booking.purpose())).append(" (").append(Html.escape(booking.bookedFor()))
                            .append(")</li>");
                }
            }
            html.append("</ul></td>");
        }
        html.append("</tr></tbody></table></main></body></html>");
        response.setContentType("text/html;charset=UTF-8");
        response.getOutputStream().write(html.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static LocalDate monday(HttpServletRequest request, Map<String, String> errors) {
        String date = request.getParameter("date");
        LocalDate day = date == null || date.isBlank() ? LocalDate.now()
                : JsonFields.date(JsonAnswers.JSON.createObjectNode().put("date", date), "date", errors);
        return day == null ? LocalDate.now() : day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private static Long roomParameter(HttpServletRequest request, Map<String, String> errors) {
        String room = request.getParameter("room");
        if (room == null || room.isBlank()) {
            return null;
        }
        if (!room.strip().matches("\\d{1,18}")) {
            errors.put("room", "numéro de salle attendu / a room number is expected");
            return null;
        }
        return Long.parseLong(room.strip());
    }

    static ObjectNode json(Room room) {
        return JsonAnswers.JSON.createObjectNode().put("id", room.id()).put("name", room.name())
                .put("capacity", room.capacity()).put("location", room.location());
    }
}
