package be.imio.platform.salles.internal;

import java.io.IOException;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;

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
import be.imio.platform.api.ImioModule;
import be.imio.platform.api.MenuEntry;
import be.imio.platform.api.Texts;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonFields;
import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;
import be.imio.platform.api.web.Router;

/**
 * Room booking under {@code /modules/salles/}: its pages for staff ({@link SallesPages}) and the
 * JSON API ({@code /api/rooms}, {@code /api/bookings}, {@code /api/week}), in the reader's
 * language; the routes of later releases ({@link SallesRoutes}) are added while they are there.
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
    private final transient List<SallesRoutes> sections = new java.util.concurrent.CopyOnWriteArrayList<>();

    @Activate
    public SallesServlet(@Reference SallesDatabase database, @Reference OpeningHours hours, BundleContext context) {
        this.bookings = database.bookings();
        this.hours = hours;
        this.texts = Texts.of(context.getBundle(), SallesDatabase.MODULE);
        this.router = new Router(texts).unavailable("error.unavailable")
                .route(Route.get("/api/rooms", this::rooms))
                .route(Route.post("/api/rooms", this::addRoom))
                .route(Route.post("/api/bookings", this::book))
                .route(Route.post("/api/bookings/{booking:\\d{1,18}}/cancel", this::cancel))
                .route(Route.get("/api/week", this::week));
        new SallesPages(bookings, hours, texts, () -> sections).addTo(router);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addRoutes(SallesRoutes more) {
        router.add(more, more.routes(bookings));
        sections.add(more);
    }

    void removeRoutes(SallesRoutes more) {
        router.remove(more);
        sections.remove(more);
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
        Requests.NewRoom room = Requests.room(fields, bookings, texts);
        if (room == null) {
            call.invalid(fields);
            return;
        }
        long id = bookings.addRoom(room.name(), room.capacity(), room.location());
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
        Requests.NewBooking asked = Requests.booking(fields, bookings, hours, texts);
        if (asked == null) {
            call.invalid(fields);
            return;
        }
        try {
            long id = bookings.book(asked.room(), asked.slot().starts(), asked.slot().ends(), asked.purpose(),
                    asked.bookedFor(), call.user());
            call.json(201, Json.object().put("id", id));
        } catch (Bookings.Conflict conflict) {
            call.error(409, "conflict", Requests.conflict(texts, conflict.other()));
        }
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
