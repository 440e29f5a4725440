package be.imio.solutions.probe;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import javax.servlet.ServletException;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.BundleContext;

import be.imio.platform.api.HealthCheck;
import be.imio.platform.api.HealthStatus;

/**
 * The test module's pages, under {@code /modules/probe}: {@code GET public/version} names the
 * release. A release built with {@code -Dprobe.fail=true} carries {@code Probe-Fail: true}, and
 * this component then throws in {@code activate}, as a module whose start-up goes wrong would. As
 * described by {@code OSGI-INF/servlet-checked.xml}, it is also the module's health check.
 * {@code Probe-Fail: block} makes its {@code activate} wait ten minutes unless interrupted;
 * {@code slow-fail} makes it throw after 4 s; {@code block-hard} makes it wait ten minutes whatever happens;
 * {@code Probe-Fail: init} makes its {@code init} throw; {@code check-error} makes its check throw an
 * {@code Error}; {@code check-block} makes its check never answer.
 */
public final class ProbeServlet extends HttpServlet implements HealthCheck {

    private static final long serialVersionUID = 1L;

    private volatile String version = "?";

    private volatile String fail = "";

    void activate(BundleContext context) {
        version = context.getBundle().getVersion().toString();
        fail = String.valueOf(context.getBundle().getHeaders().get("Probe-Fail"));
        if ("true".equalsIgnoreCase(fail)) {
            throw new IllegalStateException("probe " + version + " : registre des sondes illisible / probe register"
                    + " unreadable");
        }
        if ("slow-fail".equalsIgnoreCase(fail)) {
            // A start-up that gives up after a while (a server that does not answer, with a time limit).
            try {
                Thread.sleep(4000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("probe " + version + " : serveur des sondes muet - probe server silent");
        }
        if ("block-hard".equalsIgnoreCase(fail)) {
            // As a socket read with no time limit: an interrupt does not end it.
            long until = System.currentTimeMillis() + 600_000;
            while (System.currentTimeMillis() < until) {
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ignored) {
                    // keeps waiting
                }
            }
        }
        if ("block".equalsIgnoreCase(fail)) {
            // As a start-up that waits for a server with no time limit: only an interrupt ends it.
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("probe " + version + " : attente interrompue / wait interrupted", e);
            }
        }
    }

    @Override
    public void init() throws ServletException {
        if ("init".equalsIgnoreCase(fail)) {
            throw new ServletException("probe " + version + " : pages impossibles à démarrer - pages cannot start");
        }
    }

    @Override
    public HealthStatus check() {
        if ("check-error".equalsIgnoreCase(fail)) {
            throw new NoClassDefFoundError("be/imio/solutions/probe/Gone");
        }
        if ("check-block".equalsIgnoreCase(fail)) {
            while (true) {
                try {
                    Thread.sleep(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return HealthStatus.down("interrupted");
                }
            }
        }
        return HealthStatus.up("probe " + version + " prête / ready");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if ("/public/throw".equals(request.getPathInfo())) {
            throw new IllegalStateException("probe : détail interne secret / secret internal detail");
        }
        boolean known = "/public/version".equals(request.getPathInfo());
        response.setStatus(known ? 200 : 404);
        response.setContentType("text/plain;charset=UTF-8");
        response.getOutputStream().write((known ? "probe " + version : "page inconnue / unknown page")
                .getBytes(StandardCharsets.UTF_8));
    }
}
