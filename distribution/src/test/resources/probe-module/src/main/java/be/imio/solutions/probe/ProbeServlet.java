package be.imio.solutions.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;

/**
 * The test module's pages, under {@code /modules/probe}: {@code GET public/version} names the
 * release. A release built with {@code -Dprobe.fail=true} carries {@code Probe-Fail: true}, and
 * this component then throws in {@code activate}, as a module whose start-up goes wrong would.
 */
public final class ProbeServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private volatile String version = "?";

    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
        if ("true".equalsIgnoreCase(context.getBundle().getHeaders().get("Probe-Fail"))) {
            throw new IllegalStateException("probe " + version + " : registre des sondes illisible / probe register"
                    + " unreadable");
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean known = "/public/version".equals(request.getPathInfo());
        response.setStatus(known ? 200 : 404);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((known ? "probe " + version : "page inconnue / unknown page")
                .getBytes(StandardCharsets.UTF_8));
    }
}
