package be.imio.platform.commune.internal;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletRequestWrapper;

/**
 * A request as a module's servlet sees it: mounted at {@code /<module>} in the modules context,
 * as if it were registered with the pattern {@code /<module>/*}.
 */
final class ModuleRequest extends HttpServletRequestWrapper {

    private final String servletPath;
    private final String pathInfo;

    ModuleRequest(HttpServletRequest request, String servletPath, String pathInfo) {
        super(request);
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return null;
    }
}
