package be.imio.platform.repository.internal.release;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.sql.SQLException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;
import be.imio.platform.repository.internal.Reasons;

import be.imio.platform.trust.MetadataException;
import be.imio.platform.api.json.Json;
import be.imio.platform.api.json.JsonAnswers;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * REST for iMio's release managers, under {@code /api/repository/releases} (logged-in staff):
 * <ul>
 * <li>{@code GET} lists every release with its channel and revocation;</li>
 * <li>{@code POST .../<group>:<artifact>:<version>/promote} moves a version to {@code stable};</li>
 * <li>{@code POST .../<group>:<artifact>:<version>/revoke} with {@code {"reason": "..."}} revokes it.</li>
 * </ul>
 * Changes need the {@code admin} role and a JSON body; each is audited and signed into new metadata.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.releases")
@HttpWhiteboardServletPattern("/repository/releases/*")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class ReleasesApi extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Pattern ACT = Pattern.compile("/([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+):([A-Za-z0-9_.-]+)/(promote|revoke)");

    private final transient ReleaseDesk desk;

    @Activate
    public ReleasesApi(@Reference ReleaseDesk desk) {
        this.desk = desk;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        ArrayNode list = JsonNodeFactory.instance.arrayNode();
        try {
            List<Release> all = desk.ledger().all();
            java.util.Map<String, String> signatures = desk.signed().signatures(all);
            for (Release release : all) {
                ObjectNode item = list.addObject();
                item.put("signature", signatures.get(release.path()));
                item.put("path", release.path()).put("groupId", release.groupId()).put("artifactId", release.artifactId())
                        .put("version", release.version()).put("channel", release.channel())
                        .put("sha256", release.sha256()).put("length", release.length())
                        .put("releasedBy", release.releasedBy()).put("releasedAt", release.releasedAt().toString());
                if (release.revokedAt() != null) {
                    item.put("revokedReason", release.revokedReason()).put("revokedAt", release.revokedAt().toString());
                }
            }
        } catch (SQLException | be.imio.platform.trust.MetadataException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
            return;
        }
        send(response, 200, JsonNodeFactory.instance.objectNode().set("releases", list));
    }

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Matcher act = ACT.matcher(request.getPathInfo() == null ? "" : request.getPathInfo());
        if (!act.matches()) {
            refuse(request, response, 404, "not_found", "problem.release-action");
            return;
        }
        JsonNode body = JsonAnswers.adminChange(request, response, 16 * 1024);
        if (body == null) {
            return;
        }
        String actor = request.getRemoteUser();
        try {
            boolean changed;
            if (act.group(4).equals("promote")) {
                changed = desk.signed().promote(act.group(1), act.group(2), act.group(3), actor,
                        (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            } else {
                String reason = body.path("reason").asText("").strip();
                if (Reasons.of(reason) == null) {
                    refuse(request, response, 400, "reason_required", "problem.revocation-reason");
                    return;
                }
                changed = desk.signed().revoke(act.group(1), act.group(2), act.group(3), reason, actor,
                        (String) request.getAttribute(WebContexts.CLIENT_ADDRESS));
            }
            if (!changed) {
                refuse(request, response, 409, "no_change", "problem.no-change");
                return;
            }
            send(response, 200, JsonNodeFactory.instance.objectNode().put("done", act.group(4)));
        } catch (SQLException | MetadataException e) {
            refuse(request, response, 503, "unavailable", "problem.cannot-now", e.getMessage());
        }
    }
}
