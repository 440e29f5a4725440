package be.imio.platform.salles.internal;

import java.util.List;

import be.imio.platform.api.web.Route;

/**
 * Pages or endpoints a later release adds, as a component of its own: the module's servlet adds
 * its routes to its router while the component is there.
 */
interface SallesRoutes {

    /** The routes, answering on {@code bookings}. */
    List<Route> routes(Bookings bookings);
}
