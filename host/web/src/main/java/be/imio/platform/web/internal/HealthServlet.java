package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.apache.karaf.features.BootFinished;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import be.imio.platform.api.HealthStatus;
import be.imio.platform.api.PlatformInstance;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * {@code GET /health}: public liveness for load balancers and supervisors. It answers only once the
 * instance's database is ready (it needs {@link PlatformInstance}) and Karaf has started every boot
 * feature, the role's included ({@link BootFinished}); then 200 while no check is down and 503
 * otherwise. One of the checks is always {@link WebReadiness}: 200 means every page and API of the
 * platform is served, not only this one. It says nothing more: the details are in the authenticated {@code /api/status}.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardServletName("imio.health")
@HttpWhiteboardServletPattern("/health")
public final class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PlatformInstance instance;
    private final transient HealthChecks checks;
    private final transient WebReadiness readiness;

    @Activate
    public HealthServlet(@Reference PlatformInstance instance, @Reference HealthChecks checks,
            @Reference BootFinished bootFinished, @Reference WebReadiness readiness) {
        this.instance = instance;
        this.checks = checks;
        this.readiness = readiness;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        // Asked directly too: the list of checks may not hold it yet in the instant it arrives.
        HealthStatus overall = HealthChecks.overall(checks.runAll()).worst(readiness.check());
        response.setStatus(overall.state() == HealthStatus.State.DOWN ? 503 : 200);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.getWriter().write("{\"status\":" + Text.json(overall.state().name())
                + ",\"role\":" + Text.json(instance.role().id()) + "}\n");
    }
}
