package be.imio.platform.commune.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.WebContexts;

/**
 * Answers every request under {@code /modules} that no module servlet takes. A module's own
 * servlet ({@code /<module>/*}) is more specific and wins while it is registered; while the module
 * is swapped (or its servlet is on its way) this answers 503 with {@code Retry-After}, and 404
 * only for modules that are not enabled.
 */
@Component(service = Servlet.class)
@HttpWhiteboardServletName("imio.modules.fallback")
@HttpWhiteboardServletPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.MODULES + ")")
public final class ModuleFallbackServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    static final String RETRY_AFTER_SECONDS = "2";

    private final transient SwapGuard guard;

    @Activate
    public ModuleFallbackServlet(@Reference SwapGuard guard) {
        this.guard = guard;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        answer(request, response, guard);
    }

    /** Answers for a module whose servlet is not there: 503 while it is expected back, else 404. */
    static void answer(HttpServletRequest request, HttpServletResponse response, SwapGuard guard) throws IOException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        String module = path.length() > 1 ? path.substring(1).split("/", 2)[0] : "";
        response.setHeader("Cache-Control", "no-store");
        if (!module.isEmpty() && guard.expectsModule(module)) {
            response.setHeader("Retry-After", RETRY_AFTER_SECONDS);
            send(response, 503, "Module en cours de mise à jour", "Ce module est en cours de mise à jour ; réessayez"
                    + " dans quelques secondes.", "This module is being updated; try again in a few seconds.");
        } else {
            send(response, 404, "Module introuvable", "Aucun module activé à cette adresse.",
                    "No enabled module at this address.");
        }
    }

    private static void send(HttpServletResponse response, int status, String title, String fr, String en)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        String page = "<!DOCTYPE html><html lang=\"fr\"><head><meta charset=\"utf-8\"><title>" + title
                + "</title></head><body><main><h1>" + title + "</h1><p>" + fr + "</p><p lang=\"en\">" + en
                + "</p></main></body></html>";
        response.getOutputStream().write(page.getBytes(StandardCharsets.UTF_8));
    }
}
