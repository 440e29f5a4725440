package be.imio.platform.repository.internal.audit;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

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

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import be.imio.platform.api.WebContexts;
import be.imio.platform.repository.internal.RepositoryDatabase;

/**
 * The audit log over REST, {@code GET /api/repository/audit} (logged-in staff): newest first,
 * {@code ?action=revoke&actor=admin&subject=courrier&before=ID&limit=100} (each optional;
 * {@code limit} 1 to 500, 100 by default; {@code before} pages back from the last id read):
 *
 * <pre>{@code
 * {"entries": [{"id": 42, "at": "2026-12-01T10:00:00Z", "actor": "admin", "address": "192.0.2.7",
 *  "action": "revoke", "subject": "be.imio.solutions:courrier:1.0.0", "outcome": "done", "detail": "..."}],
 *  "next": 41}
 * }</pre>
 *
 * {@code next} is the {@code before} of the following page, null on the last one. A parameter of
 * the wrong shape is answered 400 {@code bad_query}.
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context",
        service = be.imio.platform.web.whiteboard.LiveContext.class,
        target = "(" + be.imio.platform.web.whiteboard.LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.audit")
@HttpWhiteboardServletPattern("/repository/audit")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class AuditApi extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient AuditLog log;

    @Activate
    public AuditApi(@Reference RepositoryDatabase database) {
        this.log = database.audit();
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        AuditLog.Query query = query(request);
        if (query == null) {
            refuse(request, response, 400, "bad_query", "audit.bad-query", AuditLog.MAX_LIMIT);
            return;
        }
        try {
            ObjectNode body = JsonNodeFactory.instance.objectNode();
            ArrayNode list = body.putArray("entries");
            var entries = log.read(query);
            for (AuditLog.Entry entry : entries) {
                list.addObject().put("id", entry.id()).put("at", entry.at() == null ? null : entry.at().toString())
                        .put("actor", entry.actor()).put("address", entry.address()).put("action", entry.action())
                        .put("subject", entry.subject()).put("outcome", entry.outcome()).put("detail", entry.detail());
            }
            if (entries.size() == query.limit()) {
                body.put("next", entries.get(entries.size() - 1).id());
            } else {
                body.putNull("next");
            }
            send(response, 200, body);
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
        }
    }

    /** The query a request asks for; null when a parameter is of the wrong shape. */
    static AuditLog.Query query(HttpServletRequest request) {
        String limit = request.getParameter("limit");
        String before = request.getParameter("before");
        String action = request.getParameter("action");
        String actor = request.getParameter("actor");
        String subject = request.getParameter("subject");
        if (limit != null && !limit.matches("\\d{1,3}") || before != null && !before.matches("\\d{1,18}")
                || action != null && !action.matches("[a-z-]{0,40}") || actor != null && actor.length() > 100
                || subject != null && subject.length() > 200) {
            return null;
        }
        int size = limit == null ? 100 : Integer.parseInt(limit);
        if (size < 1 || size > AuditLog.MAX_LIMIT) {
            return null;
        }
        return new AuditLog.Query(action, actor, subject, before == null ? null : Long.parseLong(before), size);
    }
}
