package be.imio.platform.web.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.WebContexts;

/**
 * The console's style sheet and script, from this bundle: no page of the console loads anything
 * from outside the host. A fixed list, so no path from the request ever reaches the class loader.
 */
@Component(service = Servlet.class, reference = @Reference(name = "context", service = ServletContextHelper.class,
        target = "(osgi.http.whiteboard.context.name=" + WebContexts.CONSOLE + ")"))
@HttpWhiteboardServletName("imio.console.static")
@HttpWhiteboardServletPattern("/static/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.CONSOLE + ")")
public final class ConsoleAssets extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Map<String, String> ASSETS = Map.of(
            "/console.css", "text/css;charset=UTF-8",
            "/console.js", "text/javascript;charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo();
        String type = name == null ? null : ASSETS.get(name);
        if (type == null) {
            response.sendError(404);
            return;
        }
        try (InputStream in = ConsoleAssets.class.getResourceAsStream("/console-static" + name)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            response.setContentType(type);
            // Short: a module update never changes these, but a platform upgrade may.
            response.setHeader("Cache-Control", "max-age=300");
            in.transferTo(response.getOutputStream());
        }
    }
}
