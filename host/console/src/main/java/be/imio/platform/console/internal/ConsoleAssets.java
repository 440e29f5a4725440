package be.imio.platform.console.internal;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

import javax.servlet.http.HttpServletResponse;

/**
 * The console's style sheet and script, from this bundle. A fixed list, so no path from the
 * request ever reaches the class loader.
 */
final class ConsoleAssets {

    private static final Map<String, String> ASSETS = Map.of(
            "/console.css", "text/css;charset=UTF-8",
            "/console.js", "text/javascript;charset=UTF-8");

    private ConsoleAssets() {
    }

    static void send(String name, HttpServletResponse response) throws IOException {
        String type = name == null ? null : ASSETS.get(name);
        try (InputStream in = type == null ? null : ConsoleAssets.class.getResourceAsStream("/console-static" + name)) {
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
