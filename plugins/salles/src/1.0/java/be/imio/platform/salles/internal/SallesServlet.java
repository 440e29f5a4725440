package be.imio.platform.salles.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Locale;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.BelgianFormats;
import be.imio.platform.api.Html;
import be.imio.platform.api.ImioModule;
import be.imio.platform.api.MenuEntry;
import be.imio.platform.api.Message;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * Room booking under {@code /modules/salles/}: the week view for staff ({@code /?room=&date=}),
 * and the JSON API ({@code /api/rooms}, {@code /api/bookings}, {@code /api/week}), in the
 * reader's language.
 */
@Component(service = Servlet.class)
@ImioModule(SallesDatabase.MODULE)
@MenuEntry(fr = "Réservation de salles", en = "Room booking", de = "Raumreservierung")
public final class SallesServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final int MAX_BODY = 16 * 1024;

    private final transient Bookings bookings;
    private final transient OpeningHours hours;
    private final transient Texts texts;
    private final transient Router router;

    @Activate
    public SallesServlet(@Reference SallesDatabase database, @Reference OpeningHours hours, BundleContext context) {
        this.bookings = database.bookings();
        this.hours = hours;
        this.texts = Texts.of(context.getBundle(), SallesDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/", this::weekPage))
                .route(Route.get("/api/rooms", this::rooms))
                .route(Route.post("/api/rooms", this::addRoom))
                .route(Route.post("/api/bookings", this::book))
                .route(Route.post("/api/bookings/{booking:\\d{1,18}}/cancel", this::cancel))
                .route(Route.get("/api/week", this::week));
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(SallesRoutes more) {
        router.add(more, more.routes(bookings));
    }

    void removeRoutes(SallesRoutes more) {
        router.remove(more);
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        router.serve(request, response);
    }

    private void addRoom(Call call) throws IOException, SQLException {
        JsonNode body = call.adminChange(MAX_BODY);
        if (body == null) {
            return;
        }
        JsonFields fields = new JsonFields(body);
        String name = fields.text("name", 100, texts.message("field.room_name"));
        int capacity = fields.number("capacity", 1, 5000);
        String location = fields.text("location", 200, texts.message("field.location"));
        if (fields.valid() && bookings.rooms().stream().anyMatch(r -> r.name().equalsIgnoreCase(name))) {
            fields.reject("name", texts.message("error.room_exists"));
        }
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        long id = bookings.addRoom(name, capacity, location);
        call.json(201, json(bookings.room(id).orElseThrow()));
    }

    private void rooms(Call call) throws IOException, SQLException {
        ObjectNode body = Json.object();
        ArrayNode list = body.putArray("rooms");
        bookings.rooms().forEach(room -> list.add(json(room)));
        call.json(200, body);
    }

    private void book(Call call) throws IOException, SQLException {
        JsonNode body = call.adminChange(MAX_BODY);
        if (body == null) {
            return;
        }
        JsonFields fields = new JsonFields(body);
        long roomId = fields.number("room", 1, Integer.MAX_VALUE);
        LocalDateTime starts = fields.dateTime("startsAt");
        LocalDateTime ends = fields.dateTime("endsAt");
        String purpose = fields.text("purpose", 300, texts.message("field.purpose"));
        String bookedFor = fields.text("bookedFor", 200, texts.message("field.booked_for"));
        Slot slot = Slot.check(starts, ends, LocalDate.now(BelgianFormats.BRUSSELS), hours.opens(), hours.closes(), fields,
                texts);
        if (fields.valid() && bookings.room(roomId).isEmpty()) {
            fields.reject("room", texts.message("error.unknown_room"));
        }
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        try {
            long id = bookings.book(roomId, slot.starts(), slot.ends(), purpose, bookedFor, call.user());
            call.json(201, Json.object().put("id", id));
        } catch (Bookings.Conflict conflict) {
            Booking other = conflict.other();
            call.error(409, "conflict", "error.conflict", time(other.startsAt()), time(other.endsAt()), other.purpose());
        }
    }

    /** {@code at}'s time as Belgians write it in every language: 18:00. */
    private static Message time(LocalDateTime at) {
        return Message.written(language -> BelgianFormats.time(language, at.toLocalTime()));
    }

    private void cancel(Call call) throws IOException, SQLException {
        if (call.adminChange(MAX_BODY) == null) {
            return;
        }
        long booking = Long.parseLong(call.path("booking"));
        if (bookings.cancel(booking)) {
            call.json(200, Json.object().put("cancelled", booking));
        } else {
            call.error(404, "unknown_booking", "error.unknown_booking");
        }
    }

    /** {@code /api/week?date=29/11/2026[&room=id]}: the bookings of that date's week, Monday to Sunday. */
    private void week(Call call) throws IOException, SQLException {
        JsonFields fields = new JsonFields(Json.object().put("date", call.query("date")));
        LocalDate monday = monday(call, fields);
        Long room = roomParameter(call, fields);
        if (!fields.valid()) {
            call.invalid(fields);
            return;
        }
        ObjectNode body = Json.object().put("monday", monday.toString());
        ArrayNode list = body.putArray("bookings");
        for (Booking booking : bookings.between(room, monday.atStartOfDay(), monday.plusDays(7).atStartOfDay())) {
            list.addObject().put("id", booking.id()).put("room", booking.roomId()).put("roomName", booking.roomName())
                    .put("startsAt", booking.startsAt().toString()).put("endsAt", booking.endsAt().toString())
                    .put("purpose", booking.purpose()).put("bookedFor", booking.bookedFor())
                    .put("bookedBy", booking.bookedBy());
        }
        call.json(200, body);
    }

    /** The week view: one column per day, each booking with its hours, room and purpose, in the reader's language. */
    private void weekPage(Call call) throws IOException, SQLException {
        Locale language = call.language();
        JsonFields fields = new JsonFields(Json.object().put("date", call.query("date")));
        LocalDate monday = monday(call, fields);
        Long room = roomParameter(call, fields);
        if (!fields.valid()) {
            monday = LocalDate.now(BelgianFormats.BRUSSELS).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            room = null;
        }
        List<Booking> week = bookings.between(room, monday.atStartOfDay(), monday.plusDays(7).atStartOfDay());
        StringBuilder html = new StringBuilder("<!DOCTYPE html><html lang=\"").append(language.getLanguage())
                .append("\"><head><meta charset=\"utf-8\"><title>").append(Html.escape(call.text("week.title")))
                .append("</title></head><body><main><h1>").append(Html.escape(call.text("week.title"))).append("</h1><p>")
                .append(Html.languageLinks(language)).append("</p><table><caption>")
                .append(Html.escape(call.text("week.caption", BelgianFormats.date(language, monday))))
                .append("</caption><thead><tr>");
        for (int d = 0; d < 7; d++) {
            html.append("<th scope=\"col\">").append(BelgianFormats.day(language, monday.plusDays(d))).append("</th>");
        }
        html.append("</tr></thead><tbody><tr>");
        for (int d = 0; d < 7; d++) {
            LocalDate day = monday.plusDays(d);
            html.append("<td><ul>");
            for (Booking booking : week) {
                if (booking.startsAt().toLocalDate().equals(day)) {
                    html.append("<li>").append(Html.escape(call.text("week.booking",
                            BelgianFormats.time(language, booking.startsAt().toLocalTime()),
                            BelgianFormats.time(language, booking.endsAt().toLocalTime()), booking.roomName(),
                            booking.purpose(), booking.bookedFor()))).append("</li>");
                }
            }
            html.append("</ul></td>");
        }
        html.append("</tr></tbody></table></main></body></html>");
        call.html(html.toString());
    }

    private static LocalDate monday(Call call, JsonFields fields) {
        LocalDate today = LocalDate.now(BelgianFormats.BRUSSELS);
        LocalDate day = call.query("date").isEmpty() ? today : fields.date("date");
        return (day == null ? today : day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
    }

    private Long roomParameter(Call call, JsonFields fields) {
        String room = call.query("room");
        if (room.isEmpty()) {
            return null;
        }
        if (!room.matches("\\d{1,18}")) {
            fields.reject("room", texts.message("error.room_number"));
            return null;
        }
        return Long.parseLong(room);
    }

    static ObjectNode json(Room room) {
        return Json.object().put("id", room.id()).put("name", room.name()).put("capacity", room.capacity())
                .put("location", room.location());
    }
}
