package be.imio.platform.web.internal;

import java.io.IOException;
import java.util.Set;

import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.context.ServletContextHelper;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContext;

import be.imio.platform.api.WebContexts;

/**
 * The HTTP context under {@code /api}: every request in it must carry the credentials of an
 * account of Karaf's realm holding the {@code admin} or {@code viewer} role, and come from a
 * program or the browser's address bar, never from a page's script ({@link ProgramsOnly}). Platform and module
 * REST endpoints register in this context to be protected the same way.
 */
// One shared instance rather than the bundle scope the specification suggests: this helper serves
// no resources, and with a bundle-scoped service Pax Web and SCR race when Karaf stops (an
// "Error ungetting service" logged at shutdown).
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = ApiContext.NAME, path = "/api")
public final class ApiContext extends ServletContextHelper {

    /** Whiteboard name of this context, for {@code osgi.http.whiteboard.context.select}. */
    public static final String NAME = WebContexts.API;

    static final Set<String> ALLOWED_ROLES = Set.of(WebContexts.ADMIN, WebContexts.VIEWER);

    private final BasicAuthentication authentication = new BasicAuthentication();

    @Reference
    private ClientGate gate;

    @Override
    public boolean handleSecurity(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (ErrorPages.errorDispatch(request)) {
            return true;
        }
        SecurityHeadersFilter.apply(response);
        // Opened from a module's page (window.open), an answer lands in another browsing context
        // group: the page's script cannot read it.
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        return gate.enter(request, response) && RoutedPath.admit(request, response).isPresent()
                && ProgramsOnly.admit(request, response) && authentication.admit(request, response, ALLOWED_ROLES);
    }

    @Override
    public void finishSecurity(HttpServletRequest request, HttpServletResponse response) {
        if (!ErrorPages.errorDispatch(request)) {
            gate.leave(request);
        }
    }
}
