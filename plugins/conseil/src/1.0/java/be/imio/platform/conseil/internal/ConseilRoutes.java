package be.imio.platform.conseil.internal;

import java.util.List;

import be.imio.platform.api.web.Route;

/**
 * Pages or endpoints a later release adds, as a component of its own: the module's servlet adds
 * its routes to its router while the component is there.
 */
interface ConseilRoutes {

    /** The routes, answering on {@code council}. */
    List<Route> routes(Council council);
}
