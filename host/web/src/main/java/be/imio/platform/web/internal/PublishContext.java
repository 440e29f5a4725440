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
 * The HTTP context under {@code /repository/maven}, where iMio's developers release with
 * {@code mvn deploy}: anyone may read (GET, HEAD), only an account holding the {@code publisher}
 * role may write. Which artifacts a publisher may release is decided by the repository itself.
 */
@Component(service = ServletContextHelper.class)
@HttpWhiteboardContext(name = PublishContext.NAME, path = "/repository/maven")
public final class PublishContext extends PlatformContext {

    /** Whiteboard name of this context, for {@code osgi.http.whiteboard.context.select}. */
    public static final String NAME = WebContexts.PUBLISH;

    static final Set<String> PUBLISHER_ROLES = Set.of("publisher");

    private final BasicAuthentication authentication = new BasicAuthentication();

    @Reference
    private ClientGate gate;

    @Override
    ClientGate gate() {
        return gate;
    }

    /** Headers only on downloads (below): an upload's answer is Maven's to read, not a browser's. */
    @Override
    void headers(HttpServletResponse response) {
    }

    @Override
    boolean admit(HttpServletRequest request, HttpServletResponse response, String path) throws IOException {
        String method = request.getMethod();
        if ("GET".equals(method) || "HEAD".equals(method)) {
            SecurityHeaders.apply(response);
            return true;
        }
        return authentication.admit(request, response, PUBLISHER_ROLES);
    }
}
