package be.imio.platform.web.internal;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

import be.imio.platform.web.whiteboard.LiveContext;

/**
 * The platform's own default context ({@code /}: {@code /health}, the home page, the repository's
 * metadata and reports): it takes the place of the Whiteboard implementation's by name and
 * ranking (OSGi Compendium 140.2), and gives the requests it serves what every other context of
 * the platform gives them: the security headers, the per-client bound ({@link ClientGate}) and the
 * refusal of paths not in normal form ({@link RoutedPath}).
 */
// A context helper rather than a filter: Pax Web caches a context's filter chain, servlet
// included, by path, and a request that arrived while a servlet was being registered could leave
// the chain to the servlet it replaced in that cache for good (seen: /health answered by the home
// page's 404 until the next restart). With no filter there is no chain to cache.
@Component(service = ServletContextHelper.class, property = Constants.SERVICE_RANKING + ":Integer=100")
@HttpWhiteboardContext(name = LiveContext.DEFAULT, path = "/")
public final class DefaultContext extends PlatformContext {

    @Reference
    private ClientGate gate;
    @Reference
    private MetricsAccess metrics;

    @Override
    ClientGate gate() {
        return gate;
    }

    /** Public pages are for anyone; {@code /metrics} for whom {@link MetricsAccess} lets in. */
    @Override
    boolean admit(HttpServletRequest request, HttpServletResponse response, String path) throws java.io.IOException {
        return !path.equals("/metrics") || metrics.admit(request, response);
    }
}
