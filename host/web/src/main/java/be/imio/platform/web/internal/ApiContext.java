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
public final class ApiContext extends PlatformContext {

    /** Whiteboard name of this context, for {@code osgi.http.whiteboard.context.select}. */
    public static final String NAME = WebContexts.API;

    static final Set<String> ALLOWED_ROLES = Set.of(WebContexts.ADMIN, WebContexts.VIEWER);

    private final BasicAuthentication authentication = new BasicAuthentication();

    @Reference
    private ClientGate gate;

    @Override
    ClientGate gate() {
        return gate;
    }

    @Override
    void headers(HttpServletResponse response) {
        SecurityHeaders.apply(response);
        // Opened from a module's page (window.open), an answer lands in another browsing context
        // group: the page's script cannot read it.
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    @Override
    boolean admit(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        return ProgramsOnly.admit(request, response) && authentication.admit(request, response, ALLOWED_ROLES);
    }
}
