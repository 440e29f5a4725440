package be.imio.platform.salles.internal;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
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
 * The room booking's pages for staff, in the platform's frame: the week's bookings, day by day,
 * for every room or one ({@code /?date=&room=}, each booking cancelled from there), the form that
 * books a room within the opening hours the commune set ({@code /book}; a room already taken is
 * refused in words: when, and by what), the rooms and the form that adds one ({@code /rooms}), and
 * a room's page ({@code /rooms/<id>}, with what later releases add: {@link SallesRoutes#section}).
 * Every change is checked as the JSON API checks it ({@link Requests}).
 */
final class SallesPages {

    private final Bookings bookings;
    private final OpeningHours hours;
    private final Texts texts;
    private final Supplier<List<SallesRoutes>> sections;

    SallesPages(Bookings bookings, OpeningHours hours, Texts texts, Supplier<List<SallesRoutes>> sections) {
        this.bookings = bookings;
        this.hours = hours;
        this.texts = texts;
        this.sections = sections;
    }

    void addTo(Router router) {
        router.route(Route.get("/", this::week).listed("nav.week"))
                .route(Route.get("/book", call -> bookForm(call, call.queryFields(), null, 200)).listed("nav.book"))
                .route(Route.post("/bookings", this::book))
                .route(Route.get("/bookings/{booking:\\d{1,18}}/cancel", this::cancelPage))
                .route(Route.post("/bookings/{booking:\\d{1,18}}/cancel", this::cancel))
                .route(Route.get("/rooms", call -> rooms(call, null, null, 200)).listed("nav.rooms"))
                .route(Route.post("/rooms", this::addRoom))
                .route(Route.get("/rooms/{room:\\d{1,18}}", this::room));
    }

    /** The week of {@code ?date=} (this week without it), Monday to Sunday, for {@code ?room=} or every room. */
    private void week(Call call) throws IOException, SQLException {
        ObjectNode asked = call.queryFields();
        JsonFields fields = JsonFields.ofForm(asked);
        LocalDate today = LocalDate.now(BelgianFormats.BRUSSELS);
        LocalDate day = asked.path("date").asText("").isBlank() ? today : fields.date("date");
        LocalDate monday = (day == null ? today : day).with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        String roomText = asked.path("room").asText("");
        Long room = roomText.matches("\\d{1,18}") ? Long.valueOf(roomText) : null;
        List<Room> rooms = bookings.rooms();
        StringBuilder main = new StringBuilder(8192).append(call.confirmation()).append("<p>")
                .append(escape(call.text("hours.now", hours.opens(), hours.closes()))).append("</p>");
        List<Form.Option> choices = new ArrayList<>();
        choices.add(new Form.Option("", call.text("week.every_room")));
        rooms.forEach(r -> choices.add(new Form.Option(Long.toString(r.id()), r.name())));
        main.append(new Form(call, "/").id("week").searching().problems(fields).values(asked)
                .select("room", "label.room", choices, "").optional()
                .date("date", "label.week_of", monday).optional()
                .html("button.show"));
        String roomQuery = room == null ? "" : "&room=" + room;
        main.append("<p class=\"actions\"><a href=\"").append(escape(call.href("/?date="
                + BelgianFormats.date(Texts.FRENCH, monday.minusWeeks(1)) + roomQuery))).append("\">")
                .append(escape(call.text("week.previous"))).append("</a> <a href=\"").append(escape(call.href("/?date="
                + BelgianFormats.date(Texts.FRENCH, monday.plusWeeks(1)) + roomQuery))).append("\">")
                .append(escape(call.text("week.next"))).append("</a></p>");
        List<Booking> week = bookings.between(room, monday.atStartOfDay(), monday.plusDays(7).atStartOfDay());
        main.append("<table class=\"week\"><caption>")
                .append(escape(call.text("week.caption", BelgianFormats.date(call.language(), monday))))
                .append("</caption><thead><tr>");
        for (int d = 0; d < 7; d++) {
            main.append("<th scope=\"col\">").append(escape(BelgianFormats.day(call.language(), monday.plusDays(d))))
                    .append("</th>");
        }
        main.append("</tr></thead><tbody><tr>");
        for (int d = 0; d < 7; d++) {
            LocalDate date = monday.plusDays(d);
            boolean empty = true;
            main.append("<td><ul class=\"bookings\">");
            for (Booking booking : week) {
                if (booking.startsAt().toLocalDate().equals(date)) {
                    main.append("<li>").append(escape(call.text("week.booking",
                            BelgianFormats.time(call.language(), booking.startsAt().toLocalTime()),
                            BelgianFormats.time(call.language(), booking.endsAt().toLocalTime()), booking.roomName(),
                            booking.purpose(), booking.bookedFor())))
                            .append(call.admin() ? " <a class=\"cancel\" href=\"" + escape(call.href("/bookings/"
                                    + booking.id() + "/cancel")) + "\">" + escape(call.text("link.cancel",
                                    booking.purpose(), BelgianFormats.time(call.language(), booking.startsAt().toLocalTime())))
                                    + "</a>" : "")
                            .append("</li>");
                    empty = false;
                }
            }
            if (empty) {
                main.append("<li class=\"muted\">").append(escape(call.text("week.free"))).append("</li>");
            }
            main.append("</ul></td>");
        }
        main.append("</tr></tbody></table>");
        call.page(call.text("week.title"), main.toString());
    }

    /** The booking form; {@code sent} fills it (what was refused, or a free room's link), {@code checked} its problems. */
    private void bookForm(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        List<Room> rooms = bookings.rooms();
        if (rooms.isEmpty()) {
            call.page(status, call.text("page.book"), "<p>" + escape(call.text("rooms.none")) + " <a href=\""
                    + escape(call.href("/rooms")) + "\">" + escape(call.text("nav.rooms")) + "</a></p>");
            return;
        }
        List<Form.Option> choices = new ArrayList<>();
        rooms.forEach(r -> choices.add(new Form.Option(Long.toString(r.id()), call.text("room.choice", r.name(),
                BelgianFormats.number(call.language(), r.capacity())))));
        String form = new Form(call, "/bookings").id("book").problems(checked).values(sent.isEmpty() ? null : sent)
                .select("room", "label.room", choices, choices.get(0).value())
                .dateTime("startsAt", "label.starts_at", null)
                .dateTime("endsAt", "label.ends_at", null)
                .text("purpose", "label.purpose", "", 300)
                .text("bookedFor", "label.booked_for", "", 200)
                .html("button.book");
        call.page(status, call.text("page.book"), "<p>" + escape(call.text("hours.now", hours.opens(), hours.closes()))
                + "</p>" + (form.isEmpty() ? readOnly(call) : form));
    }

    private void book(Call call) throws IOException, SQLException {
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(sent);
        Requests.NewBooking asked = Requests.booking(fields, bookings, hours, texts);
        if (asked == null) {
            bookForm(call, sent, fields, 400);
            return;
        }
        try {
            bookings.book(asked.room(), asked.slot().starts(), asked.slot().ends(), asked.purpose(), asked.bookedFor(),
                    call.user());
            call.seeOther("/?date=" + URLEncoder.encode(BelgianFormats.date(Texts.FRENCH, asked.slot().starts().toLocalDate()),
                    StandardCharsets.UTF_8) + "&room=" + asked.room() + "&done=booked");
        } catch (Bookings.Conflict conflict) {
            fields.reject("startsAt", Requests.conflict(texts, conflict.other()));
            bookForm(call, sent, fields, 409);
        }
    }

    /** What a cancellation would cancel, and the button that does it: nothing is cancelled by one keypress. */
    private void cancelPage(Call call) throws IOException, SQLException {
        Optional<Booking> found = bookings.booking(Long.parseLong(call.path("booking")));
        if (found.isEmpty()) {
            unknown(call, "error.unknown_booking");
            return;
        }
        Booking booking = found.get();
        String form = new Form(call, "/bookings/" + booking.id() + "/cancel").id("cancel").html("button.cancel",
                booking.purpose());
        call.page(call.text("page.cancel"), "<p>" + escape(call.text("room.booking",
                BelgianFormats.date(call.language(), booking.startsAt().toLocalDate()),
                BelgianFormats.time(call.language(), booking.startsAt().toLocalTime()),
                BelgianFormats.time(call.language(), booking.endsAt().toLocalTime()), booking.purpose(), booking.bookedFor()))
                + " — " + escape(booking.roomName()) + "</p>" + (form.isEmpty() ? readOnly(call) : form)
                + "<p><a href=\"" + escape(call.href(weekOf(booking))) + "\">" + escape(call.text("link.keep")) + "</a></p>");
    }

    private void cancel(Call call) throws IOException, SQLException {
        if (call.form() == null) {
            return;
        }
        Optional<Booking> found = bookings.booking(Long.parseLong(call.path("booking")));
        if (found.isPresent() && bookings.cancel(found.get().id())) {
            call.seeOther(weekOf(found.get()) + "&done=cancelled");
        } else {
            unknown(call, "error.unknown_booking");
        }
    }

    /** The week view of {@code booking}'s day and room. */
    private static String weekOf(Booking booking) {
        return "/?date=" + URLEncoder.encode(BelgianFormats.date(Texts.FRENCH, booking.startsAt().toLocalDate()),
                StandardCharsets.UTF_8) + "&room=" + booking.roomId();
    }

    /** The rooms, and the form that adds one. */
    private void rooms(Call call, ObjectNode sent, JsonFields checked, int status) throws IOException, SQLException {
        List<Room> rooms = bookings.rooms();
        StringBuilder main = new StringBuilder(4096).append(call.confirmation());
        if (rooms.isEmpty()) {
            main.append("<p>").append(escape(call.text("rooms.none"))).append("</p>");
        } else {
            main.append("<table><caption>").append(escape(call.text("rooms.caption"))).append("</caption><thead><tr>");
            for (String column : new String[] {"column.room", "column.capacity", "column.location"}) {
                main.append("<th scope=\"col\">").append(escape(call.text(column))).append("</th>");
            }
            main.append("</tr></thead><tbody>");
            for (Room room : rooms) {
                main.append("<tr><th scope=\"row\"><a href=\"").append(escape(call.href("/rooms/" + room.id()))).append("\">")
                        .append(escape(room.name())).append("</a></th><td>")
                        .append(escape(BelgianFormats.number(call.language(), room.capacity()))).append("</td><td>")
                        .append(escape(room.location())).append("</td></tr>");
            }
            main.append("</tbody></table>");
        }
        String add = new Form(call, "/rooms").id("room").problems(checked).values(sent)
                .text("name", "label.room_name", "", 100)
                .number("capacity", "label.capacity", null, 1, 5000)
                .text("location", "label.location", "", 200)
                .html("button.add_room");
        if (!add.isEmpty()) {
            main.append("<h2>").append(escape(call.text("heading.add_room"))).append("</h2>").append(add);
        }
        call.page(status, call.text("page.rooms"), main.toString());
    }

    private void addRoom(Call call) throws IOException, SQLException {
        ObjectNode sent = call.form();
        if (sent == null) {
            return;
        }
        JsonFields fields = JsonFields.ofForm(sent);
        Requests.NewRoom room = Requests.room(fields, bookings, texts);
        if (room == null) {
            rooms(call, sent, fields, 400);
            return;
        }
        bookings.addRoom(room.name(), room.capacity(), room.location());
        call.seeOther("/rooms?done=room_added");
    }

    /** A room's page: what it is, its coming bookings, what later releases add. */
    private void room(Call call) throws IOException, SQLException {
        Optional<Room> found = bookings.room(Long.parseLong(call.path("room")));
        if (found.isEmpty()) {
            unknown(call, "error.unknown_room");
            return;
        }
        Room room = found.get();
        StringBuilder main = new StringBuilder(4096).append(call.confirmation()).append("<dl class=\"facts\"><dt>")
                .append(escape(call.text("column.capacity"))).append("</dt><dd>")
                .append(escape(BelgianFormats.number(call.language(), room.capacity()))).append("</dd><dt>")
                .append(escape(call.text("column.location"))).append("</dt><dd>").append(escape(room.location()))
                .append("</dd></dl><h2>").append(escape(call.text("heading.coming"))).append("</h2>");
        LocalDateTime now = LocalDateTime.now(BelgianFormats.BRUSSELS);
        List<Booking> coming = bookings.between(room.id(), now, now.plusDays(60));
        if (coming.isEmpty()) {
            main.append("<p>").append(escape(call.text("room.free"))).append("</p>");
        } else {
            main.append("<ul>");
            for (Booking booking : coming) {
                main.append("<li>").append(escape(call.text("room.booking",
                        BelgianFormats.date(call.language(), booking.startsAt().toLocalDate()),
                        BelgianFormats.time(call.language(), booking.startsAt().toLocalTime()),
                        BelgianFormats.time(call.language(), booking.endsAt().toLocalTime()), booking.purpose(),
                        booking.bookedFor()))).append("</li>");
            }
            main.append("</ul>");
        }
        for (SallesRoutes more : sections.get()) {
            main.append(more.section(call, room, bookings));
        }
        main.append("<p><a href=\"").append(escape(call.href("/rooms"))).append("\">").append(escape(call.text("link.rooms")))
                .append("</a></p>");
        call.page(room.name(), main.toString());
    }

    private static void unknown(Call call, String key) throws IOException {
        call.page(404, call.text("page.unknown"), "<p class=\"error\" role=\"alert\">" + escape(call.text(key)) + "</p>"
                + "<p><a href=\"" + escape(call.href("/")) + "\">" + escape(call.text("week.title")) + "</a></p>");
    }

    private static String readOnly(Call call) {
        return "<p>" + escape(call.text("page.read_only")) + "</p>";
    }

    private static String escape(String text) {
        return Html.escape(text);
    }
}
