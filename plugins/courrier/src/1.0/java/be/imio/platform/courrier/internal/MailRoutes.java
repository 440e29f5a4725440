package be.imio.platform.courrier.internal;

import java.util.List;

import be.imio.platform.api.web.Call;
import be.imio.platform.api.web.Route;

/**
 * Pages or endpoints a later release adds to the register, as a component of its own: the
 * register's servlet adds its routes to its router while the component is there.
 */
interface MailRoutes {

    /** The routes, answering on {@code register}. */
    List<Route> routes(MailRegister register);

    /**
     * What this release adds to a letter's page ({@code /mails/<reference>}), as HTML escaped here:
     * a section of its own, with its own form; "" for nothing.
     */
    default String section(Call call, Mail mail, MailRegister register) throws java.sql.SQLException {
        return "";
    }
}
