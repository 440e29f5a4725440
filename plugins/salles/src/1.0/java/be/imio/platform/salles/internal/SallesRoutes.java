package be.imio.platform.salles.internal;

import java.util.List;

import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Pages or endpoints a later release adds, as a component of its own: the module's servlet adds
 * its routes to its router while the component is there.
 */
interface SallesRoutes {

    /** The routes, answering on {@code bookings}. */
    List<Route> routes(Bookings bookings);

    /**
     * What this release adds to a room's page ({@code /rooms/<id>}), as HTML escaped here: a
     * section of its own, with its own form; "" for nothing.
     */
    default String section(Call call, Room room, Bookings bookings) throws java.sql.SQLException {
        return "";
    }
}
