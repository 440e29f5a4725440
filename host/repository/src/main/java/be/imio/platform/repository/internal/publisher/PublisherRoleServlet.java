package be.imio.platform.repository.internal.publisher;

import static be.imio.platform.api.json.JsonAnswers.send;

import java.io.IOException;
import java.sql.SQLException;

import javax.servlet.Servlet;
import javax.servlet.http.HttpServlet;
import javax.servlet.http.HttpServletRequest;
import javax.servlet.http.HttpServletResponse;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardContextSelect;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletName;
import org.osgi.service.http.whiteboard.propertytypes.HttpWhiteboardServletPattern;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

import be.imio.platform.api.WebContexts;
import be.imio.platform.repository.internal.RepositoryTexts;
import be.imio.platform.repository.internal.release.ReleaseRefused;
import be.imio.platform.trust.MetadataException;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * {@code PUT /repository/maven/-/roles/ACCOUNT}: the role a publisher signed for its own files
 * (targets metadata, canonical JSON, as hosts read it), sent by the publisher's account itself
 * after {@code mvn deploy} uploaded the files. Answers 200 {@code {"role": ..., "version": N}} once
 * published; see {@link PublisherRoles} for what is refused. The published role is read at
 * {@code /repository/metadata/publisher-ACCOUNT.json}.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.PUBLISH + ")"))
@HttpWhiteboardServletName("imio.repository.publisher-roles")
@HttpWhiteboardServletPattern("/-/roles/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.PUBLISH + ")")
public final class PublisherRoleServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient PublisherRoles roles;

    @Activate
    public PublisherRoleServlet(@Reference PublisherRoles roles) {
        this.roles = roles;
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String account = request.getPathInfo() == null ? "" : request.getPathInfo().substring(1);
        if (!account.equals(request.getRemoteUser())) {
            RepositoryTexts.refuse(request, response, 403, "not_your_role", "release.role-signature",
                    "only " + request.getRemoteUser() + " sends its own role");
            return;
        }
        byte[] bytes = request.getInputStream().readNBytes(PublisherRoles.MAX_BYTES + 1);
        try {
            long version = roles.accept(account, bytes, (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            send(response, 200, JsonNodeFactory.instance.objectNode().put("role", "publisher-" + account)
                    .put("version", version));
        } catch (ReleaseRefused refused) {
            RepositoryTexts.refuse(request, response, refused.status(), refused.code(), refused.reason());
        } catch (SQLException | MetadataException e) {
            RepositoryTexts.refuse(request, response, 503, "unavailable", "release.cannot_sign", e.getMessage());
        }
    }
}
