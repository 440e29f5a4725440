package be.imio.platform.salles.internal;

import java.io.IOException;
import java.sql.SQLException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A page or endpoint added by a later release, as a component of its own: the module's servlet
 * offers each request to its routes before answering 404.
 */
interface SallesRoute {

    /** True when this route answers {@code method} on {@code path} (the path after {@code /modules/salles}). */
    boolean answers(String method, String path);

    void answer(HttpServletRequest request, HttpServletResponse response, Bookings bookings)
            throws IOException, SQLException;
}
