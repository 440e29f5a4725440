package be.imio.platform.web.internal;

import java.io.IOException;

import javax.servlet.Filter;
import javax.servlet.FilterChain;
import javax.servlet.ServletException;
import javax.servlet.ServletRequest;
import javax.servlet.ServletResponse;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardFilterPattern;

import be.imio.platform.web.whiteboard.LiveContext;

/**
 * Sets the browser security headers on every answer, so that no page or API of the platform or
 * of a module can be framed, sniffed or made to load outside code: as a filter in the default
 * context, and from {@link #apply} in the handleSecurity of each of the platform's own contexts.
 */
// Not one filter for all contexts: Pax Web re-registers such a filter whenever any context goes,
// rebuilding every context's chain, and at shutdown was seen to map a servlet twice doing so.
// Registered only once its context is live: see LiveContext.
@Component(service = Filter.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + LiveContext.DEFAULT + ")"))
@HttpWhiteboardFilterPattern("/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=default)")
public final class SecurityHeadersFilter implements Filter {

    @Reference
    private ClientGate gate;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        apply((HttpServletResponse) response);
        HttpServletRequest http = (HttpServletRequest) request;
        if (!gate.enter(http, (HttpServletResponse) response)) {
            return;
        }
        try {
            // The default context's servlets (/repository/metadata, /repository/reports, /health, /)
            // get the same refusal of paths not in normal form as the platform's own contexts.
            if (RoutedPath.admit(http, (HttpServletResponse) response).isPresent()) {
                chain.doFilter(request, response);
            }
        } finally {
            gate.leave(http);
        }
    }

    /** Also called by context helpers, whose refusals are sent before any filter runs. */
    static void apply(HttpServletResponse response) {
        response.setHeader("Content-Security-Policy",
                "default-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // same-origin, not no-referrer: with no-referrer browsers send "Origin: null" on the platform's
        // own form posts, which the console's same-site check must then refuse.
        response.setHeader("Referrer-Policy", "same-origin");
    }
}
