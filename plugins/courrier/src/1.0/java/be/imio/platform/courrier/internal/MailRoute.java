package be.imio.platform.courrier.internal;

import java.io.IOException;
import java.sql.SQLException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

/**
 * A page or endpoint added to the register by a later release, as a component of its own: the
 * register's servlet offers each request to its routes before answering 404.
 */
interface MailRoute {

    /** True when this route answers {@code method} on {@code path} (the path after {@code /modules/courrier}). */
    boolean answers(String method, String path);

    void answer(HttpServletRequest request, HttpServletResponse response, MailRegister register)
            throws IOException, SQLException;
}
