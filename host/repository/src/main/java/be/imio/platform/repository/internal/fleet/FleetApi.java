package be.imio.platform.repository.internal.fleet;

import static be.imio.platform.api.json.JsonAnswers.send;
import static be.imio.platform.repository.internal.RepositoryTexts.refuse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.List;

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

import be.imio.platform.api.WebContexts;
import be.imio.platform.repository.internal.RepositoryDatabase;
import be.imio.platform.repository.internal.release.ReleaseDesk;
import be.imio.platform.web.whiteboard.LiveContext;

/**
 * {@code GET /api/repository/fleet} (logged-in staff): the fleet's per-module summary and the hosts
 * a {@link FleetQuery} keeps, as JSON ({@link FleetExport#json}); with {@code format=csv}, the
 * hosts as CSV, comma-separated, headed by the column ids ({@link FleetExport#COLUMNS}).
 */
// Registered only once its context is live: see LiveContext.
@Component(service = Servlet.class, reference = @Reference(name = "context", service = LiveContext.class,
        target = "(" + LiveContext.NAME + "=" + WebContexts.API + ")"))
@HttpWhiteboardServletName("imio.repository.fleet")
@HttpWhiteboardServletPattern("/repository/fleet")
@HttpWhiteboardContextSelect("(osgi.http.whiteboard.context.name=" + WebContexts.API + ")")
public final class FleetApi extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private final transient FleetReader fleet;

    @Activate
    public FleetApi(@Reference RepositoryDatabase database, @Reference ReleaseDesk desk) {
        this.fleet = new FleetReader(database.hosts(), desk.ledger(), database.required(), database.rollouts()::published);
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Fleet now;
        try {
            now = fleet.now();
        } catch (SQLException e) {
            refuse(request, response, 503, "unavailable", "problem.database-unavailable");
            return;
        }
        List<Fleet.HostRow> rows = FleetQuery.of(request.getParameterMap()).apply(now);
        if ("csv".equals(request.getParameter("format"))) {
            byte[] csv = FleetExport.csv(rows, column -> column, HostKind::id, ',').getBytes(StandardCharsets.UTF_8);
            response.setStatus(200);
            response.setContentType("text/csv; charset=UTF-8; header=present");
            response.setHeader("Content-Disposition", "attachment; filename=\"fleet.csv\"");
            response.setContentLength(csv.length);
            response.getOutputStream().write(csv);
            return;
        }
        send(response, 200, FleetExport.json(now, rows));
    }
}
