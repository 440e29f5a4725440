package be.imio.platform.conseil.internal;

import java.util.List;

import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Pages or endpoints a later release adds, as a component of its own: the module's servlet adds
 * its routes to its router while the component is there.
 */
interface ConseilRoutes {

    /** The routes, answering on {@code council}. */
    List<Route> routes(Council council);

    /**
     * What this release adds to an agenda item's page ({@code /meetings/<m>/items/<i>}), as HTML
     * escaped here: a section of its own, with its own form; "" for nothing.
     */
    default String section(Call call, Meeting meeting, AgendaItem item, Council council) throws java.sql.SQLException {
        return "";
    }
}
