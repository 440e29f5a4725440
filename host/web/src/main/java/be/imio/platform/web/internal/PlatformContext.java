package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.http.context.ServletContextHelper;

/**
 * What every context of the platform does first with a request, before its own decision: an
 * error page's dispatch goes through (its request was admitted already); otherwise the answer gets
 * its headers, the client is counted in by the {@link ClientGate} (and out again in
 * {@code finishSecurity}, which Pax Web calls whatever {@code handleSecurity} answered), and a path
 * not in normal form is refused ({@link RoutedPath}).
 */
abstract class PlatformContext extends ServletContextHelper {

    /** The instance's gate; each context has it injected. */
    abstract ClientGate gate();

    /** Sets the headers of every answer of this context, refusals included: the security headers. */
    void headers(HttpServletResponse response) {
        SecurityHeaders.apply(response);
    }

    /**
     * This context's own decision, once the client is counted in and the path is in normal form.
     *
     * @param path the routed path inside the context (see {@link RoutedPath})
     * @return true to serve the request; false when this method has answered it
     */
    abstract boolean admit(HttpServletRequest request, HttpServletResponse response, String path) throws IOException;

    @Override
    public final boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ErrorPages.errorDispatch(request)) {
            return true;
        }
        headers(response);
        if (!gate().enter(request, response)) {
            return false;
        }
        java.util.Optional<String> path = RoutedPath.admit(request, response);
        return path.isPresent() && admit(request, response, path.get());
    }

    @Override
    public final void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (!ErrorPages.errorDispatch(request)) {
            gate().leave(request, response);
        }
    }
}
